using System.Diagnostics;
using Vireo.Network.Tests.Support;

namespace Vireo.Network.Tests;

/// <summary>
/// IPv6 on a nat network as libvirt runs it: the bridge has the IPv6 addresses, dnsmasq advertises the prefixes
/// (SLAAC on an address without DHCP, DHCPv6 plus router advertisements on the one with a range), IPv6 is routed
/// (never NATed) to the outside, and IPv6 forwarding is switched on in the daemon's namespace only.
/// </summary>
public class Ipv6NetworkTests
{
    [NetnsFact]
    public async Task GuestGetsSlaacAndDhcpv6AddressesAndReachesTheOutsideRouted()
    {
        using var host = new NetworkHost();
        var hostForwarding = File.ReadAllText("/proc/sys/net/ipv6/conf/all/forwarding").Trim();
        var driver = await host.StartDriverAsync(autostart: false);
        var net = await driver.CreateXmlAsync("""
            <network>
              <name>six</name>
              <forward mode='nat'/>
              <bridge name='vbr6'/>
              <ip address='192.168.170.1' prefix='24'>
                <dhcp><range start='192.168.170.10' end='192.168.170.20'/></dhcp>
              </ip>
              <ip family='ipv6' address='fd00:170::1' prefix='64'>
                <dhcp><range start='fd00:170::100' end='fd00:170::1ff'/></dhcp>
              </ip>
              <ip family='ipv6' address='fd00:171::1' prefix='64'/>
            </network>
            """, 0);

        var conf = File.ReadAllText(Path.Combine(host.Root, "run", "network", "six.conf"));
        Assert.Contains("dhcp-range=fd00:170::100,fd00:170::1ff,64\n", conf);
        Assert.Contains("dhcp-range=fd00:171::1,ra-only\n", conf);
        Assert.EndsWith("enable-ra\n", conf);
        var bridgeAddrs = host.Ns.Run("ip", "-6", "-o", "addr", "show", "dev", "vbr6", "scope", "global");
        Assert.Contains("fd00:170::1/64", bridgeAddrs);
        Assert.Contains("fd00:171::1/64", bridgeAddrs);
        Assert.Equal("1", host.Ns.Run("sysctl", "-n", "net.ipv6.conf.all.forwarding").Trim());
        Assert.Equal("0", host.Ns.Run("sysctl", "-n", "net.ipv6.conf.vbr6.accept_ra").Trim());
        // The daemon's namespace only: the host running the tests keeps its setting.
        Assert.Equal(hostForwarding, File.ReadAllText("/proc/sys/net/ipv6/conf/all/forwarding").Trim());

        // The outside: IPv6 on the uplink, and a route back to the network's subnets (routed, not NATed).
        var up = host.Ns.Run("ip", "-o", "link", "show", "type", "veth").Split('\n').Select(l => l.Split(':', 3)).Where(p => p.Length > 1)
            .Select(p => p[1].Trim().Split('@')[0]).Single(n => n.StartsWith("up", StringComparison.Ordinal));
        host.Ns.Run("ip", "addr", "add", "fd99::1/64", "dev", up, "nodad");
        host.Outside.Run("ip", "addr", "add", "fd99::2/64", "dev", "eth0", "nodad");
        host.Outside.Run("ip", "-6", "route", "add", "fd00:170::/64", "via", "fd99::1");
        host.Outside.Run("ip", "-6", "route", "add", "fd00:171::/64", "via", "fd99::1");

        var g = host.Guest("vbr6", "52:54:00:00:06:01");
        Assert.True(await Ipv6Guest.LinkLocalReadyAsync(g), "the guest's link-local address should finish DAD");
        // SLAAC from the router advertisements for fd00:171::/64 (address from the MAC: EUI-64).
        IReadOnlyList<string> addrs = [];
        Assert.True(await PollDeadline.UntilAsync(() => Task.FromResult((addrs = Ipv6Guest.Addresses(g)).Any(a => a.StartsWith("fd00:171::", StringComparison.Ordinal))),
            TimeSpan.FromSeconds(30)), "the guest should autoconfigure an address in fd00:171::/64; has: " + string.Join(", ", addrs));
        Assert.Contains("fd00:171::5054:ff:fe00:601", addrs);
        Assert.DoesNotContain(addrs, a => a.StartsWith("fd00:170::", StringComparison.Ordinal)); // managed prefix: DHCPv6 only

        var dir = Directory.CreateTempSubdirectory("vireo-dhcp6-").FullName;
        try
        {
            var r = Ipv6Guest.Dhcp6(g, dir);
            Assert.True(r.Code == 0, $"dhclient -6 failed ({r.Code}): {r.Err}");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
        var leased = Ipv6Guest.Addresses(g).Single(a => a.StartsWith("fd00:170::", StringComparison.Ordinal));
        var n = Convert.ToInt32(leased.Split(':')[^1], 16);
        Assert.InRange(n, 0x100, 0x1ff);

        // net-dhcp-leases: the IPv6 lease (type 1, prefix 64) with the MAC from the client's DUID.
        IReadOnlyList<Vireo.Drivers.Networks.DhcpLease> leases = [];
        Assert.True(await PollDeadline.UntilAsync(async () => (leases = await driver.GetDhcpLeasesAsync(net, null, 0)).Any(l => l.IpAddr == leased),
            TimeSpan.FromSeconds(10)), "the DHCPv6 lease should be listed");
        Assert.Contains(leases, l => l.IpAddr == leased && l.Type == 1 && l.Prefix == 64 && l.Mac == "52:54:00:00:06:01" && l.Iface == "vbr6");

        // Routed IPv6: the outside sees the guest's own address (SLAAC and DHCPv6 alike), through a default route from the RA.
        Assert.Equal(0, g.Ns.TryRun("busybox", "ping", "-6", "-c", "1", "-W", "3", "fd99::2").Code);
        Assert.Equal(leased, await SourceSeenOutsideV6Async(host, g.Ns, leased, 5556));
        Assert.Equal("fd00:171::5054:ff:fe00:601", await SourceSeenOutsideV6Async(host, g.Ns, "fd00:171::5054:ff:fe00:601", 5557));
        var rules = host.Ns.Run("nft", "list", "table", "inet", "vireo_vbr6");
        Assert.DoesNotContain("ip6 saddr fd00:170::/64 ip6 daddr", rules); // no IPv6 masquerade

        await driver.DestroyAsync(net);
        Assert.Equal((0, 0, 0), host.Count("vbr6"));
    }

    // A one-shot TCP listener on [fd99::2]:PORT in the outside namespace; the client binds SOURCE.
    private static async Task<string?> SourceSeenOutsideV6Async(NetworkHost host, NetNamespace from, string source, int port)
    {
        var psi = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "netns", "exec", host.Outside.Name, "python3", "-c",
            "import socket\ns=socket.socket(socket.AF_INET6)\ns.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1)\ns.bind(('fd99::2'," + port + "))\ns.listen(1)\n" +
            "s.settimeout(8)\nprint('ready',flush=True)\nc,a=s.accept()\nprint(a[0],flush=True)" })
            psi.ArgumentList.Add(a);
        using var listener = Process.Start(psi)!;
        try
        {
            Assert.Equal("ready", await listener.StandardOutput.ReadLineAsync());
            var client = from.TryRun("python3", "-c", $"import socket\ns=socket.socket(socket.AF_INET6)\ns.settimeout(3)\ns.bind(('{source}',0))\ns.connect(('fd99::2',{port}))");
            Assert.True(client.Code == 0, $"connecting from {source}: {client.Err}");
            var seen = await listener.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10));
            return string.IsNullOrEmpty(seen) ? null : seen;
        }
        catch (TimeoutException)
        {
            return null;
        }
        finally
        {
            if (!listener.HasExited)
                listener.Kill();
        }
    }
}
