using Vireo.Integration.Tests.Fixtures;
using Vireo.Integration.Tests.Infrastructure;

namespace Vireo.Integration.Tests.Qemu;

/// <summary>
/// The real virsh against vireod's qemu driver with the test guest (one TCG boot): attach-disk live, domblklist,
/// detach-disk, setvcpus (live and --guest through the guest agent), vcpupin and dommemstat (with --period), each
/// checked in the guest's serial report or read back.
/// </summary>
[Trait("Category", "Integration")]
public sealed class VirshHotplugVcpuTests : IClassFixture<VireodFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);
    private readonly VireodFixture _vireod;

    public VirshHotplugVcpuTests(VireodFixture vireod) => _vireod = vireod;

    [Fact]
    public void AttachDiskSetvcpusVcpupinDommemstat()
    {
        if (!File.Exists("/usr/bin/qemu-system-x86_64"))
        {
            Console.WriteLine("qemu-system-x86_64 is not installed: skipped");
            return;
        }
        var guest = BuildGuest();
        var dir = _vireod.WorkDir;
        var serial = Path.Combine(dir, "vh.serial.log");
        var extra = Path.Combine(dir, "extra.img");
        File.WriteAllBytes(extra, new byte[4 * 1024 * 1024]);
        var xml = Path.Combine(dir, "vh.xml");
        File.WriteAllText(xml, $"""
            <domain type='qemu'>
              <name>vh</name>
              <memory unit='MiB'>192</memory>
              <vcpu current='1'>2</vcpu>
              <os>
                <type arch='x86_64' machine='pc'>hvm</type>
                <kernel>{guest}/vmlinuz</kernel>
                <initrd>{guest}/initrd.img</initrd>
                <cmdline>console=ttyS0</cmdline>
              </os>
              <features><acpi/></features>
              <devices>
                <serial type='file'><source path='{serial}'/></serial>
                <channel type='unix'><target type='virtio' name='org.qemu.guest_agent.0'/></channel>
              </devices>
            </domain>
            """);
        var uri = _vireod.QemuUri;
        Ok(ProcessRunner.Virsh(uri, "define", xml));
        Ok(ProcessRunner.Virsh(uri, "start", "vh"));
        try
        {
            WaitFor(serial, "VIREO-GUEST-READY", 0);

            int from = Read(serial).Length;
            Assert.Contains("Disk attached successfully", Ok(ProcessRunner.Virsh(uri, "attach-disk", "vh", extra, "vdb", "--live")));
            // The guest names its first virtio disk vda, whatever the host's target says.
            WaitFor(serial, "VIREO-DISK vda 8192 sectors", from);
            var blk = Ok(ProcessRunner.Virsh(uri, "domblklist", "vh"));
            Assert.Matches(@"vdb\s+" + System.Text.RegularExpressions.Regex.Escape(extra), blk);

            from = Read(serial).Length;
            Assert.Contains("Disk detached successfully", Ok(ProcessRunner.Virsh(uri, "detach-disk", "vh", "vdb", "--live")));
            WaitFor(serial, "VIREO-DISK-GONE vda", from);
            Assert.DoesNotContain("vdb", Ok(ProcessRunner.Virsh(uri, "domblklist", "vh")));

            from = Read(serial).Length;
            Ok(ProcessRunner.Virsh(uri, "setvcpus", "vh", "2", "--live"));
            WaitFor(serial, "VIREO-CPUS 2", from);
            Assert.Equal("2", Ok(ProcessRunner.Virsh(uri, "vcpucount", "vh", "--live", "--current")).Trim());

            // setvcpus --guest: the guest agent takes a CPU offline inside the guest (the vCPU stays plugged); the agent
            // answers how many it changed, so success means the guest did it. The test guest's watcher brings offline
            // CPUs back online at once (it is there for hot-added ones), so the guest's own count cannot be read after.
            Poll(() => ProcessRunner.Virsh(uri, "vcpucount", "vh", "--guest") is { ExitCode: 0 } r && r.Stdout.Trim() == "2", "the guest agent answers vcpucount --guest with 2");
            Ok(ProcessRunner.Virsh(uri, "setvcpus", "vh", "1", "--guest"));
            Assert.Equal("2", Ok(ProcessRunner.Virsh(uri, "vcpucount", "vh", "--live", "--current")).Trim());
            var tooMany = ProcessRunner.Virsh(uri, "setvcpus", "vh", "3", "--guest");
            Assert.NotEqual(0, tooMany.ExitCode);
            Assert.Contains("guest agent reports less cpu than requested", tooMany.Stderr);

            // dommemstat --period: live it is QEMU's balloon polling interval, --config the XML's <stats period>.
            Assert.Equal("", Ok(ProcessRunner.Virsh(uri, "dommemstat", "vh", "--period", "5", "--live")).Trim());
            Assert.Contains("\"return\":5", Ok(ProcessRunner.Virsh(uri, "qemu-monitor-command", "vh",
                "{\"execute\":\"qom-get\",\"arguments\":{\"path\":\"/machine/peripheral/balloon0\",\"property\":\"guest-stats-polling-interval\"}}")));
            Assert.Contains("<stats period='5'/>", Ok(ProcessRunner.Virsh(uri, "dumpxml", "vh")));
            Ok(ProcessRunner.Virsh(uri, "dommemstat", "vh", "--period", "7", "--config"));
            Assert.Contains("<stats period='7'/>", Ok(ProcessRunner.Virsh(uri, "dumpxml", "vh", "--inactive")));
            var bad = ProcessRunner.Virsh(uri, "dommemstat", "vh", "--period", "-1");
            Assert.NotEqual(0, bad.ExitCode);
            Assert.Contains("Invalid collection period value '-1'", bad.Stderr);

            Ok(ProcessRunner.Virsh(uri, "vcpupin", "vh", "1", "0"));
            Assert.Matches(@"(?m)^\s*1\s+0\s*$", Ok(ProcessRunner.Virsh(uri, "vcpupin", "vh")));

            var mem = Ok(ProcessRunner.Virsh(uri, "dommemstat", "vh"));
            Assert.Matches(@"(?m)^actual 196608$", mem);
            Assert.Matches(@"(?m)^rss [1-9][0-9]*$", mem);
        }
        finally
        {
            ProcessRunner.Virsh(uri, "destroy", "vh");
        }
    }

    private string Ok(ProcessResult r)
    {
        Assert.True(r.ExitCode == 0, $"{r.CommandLine}: {r.Stdout}{r.Stderr}\n{_vireod.Describe()}");
        return r.Stdout;
    }

    private static string BuildGuest()
    {
        var r = ProcessRunner.Run("/bin/bash", [Path.Combine(RepoPaths.Root, "tests", "guest", "build.sh")], timeout: TimeSpan.FromMinutes(10));
        Assert.True(r.ExitCode == 0, "tests/guest/build.sh: " + r.Stderr);
        return r.Stdout.Trim().Split('\n')[^1].Trim();
    }

    private static string Read(string path)
    {
        if (!File.Exists(path))
            return "";
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return new StreamReader(fs).ReadToEnd();
    }

    private static void Poll(Func<bool> condition, string what)
    {
        long until = Environment.TickCount64 + (long)Deadline.TotalMilliseconds;
        while (!condition())
        {
            Assert.True(Environment.TickCount64 < until, "deadline passed waiting for: " + what);
            Thread.Sleep(200); // poll interval until the deadline
        }
    }

    private static void WaitFor(string path, string text, int from)
    {
        long until = Environment.TickCount64 + (long)Deadline.TotalMilliseconds;
        while (true)
        {
            var s = Read(path);
            if (s.Length > from && s.IndexOf(text, from, StringComparison.Ordinal) >= 0)
                return;
            Assert.True(Environment.TickCount64 < until, $"'{text}' did not appear in {path} within the deadline; tail:\n{(s.Length > 1500 ? s[^1500..] : s)}");
            Thread.Sleep(100); // poll interval until the deadline
        }
    }
}
