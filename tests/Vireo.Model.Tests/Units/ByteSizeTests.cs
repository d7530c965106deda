using Vireo.Model.Units;
using Vireo.Model.Xml;

namespace Vireo.Model.Tests.Units;

public class ByteSizeTests
{
    [Theory]
    [InlineData("1024", 1UL, 1024UL)]
    [InlineData("1024", 1024UL, 1048576UL)]
    [InlineData("512M", 1UL, 536870912UL)]
    [InlineData("2GiB", 1UL, 2147483648UL)]
    [InlineData("1G", 1024UL, 1073741824UL)]
    [InlineData("1KB", 1UL, 1000UL)]
    [InlineData("1kb", 1UL, 1000UL)]
    [InlineData("1k", 1UL, 1024UL)]
    [InlineData("3MB", 1UL, 3000000UL)]
    [InlineData("7b", 1024UL, 7UL)]
    [InlineData("7bytes", 1024UL, 7UL)]
    [InlineData("1TiB", 1UL, 1099511627776UL)]
    [InlineData("1T", 1UL, 1099511627776UL)]
    [InlineData("1PB", 1UL, 1000000000000000UL)]
    [InlineData("2E", 1UL, 2305843009213693952UL)]
    public void ParsesLibvirtScaledIntegers(string text, ulong defaultScale, ulong bytes) =>
        Assert.Equal(bytes, ByteSize.Parse(text, defaultScale));

    [Fact]
    public void BareNumberForMemoryIsKiBAndRoundsUp()
    {
        Assert.Equal(1048576UL, ByteSize.ParseToKiB("1G"));
        Assert.Equal(2048UL, ByteSize.ParseToKiB("2048"));
        Assert.Equal(977UL, ByteSize.ParseToKiB("1000000b"));
    }

    [Fact]
    public void UnknownSuffixIsInvalidArgument()
    {
        var ex = Assert.Throws<XmlModelException>(() => ByteSize.Parse("5zz"));
        Assert.Equal(XmlModelException.InvalidArg, ex.Code);
        Assert.Equal("invalid argument: unknown suffix 'zz'", ex.Message);
    }

    [Fact]
    public void OverflowIsReportedLikeLibvirt()
    {
        var ex = Assert.Throws<XmlModelException>(() => ByteSize.Parse("9000000TiB"));
        Assert.Equal(XmlModelException.Overflow, ex.Code);
        Assert.Equal("numerical overflow: value too large: 9000000TiB", ex.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-1")]
    [InlineData("M")]
    [InlineData("1.5G")]
    public void GarbageIsRefused(string text) => Assert.False(ByteSize.TryParse(text, 1, out _, out _));

    [Theory]
    [InlineData(0UL, "0.00 B")]
    [InlineData(512UL, "512.00 B")]
    [InlineData(1073741824UL, "1.00 GiB")]
    [InlineData(10485760UL, "10.00 MiB")]
    [InlineData(107374182400UL, "100.00 GiB")]
    public void FormatsLikeVirsh(ulong bytes, string text) => Assert.Equal(text, ByteSize.FormatHuman(bytes));
}
