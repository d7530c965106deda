using Vireo.Protocol.Errors;
using Vireo.Network.Tests.Support;

namespace Vireo.Network.Tests;

/// <summary>Bad IPv6 addresses in a network: libvirt's parse errors, no config written, no bridge made.</summary>
public class Ipv6BadInputTests
{
    [NetnsFact]
    public async Task BadIpv6AddressesAreRefusedAndNothingIsCreated()
    {
        using var host = new NetworkHost();
        var driver = await host.StartDriverAsync(autostart: false);
        (string Ip, string Message)[] cases =
        [
            ("<ip family='ipv6' address='fd00:5::1' prefix='129'/>", "XML error: Invalid IPv6 prefix '129' in network 'bad6'"),
            ("<ip address='fd00:5::1' prefix='64'/>", "unsupported configuration: no family specified for non-IPv4 address 'fd00:5::1' in network 'bad6'"),
            ("<ip family='ipv6' address='192.168.5.1' prefix='24'/>", "unsupported configuration: family 'ipv6' specified for non-IPv6 address '192.168.5.1' in network 'bad6'"),
            ("<ip family='ipv6' address='fd00:5::1' netmask='255.255.255.0'/>", "XML error: netmask not supported for address 'fd00:5::1' in network 'bad6' (IPv4 only)"),
            ("<ip family='ipv6' address='fd00:5::1' prefix='64'><dhcp><range start='fd00:6::10' end='fd00:6::20'/></dhcp></ip>",
                "internal error: range fd00:6::10 - fd00:6::20 is not entirely within network fd00:5::1/64"),
        ];
        foreach (var (ip, message) in cases)
        {
            var xml = $"<network><name>bad6</name><forward mode='nat'/><bridge name='vbrbad6'/>{ip}</network>";
            var e = await Assert.ThrowsAsync<LibvirtException>(() => driver.DefineXmlAsync(xml, 0));
            Assert.Equal(message, e.Message);
            e = await Assert.ThrowsAsync<LibvirtException>(() => driver.CreateXmlAsync(xml, 0));
            Assert.Equal(message, e.Message);
            Assert.False(File.Exists(Path.Combine(host.Paths.ConfigDir, "bad6.xml")));
            Assert.Equal((0, 0, 0), host.Count("vbrbad6"));
        }
        Assert.Equal(["default"], (await driver.ListAllNetworksAsync(0)).Select(n => n.Name));
    }
}
