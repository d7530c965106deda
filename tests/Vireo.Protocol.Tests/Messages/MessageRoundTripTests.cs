using Vireo.Protocol.Remote.Messages;
using Vireo.Protocol.Xdr;
using static Vireo.Protocol.Tests.Messages.Kit;

namespace Vireo.Protocol.Tests.Messages;

/// <summary>Generic checks applied to every message record of the catalog.</summary>
public class MessageRoundTripTests
{
    public static TheoryData<string> Names() => MessageCatalog.Names();

    [Theory]
    [MemberData(nameof(Names))]
    public void EncodeThenDecodeGivesAnEqualValueAndTheSameBytes(string name)
    {
        var c = MessageCatalog.Cases[name];
        var bytes = Encode(c.Value);
        Assert.Equal(0, bytes.Length % 4);
        var decoded = c.Decode(bytes);
        AssertDeepEqual(c.Value, decoded);
        Assert.Equal(Hex(bytes), Hex(Encode((IXdrEncodable)decoded)));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void EveryTruncationIsRejected(string name)
    {
        var c = MessageCatalog.Cases[name];
        var bytes = Encode(c.Value);
        for (int len = 0; len < bytes.Length; len++)
            DecodeFails(c, bytes[..len]);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void TrailingBytesAreRejected(string name)
    {
        var c = MessageCatalog.Cases[name];
        DecodeFails(c, [.. Encode(c.Value), 0, 0, 0, 0]);
    }

    [Fact]
    [System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Test code, never trimmed.")]
    public void EveryMessageRecordIsInTheCatalog()
    {
        var missing = typeof(DomainRet).Assembly.GetTypes()
            .Where(t => t.IsPublic && t.Namespace == typeof(DomainRet).Namespace && typeof(IXdrEncodable).IsAssignableFrom(t))
            .Select(t => t.Name)
            .Where(n => !MessageCatalog.Cases.ContainsKey(n))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Empty(missing);
    }
}
