using Vireo.Protocol.Errors;
using Vireo.Network.Tests.Support;

namespace Vireo.Network.Tests;

/// <summary>Bad network definitions: libvirt's errors, and nothing created on the host or on disk.</summary>
public class BadInputTests
{
    private static string Net(string name, string bridge, string ip, string extra = "") => $"""
        <network>
          <name>{name}</name>
          <forward mode='nat'/>
          <bridge name='{bridge}'/>{extra}
          <ip address='{ip}' netmask='255.255.255.0'>
            <dhcp><range start='{ip[..ip.LastIndexOf('.')]}.10' end='{ip[..ip.LastIndexOf('.')]}.20'/></dhcp>
          </ip>
        </network>
        """;

    [NetnsFact]
    public async Task BadNetworksAreRefusedWithLibvirtsMessagesAndLeaveNothingBehind()
    {
        using var host = new NetworkHost();
        var driver = await host.StartDriverAsync(); // default is running on virbr0, 192.168.122.0/24
        var linksBefore = host.Ns.Run("ip", "-o", "link", "show").Split('\n').Length;

        // Overlapping subnet with the running default network.
        var overlap = await driver.DefineXmlAsync(Net("overlap", "vbrov", "192.168.122.129"), 0);
        var e = await Assert.ThrowsAsync<LibvirtException>(() => driver.CreateAsync(overlap));
        Assert.Equal("internal error: Network is already in use by interface virbr0", e.Message);
        Assert.False(await driver.IsActiveAsync(overlap));

        // DHCP range outside the network.
        e = await Assert.ThrowsAsync<LibvirtException>(() => driver.DefineXmlAsync("""
            <network><name>range</name><bridge name='vbrrg'/>
              <ip address='192.168.170.1' netmask='255.255.255.0'><dhcp><range start='192.168.171.10' end='192.168.171.20'/></dhcp></ip>
            </network>
            """, 0));
        Assert.Equal("internal error: range 192.168.171.10 - 192.168.171.20 is not entirely within network 192.168.170.1/24", e.Message);
        Assert.False(File.Exists(Path.Combine(host.Paths.ConfigDir, "range.xml")));

        // Bridge name taken by a device that is not ours: refused, and the device is left alone.
        host.Ns.Run("ip", "link", "add", "taken0", "type", "veth", "peer", "name", "taken0p");
        var taken = await driver.DefineXmlAsync(Net("taken", "taken0", "192.168.180.1"), 0);
        e = await Assert.ThrowsAsync<LibvirtException>(() => driver.CreateAsync(taken));
        Assert.Equal("error creating bridge interface taken0: File exists", e.Message);
        Assert.Contains("veth", host.Ns.Run("ip", "-d", "-o", "link", "show", "dev", "taken0"));
        host.Ns.Run("ip", "link", "del", "taken0");

        // Bridge name of another network.
        e = await Assert.ThrowsAsync<LibvirtException>(() => driver.DefineXmlAsync(Net("dup", "virbr0", "192.168.190.1"), 0));
        Assert.Equal("internal error: bridge name 'virbr0' already in use.", e.Message);

        // Invalid MAC.
        e = await Assert.ThrowsAsync<LibvirtException>(() => driver.DefineXmlAsync(Net("badmac", "vbrmac", "192.168.200.1", "\n  <mac address='52:54:00:zz:00:01'/>"), 0));
        Assert.Equal(ErrorCode.XmlError, e.Code);
        Assert.Contains("Invalid bridge mac address '52:54:00:zz:00:01'", e.Message);
        Assert.False(File.Exists(Path.Combine(host.Paths.ConfigDir, "badmac.xml")));

        Assert.Equal(linksBefore, host.Ns.Run("ip", "-o", "link", "show").Split('\n').Length);
        Assert.Equal((1, 1, 1), host.Count("virbr0"));
        Assert.Equal(1, host.Ns.Run("nft", "list", "tables").Split('\n').Count(l => l.Contains("vireo_")));
    }
}
