using Vireo.Drivers.Networks;
using Vireo.Network.Tests.Support;

namespace Vireo.Network.Tests;

/// <summary>The `default` NAT network with real plumbing inside a namespace: leases, guest to guest, NAT, teardown.</summary>
public class DefaultNetworkTests
{
    [NetnsFact]
    public async Task TwoGuestsGetLeasesReachEachOtherAndLeaveThroughNat()
    {
        using var host = new NetworkHost();
        var driver = await host.StartDriverAsync();

        var net = await driver.LookupByNameAsync("default");
        Assert.True(await driver.IsActiveAsync(net), string.Join("\n", host.Log));
        Assert.True(await driver.GetAutostartAsync(net));
        Assert.True(File.Exists(Path.Combine(host.Paths.ConfigDir, "autostart", "default.xml")));
        Assert.Contains("inet 192.168.122.1/24", host.Ns.Run("ip", "-o", "addr", "show", "dev", "virbr0"));
        Assert.Equal((1, 1, 1), host.Count("virbr0"));
        Assert.Equal("1", host.Ns.Run("sysctl", "-n", "net.ipv4.ip_forward").Trim());

        var g1 = host.Guest("virbr0", "52:54:00:00:00:11");
        var g2 = host.Guest("virbr0", "52:54:00:00:00:22");
        Assert.Equal(0, g1.Dhcp().Code);
        Assert.Equal(0, g2.Dhcp().Code);
        var a1 = g1.Address();
        var a2 = g2.Address();
        Assert.StartsWith("192.168.122.", a1);
        Assert.StartsWith("192.168.122.", a2);
        Assert.NotEqual(a1, a2);

        IReadOnlyList<DhcpLease> leases = [];
        Assert.True(await PollDeadline.UntilAsync(async () => (leases = await driver.GetDhcpLeasesAsync(net, null, 0)).Count == 2, TimeSpan.FromSeconds(10)),
            "both leases should appear in net-dhcp-leases");
        Assert.Contains(leases, l => l.Mac == "52:54:00:00:00:11" && l.IpAddr == a1 && l.Prefix == 24 && l.Iface == "virbr0");
        Assert.Single(await driver.GetDhcpLeasesAsync(net, "52:54:00:00:00:22", 0), l => l.IpAddr == a2);

        Assert.Equal(0, g1.Ns.TryRun("busybox", "ping", "-c", "1", "-W", "3", a2!).Code);
        // NAT: the outside sees the host's upstream address, not the guest's.
        Assert.Equal("10.99.0.1", await host.SourceSeenOutsideAsync(g1.Ns));

        await driver.DestroyAsync(net);
        Assert.False(await driver.IsActiveAsync(net));
        Assert.Equal((0, 0, 0), host.Count("virbr0"));
        Assert.False(File.Exists(Path.Combine(host.Paths.StateDir, "default.xml")));
    }

    [NetnsFact]
    public async Task LiveDhcpHostUpdateReachesDnsmasqAndTheGuestGetsItsFixedAddress()
    {
        using var host = new NetworkHost();
        var driver = await host.StartDriverAsync();
        var net = await driver.LookupByNameAsync("default");
        await driver.UpdateAsync(net, NetworkUpdate.CommandAddLast, NetworkUpdate.SectionIpDhcpHost, -1,
            "<host mac='52:54:00:00:00:77' name='fixed' ip='192.168.122.77'/>", NetworkUpdate.UpdateLive | NetworkUpdate.UpdateConfig);
        Assert.Contains("ip='192.168.122.77'", await driver.GetXmlDescAsync(net, 0));
        Assert.Contains("ip='192.168.122.77'", File.ReadAllText(Path.Combine(host.Paths.ConfigDir, "default.xml")));

        var g = host.Guest("virbr0", "52:54:00:00:00:77");
        Assert.Equal(0, g.Dhcp().Code);
        Assert.Equal("192.168.122.77", g.Address());
    }
}
