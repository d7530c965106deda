using Vireo.Model.Identity;
using Vireo.Model.Xml;

namespace Vireo.Model.Tests.Identity;

public class MacAddressTests
{
    [Theory]
    [InlineData("52:54:00:AB:cd:EF", "52:54:00:ab:cd:ef")]
    [InlineData("0:1:2:3:4:5", "00:01:02:03:04:05")]
    [InlineData("aa:bb:cc:dd:ee:ff", "aa:bb:cc:dd:ee:ff")]
    public void ParsesAndFormatsLowercase(string text, string formatted) => Assert.Equal(formatted, MacAddress.Parse(text).ToString());

    [Theory]
    [InlineData("zz:11")]
    [InlineData("52-54-00-ab-cd-ef")]
    [InlineData("52:54:00:ab:cd")]
    [InlineData("52:54:00:ab:cd:ef:01")]
    [InlineData("525:54:00:ab:cd:ef")]
    [InlineData("52:54:00:ab:cd:ef ")]
    public void RefusesMalformed(string text) => Assert.False(MacAddress.TryParse(text, out _));

    [Fact]
    public void MulticastIsRefusedForGuestNics()
    {
        Assert.True(MacAddress.Parse("01:00:5e:00:00:01").IsMulticast);
        var ex = Assert.Throws<XmlModelException>(() => MacAddress.ParseUnicast("01:00:00:00:00:01"));
        Assert.Equal("XML error: expected unicast mac address, found multicast '01:00:00:00:00:01'", ex.Message);
    }

    [Fact]
    public void GeneratesQemuPrefixedUnicast()
    {
        var mac = MacAddress.GenerateQemu();
        Assert.StartsWith("52:54:00:", mac.ToString(), StringComparison.Ordinal);
        Assert.False(mac.IsMulticast);
        Assert.Equal(mac, new MacAddress(mac.GetBytes()));
    }
}
