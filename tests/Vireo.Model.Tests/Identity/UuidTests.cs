using Vireo.Model.Identity;

namespace Vireo.Model.Tests.Identity;

public class UuidTests
{
    [Theory]
    [InlineData("6695eb01-f6a4-8304-79aa-97f2502e193f")]
    [InlineData("6695eb01f6a4830479aa97f2502e193f")]
    [InlineData("6695EB01F6A4830479AA97F2502E193F")]
    [InlineData("  6695eb01-f6a4-8304-79aa-97f2502e193f\n")]
    [InlineData("6695-eb01-f6a4-8304-79aa-97f2-502e-193f")]
    public void ParsesWhatLibvirtAccepts(string text)
    {
        Assert.True(Uuid.TryParse(text, out var g));
        Assert.Equal("6695eb01-f6a4-8304-79aa-97f2502e193f", Uuid.Format(g));
    }

    [Theory]
    [InlineData("")]
    [InlineData("1234-zz")]
    [InlineData("6695eb01-f6a4-8304-79aa-97f2502e193")]
    [InlineData("6695eb01-f6a4-8304-79aa-97f2502e193f0")]
    public void RefusesMalformed(string text) => Assert.False(Uuid.TryParse(text, out _));

    [Fact]
    public void GeneratesRandomVersion4()
    {
        var a = Uuid.Generate();
        var b = Uuid.Generate();
        Assert.NotEqual(a, b);
        var bytes = Uuid.ToBytes(a);
        Assert.Equal(0x40, bytes[6] & 0xF0);
        Assert.Equal(0x80, bytes[8] & 0xC0);
        Assert.Equal(a, Uuid.FromBytes(bytes));
    }

    [Fact]
    public void BytesAreInNetworkOrder() =>
        Assert.Equal(new byte[] { 0x66, 0x95, 0xeb, 0x01, 0xf6, 0xa4, 0x83, 0x04, 0x79, 0xaa, 0x97, 0xf2, 0x50, 0x2e, 0x19, 0x3f },
            Uuid.ToBytes(Uuid.Parse("6695eb01-f6a4-8304-79aa-97f2502e193f")));
}
