using System.Collections;
using System.Reflection;
using Vireo.Protocol.Remote;
using Vireo.Protocol.Xdr;

namespace Vireo.Protocol.Tests.Messages;

/// <summary>One message value plus a way to decode its type from bytes (the static abstract Decode needs a generic call).</summary>
public sealed record MessageCase(IXdrEncodable Value, Func<byte[], object> Decode)
{
    public static MessageCase Of<T>(T value) where T : IXdrMessage<T> => new(value, bytes => XdrCodec.Decode<T>(bytes)!);
}

internal static class Kit
{
    public static readonly Guid TestUuid = Guid.Parse("6695eb01-f6a4-8304-79aa-97f2502e193f");
    public static readonly RemoteNonnullDomain TestDom = new("test", TestUuid, 1);
    public static readonly RemoteNonnullDomain TestDomInactive = new("test", TestUuid, -1);
    public static readonly RemoteNonnullNetwork DefaultNet = new("default", Guid.Parse("dd8fe884-6c02-601e-7551-cca97df1c5df"));
    public static readonly RemoteNonnullStoragePool Pool = new("lvd", Guid.Parse("8377dc4c-ea92-4127-b591-c2c0f70403f4"));
    public static readonly RemoteNonnullStorageVol Vol = new("p1", "v1.raw", "/tmp/lvd/pool/v1.raw");

    /// <summary>Hex of the test domain handle {name "test", uuid, id}.</summary>
    public const string TestDomHex = "00000004" + "74657374" + "6695eb01f6a4830479aa97f2502e193f";

    public static byte[] Bytes(string hex) => Convert.FromHexString(hex.Replace(" ", "").Replace("|", ""));
    public static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes).ToLowerInvariant();
    public static byte[] Encode(IXdrEncodable v) => XdrCodec.Encode(v);

    /// <summary>Asserts the exact wire bytes of <paramref name="value"/> and that those bytes decode back to an equal value.</summary>
    public static void AssertWire<T>(T value, string hex) where T : IXdrMessage<T>
    {
        var expected = Bytes(hex);
        Assert.Equal(Hex(expected), Hex(Encode(value)));
        AssertDeepEqual(value, XdrCodec.Decode<T>(expected));
    }

    /// <summary>Decodes a libvirt payload, re-encodes it and requires identical bytes.</summary>
    public static T DecodeExact<T>(string hex) where T : IXdrMessage<T>
    {
        var bytes = Bytes(hex);
        var v = XdrCodec.Decode<T>(bytes);
        Assert.Equal(Hex(bytes), Hex(Encode(v)));
        return v;
    }

    /// <summary>Structural equality: records property by property, arrays and lists element by element.</summary>
    [System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "Test code, never trimmed.")]
    public static void AssertDeepEqual(object? expected, object? actual, string path = "$")
    {
        if (expected is null || actual is null)
        {
            Assert.True(expected is null && actual is null, $"{path}: {expected ?? "null"} vs {actual ?? "null"}");
            return;
        }
        Assert.True(expected.GetType() == actual.GetType(), $"{path}: type {expected.GetType()} vs {actual.GetType()}");
        var type = expected.GetType();
        if (type.IsPrimitive || type.IsEnum || expected is string or Guid or decimal)
        {
            Assert.True(expected.Equals(actual), $"{path}: {expected} vs {actual}");
            return;
        }
        if (expected is IList le && actual is IList la)
        {
            Assert.True(le.Count == la.Count, $"{path}: {le.Count} vs {la.Count} elements");
            for (int i = 0; i < le.Count; i++) AssertDeepEqual(le[i], la[i], $"{path}[{i}]");
            return;
        }
        foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (p.GetIndexParameters().Length != 0) continue;
            AssertDeepEqual(p.GetValue(expected), p.GetValue(actual), $"{path}.{p.Name}");
        }
    }

    public static XdrException DecodeFails(MessageCase c, byte[] bytes) => Assert.Throws<XdrException>(() => c.Decode(bytes));

    public static TypedParameter[] SampleParams() =>
    [
        TypedParameter.Int("i", -5),
        TypedParameter.UInt("ui", 4000000000),
        TypedParameter.LLong("l", long.MinValue),
        TypedParameter.ULLong("ul", ulong.MaxValue),
        TypedParameter.Dbl("d", 1.5),
        TypedParameter.Bool("b", true),
        TypedParameter.Str("s", "hello"),
    ];
}
