using Vireo.Integration.Tests.Infrastructure;

using static Vireo.Integration.Tests.Network.GuestLanSteps;

namespace Vireo.Integration.Tests.Network;

/// <summary>
/// One TCG guest, three NICs, all on a "LAN" namespace (a bridge there with its own dnsmasq) reached through veths
/// from vireod's namespace: an &lt;interface type='direct'&gt; (macvtap, bridge mode) on one veth, a type='network'
/// NIC on a macvtap network (&lt;forward mode='vepa'&gt;&lt;interface dev=.../&gt;) on a second, and a type='network'
/// NIC on a &lt;forward mode='bridge'&gt; network naming an existing host bridge with the third veth. Each gets its
/// lease from the LAN's server; the macvtaps carry the guest's MACs and are gone once the guest is destroyed. Bad
/// direct interfaces and macvtap networks are refused with libvirt's messages, leaving nothing behind.
/// </summary>
[Trait("Category", "Integration")]
public class DirectAndHostBridgeGuestTests
{
    private const string DirectMac = "52:54:00:5e:03:01", VepaMac = "52:54:00:5e:03:02", BridgeMac = "52:54:00:5e:03:03";

    [NetnsVireodFact]
    public void MacvtapAndHostBridgeNicsGetLeasesFromTheLanAndTheMacvtapsGoAway()
    {
        var (kernel, initrd) = GuestImage.Build();
        using var d = new NetnsVireod();
        var lan = "vireo-l-" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            // The LAN: a bridge in its own namespace with dnsmasq, three veths from vireod's namespace into it.
            Run("ip", "netns", "add", lan).EnsureSuccess();
            InLan(lan, "ip", "link", "add", "name", "lanbr", "type", "bridge").EnsureSuccess();
            InLan(lan, "ip", "addr", "add", "10.78.0.1/24", "dev", "lanbr").EnsureSuccess();
            InLan(lan, "ip", "link", "set", "lanbr", "up").EnsureSuccess();
            foreach (var port in new[] { "lan0", "lan1", "lan2" })
            {
                d.InNs("ip", "link", "add", port, "type", "veth", "peer", "name", "p" + port, "netns", lan).EnsureSuccess();
                d.InNs("ip", "link", "set", port, "up").EnsureSuccess();
                InLan(lan, "ip", "link", "set", "p" + port, "master", "lanbr", "up").EnsureSuccess();
            }
            // The administrator's own host bridge for the forward mode='bridge' network.
            d.InNs("ip", "link", "add", "brhost", "type", "bridge").EnsureSuccess();
            d.InNs("ip", "link", "set", "lan2", "master", "brhost").EnsureSuccess();
            d.InNs("ip", "link", "set", "brhost", "up").EnsureSuccess();
            var lanLeases = Path.Combine(d.Root, "lan.leases");
            InLan(lan, "dnsmasq", "--conf-file=/dev/null", "--port=0", "--interface=lanbr", "--bind-interfaces", "--user=root",
                "--dhcp-range=10.78.0.100,10.78.0.120,255.255.255.0", "--dhcp-leasefile=" + lanLeases, "--pid-file=" + Path.Combine(d.Root, "lan.pid")).EnsureSuccess();

            // Bad input first: nothing may be created by any of it.
            var bad = Path.Combine(d.Root, "bad.xml");
            File.WriteAllText(bad, "<network><name>nodevs</name><forward mode='private'/></network>");
            var r = d.Virsh("net-define", bad);
            Refused(r, "network 'nodevs' uses a direct mode, but has no forward dev and no interface pool");
            File.WriteAllText(bad, "<network><name>badmode</name><forward mode='macvtap'><interface dev='lan1'/></forward></network>");
            r = d.Virsh("net-define", bad);
            Refused(r, "unknown forwarding type 'macvtap'");
            File.WriteAllText(bad, Domain("nodev", "<interface type='direct'><source dev='nosuchdev' mode='bridge'/><mac address='52:54:00:5e:03:09'/></interface>", kernel, initrd, "/dev/null"));
            r = d.Virsh("create", bad);
            Refused(r, "error creating macvtap interface macvtap0@nosuchdev (52:54:00:5e:03:09): No such device");
            File.WriteAllText(bad, Domain("nodev", "<interface type='direct'><source mode='bridge'/><mac address='52:54:00:5e:03:09'/></interface>", kernel, initrd, "/dev/null"));
            r = d.Virsh("create", bad);
            Refused(r, "No <source> 'dev' attribute specified with <interface type='direct'/>");
            File.WriteAllText(bad, Domain("nodev", "<interface type='direct'><source dev='lan0' mode='bridged'/><mac address='52:54:00:5e:03:09'/></interface>", kernel, initrd, "/dev/null"));
            r = d.Virsh("create", bad);
            Refused(r, "Unknown mode 'bridged' in interface <source> element");
            Assert.Equal("", d.InNs("ip", "-o", "link", "show", "type", "macvtap").Stdout.Trim());
            Assert.DoesNotContain("nodev", d.Virsh("list", "--all").Stdout);

            var vepa = Path.Combine(d.Root, "vepa.xml");
            File.WriteAllText(vepa, "<network><name>lanvepa</name><forward mode='vepa'><interface dev='lan1'/></forward></network>");
            Assert.True(d.Virsh("net-create", vepa).Succeeded, d.Describe());
            var hostbr = Path.Combine(d.Root, "hostbr.xml");
            File.WriteAllText(hostbr, "<network><name>hostbr</name><forward mode='bridge'/><bridge name='brhost'/></network>");
            Assert.True(d.Virsh("net-create", hostbr).Succeeded, d.Describe());
            Assert.Equal(1, d.Count("brhost").Bridges); // the administrator's bridge, no table of ours for it
            Assert.DoesNotContain("vireo_brhost", d.InNs("nft", "list", "tables").Stdout);

            var log = Path.Combine(d.Root, "direct-guest.log");
            var domXml = Path.Combine(d.Root, "dg.xml");
            File.WriteAllText(domXml, Domain("dg", $"""
                <interface type='direct'><source dev='lan0' mode='bridge'/><mac address='{DirectMac}'/><model type='virtio'/></interface>
                <interface type='network'><source network='lanvepa'/><mac address='{VepaMac}'/><model type='virtio'/></interface>
                <interface type='network'><source network='hostbr'/><mac address='{BridgeMac}'/><model type='virtio'/></interface>
                """, kernel, initrd, log));
            var started = d.Virsh("create", domXml);
            Assert.True(started.Succeeded, started.ToString() + d.Describe());
            try
            {
                // The macvtaps: on their lower devices, in their modes, with the guest's MACs.
                var links = d.InNs("ip", "-d", "-o", "link", "show", "type", "macvtap").Stdout;
                Assert.Matches($@"macvtap0@lan0:.*link/ether {DirectMac}.*macvtap mode bridge", links);
                Assert.Matches($@"macvtap1@lan1:.*link/ether {VepaMac}.*macvtap mode vepa", links);
                Assert.Contains("vnet0", d.InNs("ip", "-o", "link", "show", "master", "brhost").Stdout);
                var xml = d.Virsh("dumpxml", "dg").Stdout;
                Assert.Contains("<source dev='lan0' mode='bridge'/>", xml);
                Assert.Contains("<target dev='macvtap0'/>", xml);
                Assert.Contains("<source network='lanvepa' dev='lan1' mode='vepa'/>", xml);

                foreach (var nic in new[] { "eth0", "eth1", "eth2" })
                    Assert.InRange(int.Parse(WaitFor(log, $@"VIREO-IP {nic} (10\.78\.0\.\d+)", d).Split('.')[3]), 100, 120);
                var leases = File.ReadAllText(lanLeases);
                foreach (var mac in new[] { DirectMac, VepaMac, BridgeMac })
                    Assert.Contains(mac, leases);
            }
            finally
            {
                d.Virsh("destroy", "dg");
            }
            Assert.Equal("", d.InNs("ip", "-o", "link", "show", "type", "macvtap").Stdout.Trim());
            Assert.DoesNotContain("vnet", d.InNs("ip", "-o", "link", "show", "master", "brhost").Stdout);
            Assert.True(d.Virsh("net-destroy", "hostbr").Succeeded);
            Assert.True(d.Virsh("net-destroy", "lanvepa").Succeeded);
            Assert.Equal(1, d.Count("brhost").Bridges); // the administrator's bridge stays
        }
        finally
        {
            foreach (var pid in Run("ip", "netns", "pids", lan).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                Posix.Kill(int.Parse(pid), 9);
            Run("ip", "netns", "del", lan);
        }
    }

    private static void Refused(ProcessResult r, string message) =>
        Assert.True(!r.Succeeded && r.Stdout.Contains(message, StringComparison.Ordinal), $"expected the refusal '{message}', got: {r}");

    private static string Domain(string name, string nics, string kernel, string initrd, string log) => $"""
        <domain type='qemu'>
          <name>{name}</name>
          <memory unit='MiB'>256</memory>
          <os><type arch='x86_64' machine='pc'>hvm</type><kernel>{kernel}</kernel><initrd>{initrd}</initrd><cmdline>console=ttyS0</cmdline></os>
          <devices>
            {nics}
            <serial type='file'><source path='{log}'/></serial>
          </devices>
        </domain>
        """;
}
