using System.Text.RegularExpressions;
using Vireo.Integration.Tests.Fixtures;
using Vireo.Integration.Tests.Infrastructure;

namespace Vireo.Integration.Tests.Qemu;

/// <summary>
/// The issue's first check, through the real virsh against out/bin/vireod, on one TCG test guest: define, start
/// (ready marker on the serial log), suspend/resume (the counter stops, then goes on), save/restore (it continues
/// from where it was, not from zero), setmem (the guest's MemTotal follows the balloon), reboot (the guest boots
/// again), ACPI shutdown reaching shut off (shutdown), undefine.
/// </summary>
[Trait("Category", "Integration")]
public sealed class VirshGuestLifecycleTests : IClassFixture<VireodFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);
    private readonly VireodFixture _vireod;

    public VirshGuestLifecycleTests(VireodFixture vireod) => _vireod = vireod;

    [Fact]
    public void DefineStartSuspendSaveRestoreSetmemRebootShutdownUndefine()
    {
        if (QemuGuest.SkipReason is { } why)
        {
            Console.WriteLine("skipped: " + why);
            return;
        }
        var g = QemuGuest.Dir!;
        var dir = _vireod.WorkDir;
        var serial = Path.Combine(dir, "life.serial");
        var xml = Path.Combine(dir, "life.xml");
        File.WriteAllText(xml, $"""
            <domain type='qemu'>
              <name>life</name>
              <memory unit='MiB'>192</memory>
              <vcpu>1</vcpu>
              <os><type arch='x86_64' machine='pc'>hvm</type><kernel>{g}/vmlinuz</kernel><initrd>{g}/initrd.img</initrd><cmdline>console=ttyS0</cmdline></os>
              <features><acpi/></features>
              <devices><serial type='file'><source path='{serial}'/></serial></devices>
            </domain>
            """);
        Assert.Contains("Domain 'life' defined", Virsh("define", xml));
        Assert.Contains("Domain 'life' started", Virsh("start", "life"));
        try
        {
            WaitFor(serial, "VIREO-GUEST-READY", 0);
            Assert.Equal("running (booted)", Virsh("domstate", "--reason", "life").Trim());

            // suspend: the counter stops; resume: it goes on from where it was.
            WaitFor(serial, "VIREO-COUNTER 2", 0);
            Virsh("suspend", "life");
            Assert.Equal("paused (user)", Virsh("domstate", "--reason", "life").Trim());
            int frozen = LastCounter(serial);
            Thread.Sleep(1500); // not a wait for an event: a paused guest must show no progress over a span (no poll can prove absence)
            Assert.Equal(frozen, LastCounter(serial));
            int from = Read(serial).Length; // before resuming: the next count may come before virsh returns
            Virsh("resume", "life");
            Assert.Equal("running (unpaused)", Virsh("domstate", "--reason", "life").Trim());
            WaitFor(serial, $"VIREO-COUNTER {frozen + 1}\n", from);

            // save/restore: the state file alone brings the guest back, counting on, not booting again.
            var image = Path.Combine(dir, "life.save");
            Assert.Contains("Domain 'life' saved", Virsh("save", "life", image));
            int saved = LastCounter(serial);
            Assert.Equal("shut off (saved)", Virsh("domstate", "--reason", "life").Trim());
            int before = Read(serial).Length;
            Assert.Contains("Domain restored from", Virsh("restore", image));
            // The restored QEMU reopens the serial file, truncating it (as under libvirt without append='on').
            from = Read(serial).Length < before ? 0 : before;
            Assert.Equal("running (restored)", Virsh("domstate", "--reason", "life").Trim());
            WaitFor(serial, $"VIREO-COUNTER {saved + 1}\n", from);
            var after = Read(serial)[from..];
            Assert.DoesNotContain("VIREO-GUEST-READY", after);
            Assert.DoesNotContain("VIREO-COUNTER 0\n", after);

            // setmem: the balloon takes memory away, the guest's MemTotal follows, dominfo shows it.
            from = Read(serial).Length;
            Virsh("setmem", "life", "131072", "--live");
            WaitFor(serial, "VIREO-MEM ", from);
            Poll(() => Regex.IsMatch(Virsh("dominfo", "life"), @"(?m)^Used memory:\s+131072 KiB$"), "dominfo shows the ballooned size");

            // reboot: the guest goes down and boots again, still the same domain, running.
            var id = Virsh("domid", "life").Trim();
            from = Read(serial).Length;
            Assert.Contains("Domain 'life' is being rebooted", Virsh("reboot", "life"));
            WaitFor(serial, "VIREO-GUEST-READY", from);
            Assert.Equal("running", Virsh("domstate", "life").Trim());
            Assert.Equal(id, Virsh("domid", "life").Trim());

            // ACPI shutdown: the guest powers itself off; the domain reaches shut off (shutdown).
            Assert.Contains("Domain 'life' is being shutdown", Virsh("shutdown", "life"));
            Poll(() => Virsh("domstate", "life").Trim() == "shut off", "life reaches shut off after the ACPI shutdown");
            Assert.Equal("shut off (shutdown)", Virsh("domstate", "--reason", "life").Trim());

            Assert.Contains("Domain 'life' has been undefined", Virsh("undefine", "life"));
            Assert.DoesNotContain("life", Virsh("list", "--all", "--name"));
        }
        finally
        {
            ProcessRunner.Virsh(_vireod.QemuUri, "destroy", "life");
        }
    }

    private string Virsh(params string[] args)
    {
        var r = ProcessRunner.Virsh(_vireod.QemuUri, args);
        Assert.True(r.ExitCode == 0, $"{r.CommandLine}: {r.Stdout}{r.Stderr}\n{_vireod.Describe()}");
        return r.Stdout;
    }

    private static int LastCounter(string serial) =>
        Regex.Matches(Read(serial), @"VIREO-COUNTER (\d+)\n") is { Count: > 0 } m ? int.Parse(m[^1].Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : -1;

    private static string Read(string path)
    {
        if (!File.Exists(path))
            return "";
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        // The guest's console ends lines with \r\n; offsets are taken on this same view.
        return new StreamReader(fs).ReadToEnd().Replace("\r", "", StringComparison.Ordinal);
    }

    private static void WaitFor(string path, string text, int from)
    {
        Poll(() => Read(path) is var s && s.Length > from && s.IndexOf(text, from, StringComparison.Ordinal) >= 0,
            $"'{text.Trim()}' in {path} after offset {from}; tail:\n{(Read(path) is var t && t.Length > 1500 ? t[^1500..] : Read(path))}");
    }

    private static void Poll(Func<bool> condition, string what)
    {
        long until = Environment.TickCount64 + (long)Deadline.TotalMilliseconds;
        while (!condition())
        {
            Assert.True(Environment.TickCount64 < until, "deadline passed waiting for: " + what);
            Thread.Sleep(100); // poll interval until the deadline
        }
    }
}
