using Vireo.Network.Tests.Support;

namespace Vireo.Network.Tests;

/// <summary>Isolated and routed networks: what a guest can reach and what the outside sees.</summary>
public class ForwardModeTests
{
    [NetnsFact]
    public async Task IsolatedDoesNotReachOutsideAndRoutedShowsTheGuestsAddress()
    {
        using var host = new NetworkHost();
        var driver = await host.StartDriverAsync(autostart: false);
        var iso = await driver.CreateXmlAsync("""
            <network>
              <name>isolated</name>
              <bridge name='vbriso'/>
              <ip address='192.168.150.1' netmask='255.255.255.0'>
                <dhcp><range start='192.168.150.10' end='192.168.150.20'/></dhcp>
              </ip>
            </network>
            """, 0);
        var routed = await driver.CreateXmlAsync("""
            <network>
              <name>routed</name>
              <forward mode='route'/>
              <bridge name='vbrrt'/>
              <ip address='192.168.160.1' prefix='24'>
                <dhcp><range start='192.168.160.10' end='192.168.160.20'/></dhcp>
              </ip>
            </network>
            """, 0);
        // The outside knows the routed subnet lives behind this host.
        host.Outside.Run("ip", "route", "add", "192.168.160.0/24", "via", "10.99.0.1");

        var i1 = host.Guest("vbriso", "52:54:00:00:01:01");
        var i2 = host.Guest("vbriso", "52:54:00:00:01:02");
        var r1 = host.Guest("vbrrt", "52:54:00:00:02:01");
        Assert.Equal(0, i1.Dhcp().Code);
        Assert.Equal(0, i2.Dhcp().Code);
        Assert.Equal(0, r1.Dhcp().Code);

        Assert.Equal(0, i1.Ns.TryRun("busybox", "ping", "-c", "1", "-W", "3", i2.Address()!).Code);
        Assert.NotEqual(0, i1.Ns.TryRun("busybox", "ping", "-c", "1", "-W", "2", "10.99.0.2").Code);
        Assert.Null(await host.SourceSeenOutsideAsync(i1.Ns));

        Assert.Equal(r1.Address(), await host.SourceSeenOutsideAsync(r1.Ns));

        await driver.DestroyAsync(iso);
        await driver.DestroyAsync(routed);
        // Transient networks vanish when destroyed; only the (inactive) default is left.
        Assert.Equal(["default"], (await driver.ListAllNetworksAsync(0)).Select(n => n.Name));
        Assert.Equal((0, 0, 0), host.Count("vbriso"));
    }
}
