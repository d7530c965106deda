using Vireo.Integration.Tests.Infrastructure;

namespace Vireo.Integration.Tests.Network;

/// <summary>
/// The real virsh against vireod running inside a network namespace: the default network out of the box,
/// net-* commands, a QEMU guest's tap on virbr0, and kill -9 + restart without duplicates.
/// </summary>
[Trait("Category", "Integration")]
public class VirshNetworkTests
{
    [NetnsVireodFact]
    public void DefaultNetworkNetCommandsAndRestartWithoutDuplicates()
    {
        using var d = new NetnsVireod();

        var list = d.Virsh("net-list", "--all");
        Assert.True(list.Succeeded, list.ToString() + d.Describe());
        Assert.Matches(@"\n default\s+active\s+yes\s+yes\s*\n", list.Stdout);
        var info = d.Virsh("net-info", "default").Stdout;
        Assert.Matches(@"Active:\s+yes", info);
        Assert.Matches(@"Bridge:\s+virbr0", info);
        var xml = d.Virsh("net-dumpxml", "default").Stdout;
        Assert.Contains("<bridge name='virbr0' stp='on' delay='0'/>", xml);
        Assert.Contains("<port start='1024' end='65535'/>", xml);
        Assert.Contains("<range start='192.168.122.2' end='192.168.122.254'/>", xml);
        Assert.Matches(@"<mac address='52:54:00:[0-9a-f:]{8}'/>", xml);
        Assert.Contains("192.168.122.1/24", d.InNs("ip", "-o", "addr", "show", "dev", "virbr0").Stdout);
        Assert.Equal((1, 1, 1), d.Count("virbr0"));
        Assert.True(d.Virsh("net-dhcp-leases", "default").Succeeded);

        d.Kill();
        d.Start();
        Assert.Matches(@"\n default\s+active\s+yes\s+yes\s*\n", d.Virsh("net-list").Stdout);
        Assert.Equal((1, 1, 1), d.Count("virbr0"));

        Assert.True(d.Virsh("net-destroy", "default").Succeeded);
        Assert.Equal((0, 0, 0), d.Count("virbr0"));
        var again = d.Virsh("net-destroy", "default");
        Assert.Contains("error: Requested operation is not valid: network 'default' is not active", again.Stdout);
        Assert.True(d.Virsh("net-start", "default").Succeeded);
        Assert.Equal((1, 1, 1), d.Count("virbr0"));

        var dup = Path.Combine(d.Root, "dup.xml");
        File.WriteAllText(dup, "<network><name>dup</name><bridge name='virbr0'/><ip address='10.55.0.1' prefix='24'/></network>");
        Assert.Contains("error: internal error: bridge name 'virbr0' already in use.", d.Virsh("net-define", dup).Stdout);
    }

    [NetnsVireodFact]
    public void GuestOnDefaultGetsAVnetTapOnVirbr0RemovedWhenItStops()
    {
        var (kernel, initrd) = GuestImage.Build();
        using var d = new NetnsVireod();
        var domXml = Path.Combine(d.Root, "g.xml");
        File.WriteAllText(domXml, $"""
            <domain type='qemu'>
              <name>netg</name>
              <memory unit='MiB'>128</memory>
              <os><type arch='x86_64' machine='pc'>hvm</type><kernel>{kernel}</kernel><initrd>{initrd}</initrd><cmdline>console=ttyS0</cmdline></os>
              <devices>
                <interface type='network'>
                  <source network='default'/>
                  <mac address='52:54:00:5e:00:01'/>
                  <model type='virtio'/>
                </interface>
              </devices>
            </domain>
            """);
        var started = d.Virsh("create", domXml);
        Assert.True(started.Succeeded, started.ToString() + d.Describe());
        try
        {
            var live = d.Virsh("dumpxml", "netg").Stdout;
            Assert.Contains("<source network='default' bridge='virbr0'/>", live);
            Assert.Contains("<target dev='vnet0'/>", live);
            var port = d.InNs("ip", "-o", "link", "show", "master", "virbr0").Stdout;
            Assert.Contains("vnet0", port);
            Assert.Contains("fe:54:00:5e:00:01", d.InNs("ip", "-o", "link", "show", "dev", "vnet0").Stdout);
            Assert.Matches(@"\s+vnet0\s+network\s+default\s+virtio\s+52:54:00:5e:00:01", d.Virsh("domiflist", "netg").Stdout);
            var stat = d.Virsh("domifstat", "netg", "vnet0");
            Assert.True(stat.Succeeded, stat.ToString());
            Assert.Contains("vnet0 rx_bytes", stat.Stdout);
        }
        finally
        {
            d.Virsh("destroy", "netg");
        }
        // destroy returns once the tap is gone, also when the monitor loop is the one finishing the stop.
        Assert.DoesNotContain("vnet0", d.InNs("ip", "-o", "link", "show").Stdout);
    }
}
