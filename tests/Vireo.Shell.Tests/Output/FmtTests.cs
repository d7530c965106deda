using Vireo.Protocol.Remote;
using Vireo.Shell.Output;

namespace Vireo.Shell.Tests.Output;

public class FmtTests
{
    [Theory]
    [InlineData(0UL, 0.0, "B")]
    [InlineData(1023UL, 1023.0, "B")]
    [InlineData(1024UL, 1.0, "KiB")]
    [InlineData(107374182400UL, 100.0, "GiB")]
    [InlineData(1536UL * 1024 * 1024, 1.5, "GiB")]
    public void PrettyCapacity(ulong bytes, double value, string unit) => Assert.Equal((value, unit), Fmt.PrettyCapacity(bytes));

    [Theory]
    [InlineData(1795637114.7499, 1, "1795637114.7")]
    [InlineData(0.25, 1, "0.2")]
    [InlineData(0.35, 1, "0.3")]
    [InlineData(100.0, 2, "100.00")]
    public void FixedRoundsLikeGlibc(double v, int decimals, string text) => Assert.Equal(text, Fmt.Fixed(v, decimals));

    [Fact]
    public void Bitmaps()
    {
        Assert.Equal("0-3", Fmt.BitmapRanges([0x0f]));
        Assert.Equal("0,2,4-7,9", Fmt.BitmapRanges([0xf5, 0x02]));
        Assert.Equal("", Fmt.BitmapRanges([0]));
    }

    [Fact]
    public void TypedParametersPrintAsVirsh()
    {
        Assert.Equal("-5", Fmt.Param(TypedParameter.Int("a", -5)));
        Assert.Equal("4294967295", Fmt.Param(TypedParameter.UInt("a", uint.MaxValue)));
        Assert.Equal("18446744073709551615", Fmt.Param(TypedParameter.ULLong("a", ulong.MaxValue)));
        Assert.Equal("1.500000", Fmt.Param(TypedParameter.Dbl("a", 1.5)));
        Assert.Equal("yes", Fmt.Param(TypedParameter.Bool("a", true)));
        Assert.Equal("x", Fmt.Param(TypedParameter.Str("a", "x")));
    }

    [Fact]
    public void PaddingNeverTruncates()
    {
        Assert.Equal("Id:            ", Fmt.Left("Id:", 15));
        Assert.Equal("Security label:x", Fmt.Left("Security label:", 15) + "x");
        Assert.Equal("averyveryverylongkey", Fmt.Left("averyveryverylongkey", 15));
    }
}
