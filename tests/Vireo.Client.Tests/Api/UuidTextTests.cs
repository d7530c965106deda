using Vireo.Client.Api;

namespace Vireo.Client.Tests.Api;

public class UuidTextTests
{
    [Theory]
    [InlineData("6695eb01-f6a4-8304-79aa-97f2502e193f")]
    [InlineData("6695eb01f6a4830479aa97f2502e193f")]
    [InlineData("  6695EB01-F6A4-8304-79AA-97F2502E193F  ")]
    [InlineData("66-95-eb-01-f6-a4-83-04-79-aa-97-f2-50-2e-19-3f")]
    public void ParsesAsLibvirtDoes(string text)
    {
        Assert.True(UuidText.TryParse(text, out var uuid));
        Assert.Equal("6695eb01-f6a4-8304-79aa-97f2502e193f", UuidText.Format(uuid));
    }

    [Theory]
    [InlineData("")]
    [InlineData("test")]
    [InlineData("6695eb01-f6a4-8304-79aa-97f2502e193")]
    [InlineData("6695eb01-f6a4-8304-79aa-97f2502e193fff")]
    [InlineData("-6695eb01-f6a4-8304-79aa-97f2502e193f")]
    public void RejectsOtherText(string text) => Assert.False(UuidText.TryParse(text, out _));
}
