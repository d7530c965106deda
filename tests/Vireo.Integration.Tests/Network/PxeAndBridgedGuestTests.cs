using Vireo.Integration.Tests.Infrastructure;

using static Vireo.Integration.Tests.Network.GuestLanSteps;

namespace Vireo.Integration.Tests.Network;

/// <summary>
/// One TCG guest with no kernel of its own and two NICs: the first on a vireod network with &lt;tftp root&gt; and
/// &lt;bootp file&gt;, from which QEMU's iPXE option ROM boots it (&lt;boot dev='network'/&gt;): DHCP, then the boot
/// file (an iPXE script) over the network's TFTP, then the test kernel and initramfs over TFTP. The second NIC is
/// &lt;interface type='bridge'&gt; on a bridge the test made, with a veth to a "LAN" namespace running its own
/// dnsmasq (the guide's shared physical device): the guest's lease there comes from that server, not vireod's.
/// </summary>
[Trait("Category", "Integration")]
public class PxeAndBridgedGuestTests
{
    private const string PxeMac = "52:54:00:5e:02:01", LanMac = "52:54:00:5e:02:02";

    [NetnsVireodFact]
    public void GuestBootsOverTheNetworksTftpAndGetsItsBridgedLeaseFromTheLansDhcpServer()
    {
        var (kernel, initrd) = GuestImage.Build();
        using var d = new NetnsVireod();
        var lan = "vireo-l-" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            d.CreatePxeNetwork("pxe", "virbr7", "192.168.160", "boot.ipxe",
                new Dictionary<string, string> { ["vmlinuz"] = kernel, ["initrd.img"] = initrd },
                new Dictionary<string, string> { ["boot.ipxe"] = "#!ipxe\nkernel vmlinuz console=ttyS0 vireo.hostname=pxeguest\ninitrd initrd.img\nboot\n" });

            // The "physical" LAN: a bridge of the test's own, a veth to a namespace with its own dnsmasq.
            Run("ip", "netns", "add", lan).EnsureSuccess();
            d.InNs("ip", "link", "add", "brlan", "type", "bridge").EnsureSuccess();
            d.InNs("ip", "link", "set", "brlan", "up").EnsureSuccess();
            d.InNs("ip", "link", "add", "lanport", "type", "veth", "peer", "name", "eth0", "netns", lan).EnsureSuccess();
            d.InNs("ip", "link", "set", "lanport", "master", "brlan", "up").EnsureSuccess();
            InLan(lan, "ip", "addr", "add", "10.77.0.1/24", "dev", "eth0").EnsureSuccess();
            InLan(lan, "ip", "link", "set", "eth0", "up").EnsureSuccess();
            var lanLeases = Path.Combine(d.Root, "lan.leases");
            InLan(lan, "dnsmasq", "--conf-file=/dev/null", "--port=0", "--interface=eth0", "--bind-interfaces", "--user=root",
                "--dhcp-range=10.77.0.100,10.77.0.120,255.255.255.0", "--dhcp-leasefile=" + lanLeases, "--pid-file=" + Path.Combine(d.Root, "lan.pid")).EnsureSuccess();

            var log = Path.Combine(d.Root, "pxe-guest.log");
            var domXml = Path.Combine(d.Root, "pxeg.xml");
            File.WriteAllText(domXml, $"""
                <domain type='qemu'>
                  <name>pxeg</name>
                  <memory unit='MiB'>256</memory>
                  <os><type arch='x86_64' machine='pc'>hvm</type><boot dev='network'/></os>
                  <devices>
                    <interface type='network'><source network='pxe'/><mac address='{PxeMac}'/><model type='virtio'/></interface>
                    <interface type='bridge'><source bridge='brlan'/><mac address='{LanMac}'/><model type='virtio'/></interface>
                    <serial type='file'><source path='{log}'/></serial>
                  </devices>
                </domain>
                """);
            var started = d.Virsh("create", domXml);
            Assert.True(started.Succeeded, started.ToString() + d.Describe());
            try
            {
                var serial = WaitFor(log, @"VIREO-IP eth1 (10\.77\.0\.\d+)", d);
                WaitFor(log, @"VIREO-IP eth0 (192\.168\.160\.\d+)", d);
                Assert.Contains("VIREO-GUEST-READY", ReadShared(log));
                // The domain has no kernel of its own: the one that printed the marker came over vireod's TFTP.
                Assert.Contains(PxeMac, d.Virsh("net-dhcp-leases", "pxe").Stdout);
                Assert.Contains(LanMac, File.ReadAllText(lanLeases));
                Assert.DoesNotContain(LanMac, d.Virsh("net-dhcp-leases", "pxe").Stdout);
                Assert.Contains("<source bridge='brlan'/>", d.Virsh("dumpxml", "pxeg").Stdout);
                Assert.InRange(int.Parse(serial.Split('.')[3]), 100, 120);
            }
            finally
            {
                d.Virsh("destroy", "pxeg");
            }
            Assert.DoesNotContain("vnet", d.InNs("ip", "-o", "link", "show", "master", "brlan").Stdout);
        }
        finally
        {
            foreach (var pid in Run("ip", "netns", "pids", lan).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                Posix.Kill(int.Parse(pid), 9);
            Run("ip", "netns", "del", lan);
        }
    }
}
