using Vireo.Integration.Tests.Infrastructure;
using Vireo.Integration.Tests.Network;

namespace Vireo.Integration.Tests.Qemu;

/// <summary>
/// Failed starts of guests with a tap NIC (vireod inside a network namespace the test creates, on a bridge made
/// there): a VNC port already in use, a second start of a running guest, a full PCI bus and a full IDE bus each
/// give a libvirt-style error through the real virsh and leave no QEMU and no tap behind.
/// </summary>
[Trait("Category", "Integration")]
public sealed class QemuFailedStartTapTests
{
    private const string Bridge = "brfail0";

    [NetnsVireodFact]
    public void FailedStartsLeaveNoQemuAndNoTap()
    {
        if (QemuGuest.SkipReason is { } why)
        {
            Console.WriteLine("skipped: " + why);
            return;
        }
        using var d = new NetnsVireod();
        d.InNs("ip", "link", "add", Bridge, "type", "bridge").EnsureSuccess();
        d.InNs("ip", "link", "set", Bridge, "up").EnsureSuccess();

        // A runs with a fixed VNC port (bound inside the namespace) and one tap.
        int port = 5931;
        Define(d, "tapa", vnc: port);
        Ok(d, "start", "tapa");
        Assert.Equal(["vnet0"], Taps(d));

        // A second start: refused (virsh checks first, as against libvirtd), A keeps its one tap.
        var r = d.Virsh("start", "tapa");
        Assert.False(r.Succeeded);
        Assert.Contains("error: Domain is already active", r.Stdout);
        Assert.Equal(["vnet0"], Taps(d));

        // B wants the same VNC port: its tap is made, QEMU cannot bind, the start fails and the tap goes again.
        Define(d, "tapb", vnc: port);
        r = d.Virsh("start", "tapb");
        Assert.False(r.Succeeded);
        Assert.Contains("error: Failed to start domain 'tapb'", r.Stdout);
        Assert.Contains("Failed to find an available port", r.Stdout + QemuLog(d, "tapb"));
        AssertNothingLeft(d, "tapb");

        // C has more PCI devices than the bus has slots: refused when defined (addresses are assigned then, as libvirt).
        r = Define(d, "tapc", extraDevices: string.Concat(Enumerable.Range(0, 28).Select(i => $"<interface type='user'><mac address='52:54:00:00:0c:{i:x2}'/><model type='e1000'/></interface>")), mustSucceed: false);
        Assert.False(r.Succeeded);
        Assert.Contains("error: internal error: No more available PCI slots", r.Stdout);
        Assert.DoesNotContain("tapc", d.Virsh("list", "--all", "--name").Stdout);
        Assert.Equal(["vnet0"], Taps(d));

        // D has a fifth IDE disk: the pc machine's IDE buses are full.
        var disks = Path.Combine(d.Root, "ide.img");
        File.WriteAllBytes(disks, new byte[1024 * 1024]);
        Define(d, "tapd", extraDevices: string.Concat("abcde".Select(c =>
            $"<disk type='file' device='disk'><driver name='qemu' type='raw'/><source file='{disks}'/><target dev='hd{c}' bus='ide'/><shareable/></disk>")));
        r = d.Virsh("start", "tapd");
        Assert.False(r.Succeeded);
        Assert.Matches(@"error: Failed to start domain 'tapd'\nerror: \S", r.Stdout);
        AssertNothingLeft(d, "tapd");

        Ok(d, "destroy", "tapa");
        Poll(() => Taps(d).Count == 0, "tapa's tap removed after destroy");
    }

    private static void AssertNothingLeft(NetnsVireod d, string name)
    {
        Assert.Equal("shut off", d.Virsh("domstate", name).Stdout.Trim());
        Assert.Equal(["vnet0"], Taps(d)); // only the running guest's
        Assert.False(File.Exists(Path.Combine(d.Root, "run", "qemu", name + ".pid")), $"{name}.pid left behind");
        Assert.False(File.Exists(Path.Combine(d.Root, "run", "qemu", name + ".xml")), $"{name}'s status file left behind");
        Assert.DoesNotContain(d.InNs("pgrep", "-af", "qemu-system").Stdout.Split('\n'), l => l.Contains($"guest={name},", StringComparison.Ordinal));
    }

    /// <summary>The tap devices (vnetN) in the namespace, sorted.</summary>
    private static List<string> Taps(NetnsVireod d) =>
        [.. d.InNs("ip", "-o", "link", "show").Stdout.Split('\n')
            .Select(l => l.Split(':', 3) is { Length: 3 } p ? p[1].Trim().Split('@')[0] : "")
            .Where(n => n.StartsWith("vnet", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];

    private static string QemuLog(NetnsVireod d, string name)
    {
        var log = Path.Combine(d.Root, "log", "qemu", name + ".log");
        return File.Exists(log) ? File.ReadAllText(log) : "";
    }

    private static ProcessResult Define(NetnsVireod d, string name, int? vnc = null, string extraDevices = "", bool mustSucceed = true)
    {
        var g = QemuGuest.Dir!;
        var graphics = vnc is null ? "" : $"<graphics type='vnc' port='{vnc}' autoport='no' listen='127.0.0.1'/>";
        var xml = Path.Combine(d.Root, name + ".xml");
        File.WriteAllText(xml, $"""
            <domain type='qemu'>
              <name>{name}</name>
              <memory unit='MiB'>96</memory>
              <vcpu>1</vcpu>
              <os><type arch='x86_64' machine='pc'>hvm</type><kernel>{g}/vmlinuz</kernel><initrd>{g}/initrd.img</initrd><cmdline>console=ttyS0</cmdline></os>
              <devices>
                <interface type='bridge'><source bridge='{Bridge}'/><model type='virtio'/></interface>
                {extraDevices}{graphics}
              </devices>
            </domain>
            """);
        var r = d.Virsh("define", xml);
        Assert.True(r.Succeeded || !mustSucceed, r + d.Describe());
        return r;
    }

    private static string Ok(NetnsVireod d, params string[] args)
    {
        var r = d.Virsh(args);
        Assert.True(r.Succeeded, r + d.Describe());
        return r.Stdout;
    }

    private static void Poll(Func<bool> condition, string what)
    {
        long until = Environment.TickCount64 + 30_000;
        while (!condition())
        {
            Assert.True(Environment.TickCount64 < until, "deadline passed waiting for: " + what);
            Thread.Sleep(100); // poll interval until the deadline
        }
    }
}
