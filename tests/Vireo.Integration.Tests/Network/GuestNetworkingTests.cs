using System.Text.RegularExpressions;

namespace Vireo.Integration.Tests.Network;

/// <summary>
/// Two real TCG guests on vireod's `default` network, driven by the real virsh: DHCP leases from the network's
/// dnsmasq, visible in net-dhcp-leases and domifaddr; guest-to-guest traffic over the bridge; and NAT to the
/// outside, where the guest's address is hidden behind vireod's side of the upstream link.
/// </summary>
[Trait("Category", "Integration")]
public sealed class GuestNetworkingTests(TwoGuestsOnDefault g) : IClassFixture<TwoGuestsOnDefault>
{
    [NetnsVireodFact]
    public void LeasesAreInTheDefaultSubnetAndListedByNetDhcpLeasesAndDomifaddr()
    {
        Assert.NotEqual(g.Ips[0], g.Ips[1]);
        var leases = g.D.Virsh("net-dhcp-leases", "default");
        Assert.True(leases.Succeeded, leases.ToString());
        for (int i = 0; i < 2; i++)
        {
            Assert.StartsWith("192.168.122.", g.Ips[i]);
            Assert.Matches($@"\s{Regex.Escape(TwoGuestsOnDefault.Macs[i])}\s+ipv4\s+{Regex.Escape(g.Ips[i])}/24\s+{TwoGuestsOnDefault.Names[i]}\s", leases.Stdout);
            var addr = g.D.Virsh("domifaddr", TwoGuestsOnDefault.Names[i], "--source", "lease");
            Assert.True(addr.Succeeded, addr.ToString());
            Assert.Matches($@"vnet\d+\s+{Regex.Escape(TwoGuestsOnDefault.Macs[i])}\s+ipv4\s+{Regex.Escape(g.Ips[i])}/24", addr.Stdout);
        }
    }

    [NetnsVireodFact]
    public void GuestsPingEachOtherAndTheBridge()
    {
        Assert.Contains("rc=0", g.InGuest(0, $"ping -c 3 -W 2 {g.Ips[1]}; echo rc=$?"));
        Assert.Contains("rc=0", g.InGuest(1, $"ping -c 3 -W 2 {g.Ips[0]}; echo rc=$?"));
        Assert.Contains("rc=0", g.InGuest(0, "ping -c 1 -W 2 192.168.122.1; echo rc=$?"));
        // The peer's MAC is what the guest learnt for its address: the traffic really went guest to guest.
        Assert.Contains(TwoGuestsOnDefault.Macs[1], g.InGuest(0, "ip neigh show"));
    }

    [NetnsVireodFact]
    public void OutsideSeesTheHostsUplinkAddressNotTheGuests()
    {
        for (int i = 0; i < 2; i++)
            Assert.Equal("10.99.0.1", g.SourceSeenOutside(i));
    }

    [NetnsVireodFact]
    public void OutsideCannotReachAGuestDirectly()
    {
        // NAT is one way: a route to the guest subnet through vireod's side still finds the forward chain closed.
        var ping = Infrastructure.ProcessRunner.Run("ip", ["netns", "exec", g.Outside, "sh", "-c",
            "ip route replace 192.168.122.0/24 via 10.99.0.1; busybox ping -c 2 -W 1 " + g.Ips[0] + "; echo rc=$?"]);
        Assert.Contains("rc=1", ping.Stdout);
    }
}
