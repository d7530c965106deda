using System.Diagnostics;
using Vireo.Integration.Tests.Infrastructure;

namespace Vireo.Integration.Tests.Qemu;

/// <summary>
/// The real virsh against the real out/bin/vireod with QEMU guests: a vireod killed with -9 and restarted finds
/// its guests running with the same ids and can shut them down; a QEMU killed with -9 is reported shut off
/// (crashed) and &lt;on_crash&gt;restart&lt;/on_crash&gt; boots it again; bad requests fail cleanly.
/// </summary>
[Trait("Category", "Integration")]
public sealed class QemuRecoveryTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private readonly string _root = Directory.CreateTempSubdirectory("vireo-qrec-").FullName;
    private DaemonProcess? _daemon;

    private string Socket => Path.Combine(_root, "run", "vireo-sock");
    private string Uri => "qemu+unix:///system?socket=" + Socket;

    [Fact]
    public void KilledDaemonReattachesAndKilledQemuIsCrashed()
    {
        if (QemuGuest.SkipReason is { } why)
        {
            Console.WriteLine("skipped: " + why);
            return;
        }
        StartDaemon();
        var names = new[] { "rec1", "rec2", "rec3" };
        foreach (var n in names)
        {
            Define(n, onCrash: n == "rec3" ? "restart" : "destroy");
            Virsh("start", n);
        }
        var ids = names.ToDictionary(n => n, n => Virsh("domid", n).Trim());
        var pids = names.ToDictionary(n => n, QemuPid);

        // kill -9 vireod, start a new one on the same root: same guests, same ids, same QEMUs.
        KillDaemon();
        StartDaemon();
        foreach (var n in names)
        {
            Assert.Equal(ids[n], Virsh("domid", n).Trim());
            Assert.Equal("running (booted)", Virsh("domstate", "--reason", n).Trim());
            Assert.Equal(pids[n], QemuPid(n));
        }
        var rows = Virsh("list").Split('\n').Skip(2).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Where(t => t.Length >= 3)
            .ToDictionary(t => t[1], t => (Id: t[0], State: t[2]));
        foreach (var n in names)
            Assert.Equal((ids[n], "running"), rows[n]);

        // The new daemon manages them: destroy one, kill another's QEMU behind its back.
        Virsh("destroy", "rec1");
        Assert.Equal("shut off (destroyed)", Virsh("domstate", "--reason", "rec1").Trim());
        Assert.False(Alive(pids["rec1"]));

        Process.GetProcessById(pids["rec2"]).Kill();
        Poll(() => Virsh("domstate", "--reason", "rec2").Trim() == "shut off (crashed)", "rec2 reported shut off (crashed)");
        Assert.Contains("rec2", Virsh("list", "--inactive"));

        // on_crash='restart': a killed QEMU comes back as a new process with a new id.
        Process.GetProcessById(pids["rec3"]).Kill();
        Poll(() => Virsh("domstate", "rec3").Trim() == "running" && QemuPidOrZero("rec3") is var p && p != 0 && p != pids["rec3"],
            "rec3 restarted after its QEMU was killed");
        Assert.NotEqual(ids["rec3"], Virsh("domid", "rec3").Trim());
        Virsh("destroy", "rec3");
        Assert.Equal("", Virsh("list", "--name").Trim());
    }

    [Fact]
    public void BadStartRequestsFailCleanly()
    {
        if (QemuGuest.SkipReason is { } why)
        {
            Console.WriteLine("skipped: " + why);
            return;
        }
        StartDaemon();

        // Malformed XML: libvirt's parser error, nothing defined.
        var bad = Path.Combine(_root, "bad.xml");
        File.WriteAllText(bad, "<domain type='qemu'><name>bad</name>");
        var r = VirshResult("define", bad);
        Assert.False(r.Succeeded);
        Assert.Contains("error: Failed to define domain from", r.Stderr);
        Assert.Equal("", Virsh("list", "--all", "--name").Trim());

        // A disk that does not exist: refused before any QEMU is started.
        Define("nodisk", disk: Path.Combine(_root, "missing.img"));
        r = VirshResult("start", "nodisk");
        Assert.False(r.Succeeded);
        Assert.Contains("error: Failed to start domain 'nodisk'", r.Stderr);
        Assert.Contains("missing.img", r.Stderr);
        Assert.Equal("shut off", Virsh("domstate", "nodisk").Trim());
        Assert.False(File.Exists(Path.Combine(_root, "run", "qemu", "nodisk.pid")));

        // A VNC port already in use: QEMU cannot bind, the start fails and leaves no QEMU behind.
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        int port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        Define("vncbusy", vncPort: port);
        r = VirshResult("start", "vncbusy");
        Assert.False(r.Succeeded);
        Assert.Contains("error: Failed to start domain 'vncbusy'", r.Stderr);
        Assert.Equal("shut off", Virsh("domstate", "vncbusy").Trim());
        Assert.False(QemuWithName("vncbusy"), "a QEMU for vncbusy still runs");

        // A second start of a running guest.
        Define("twice");
        Virsh("start", "twice");
        r = VirshResult("start", "twice");
        Assert.False(r.Succeeded);
        Assert.Contains("error: Domain is already active", r.Stderr); // virsh checks first, as against libvirtd
        var py = ProcessRunner.Python("import libvirt,sys\nc=libvirt.open(sys.argv[1])\ntry:\n c.lookupByName('twice').create()\nexcept libvirt.libvirtError as e:\n print(e)", Uri);
        Assert.Equal("Requested operation is not valid: domain is already running", py.EnsureSuccess().Stdout.Trim());
        Assert.Equal("running", Virsh("domstate", "twice").Trim());
        Virsh("destroy", "twice");
    }

    private void Define(string name, string onCrash = "destroy", string? disk = null, int? vncPort = null)
    {
        var g = QemuGuest.Dir!;
        var diskXml = disk is null ? "" : $"<disk type='file' device='disk'><driver name='qemu' type='raw'/><source file='{disk}'/><target dev='vda' bus='virtio'/></disk>";
        var vnc = vncPort is null ? "" : $"<graphics type='vnc' port='{vncPort}' autoport='no' listen='127.0.0.1'/>";
        var xml = $"""
            <domain type='qemu'>
              <name>{name}</name>
              <memory unit='MiB'>96</memory>
              <vcpu>1</vcpu>
              <os><type arch='x86_64' machine='pc'>hvm</type><kernel>{g}/vmlinuz</kernel><initrd>{g}/initrd.img</initrd><cmdline>console=ttyS0</cmdline></os>
              <on_crash>{onCrash}</on_crash>
              <devices>{diskXml}{vnc}<serial type='file'><source path='{_root}/{name}.serial'/></serial></devices>
            </domain>
            """;
        var file = Path.Combine(_root, name + ".xml");
        File.WriteAllText(file, xml);
        Virsh("define", file);
    }

    private void StartDaemon()
    {
        var psi = new ProcessStartInfo { FileName = RepoPaths.Program("vireod"), WorkingDirectory = _root };
        psi.ArgumentList.Add("--root");
        psi.ArgumentList.Add(_root);
        foreach (var k in ProcessRunner.LibvirtClientEnvironment.Keys)
            psi.Environment.Remove(k);
        _daemon = DaemonProcess.Start("vireod", psi);
        _daemon.WaitForSocket(Socket, TimeSpan.FromSeconds(30));
    }

    private void KillDaemon()
    {
        var p = Process.GetProcessById(_daemon!.Pid);
        p.Kill(); // SIGKILL: no chance to clean up
        p.WaitForExit();
        _daemon.Dispose();
        _daemon = null;
        File.Delete(Socket);
        File.Delete(Socket + "-ro");
    }

    private string Virsh(params string[] args) => VirshResult(args).EnsureSuccess().Stdout;

    private ProcessResult VirshResult(params string[] args) => ProcessRunner.Virsh(Uri, args);

    private int QemuPid(string name) => QemuPidOrZero(name) is var p && p != 0 ? p : throw new InvalidOperationException($"no pid file for {name}");

    private int QemuPidOrZero(string name)
    {
        var f = Path.Combine(_root, "run", "qemu", name + ".pid");
        try
        {
            return File.Exists(f) && int.TryParse(File.ReadAllText(f).Trim(), out var pid) ? pid : 0;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static bool Alive(int pid) =>
        File.Exists($"/proc/{pid}/stat") && !File.ReadAllText($"/proc/{pid}/stat").Split(") ")[1].StartsWith('Z');

    /// <summary>Any process whose command line names this guest (guest=NAME,) is still there.</summary>
    private static bool QemuWithName(string name) =>
        Directory.GetDirectories("/proc").Select(d => Path.GetFileName(d)).Where(n => n.All(char.IsDigit)).Any(pid =>
        {
            try
            {
                return File.ReadAllText($"/proc/{pid}/cmdline").Contains($"guest={name},", StringComparison.Ordinal) && Alive(int.Parse(pid, System.Globalization.CultureInfo.InvariantCulture));
            }
            catch (IOException)
            {
                return false;
            }
        });

    private static void Poll(Func<bool> condition, string what)
    {
        long until = Environment.TickCount64 + (long)Deadline.TotalMilliseconds;
        while (!condition())
        {
            Assert.True(Environment.TickCount64 < until, "deadline passed waiting for: " + what);
            Thread.Sleep(100); // poll interval
        }
    }

    public void Dispose()
    {
        // Kill whatever a failed test left running, by the pids in the status files.
        var run = Path.Combine(_root, "run", "qemu");
        if (Directory.Exists(run))
            foreach (var pidFile in Directory.GetFiles(run, "*.pid"))
                if (int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid))
                {
                    try
                    {
                        Process.GetProcessById(pid).Kill();
                    }
                    catch (ArgumentException)
                    {
                    }
                }
        _daemon?.Dispose();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>The test guest's kernel and initramfs (tests/guest/build.sh, cached per machine).</summary>
internal static class QemuGuest
{
    private static readonly Lazy<string?> Built = new(Build);

    public static string? Dir => Built.Value;

    public static string? SkipReason =>
        !File.Exists("/usr/bin/qemu-system-x86_64") ? "qemu-system-x86_64 is not installed" : null;

    private static string? Build()
    {
        var r = ProcessRunner.Run("/bin/bash", [Path.Combine(RepoPaths.Root, "tests", "guest", "build.sh")], timeout: TimeSpan.FromMinutes(10));
        // a broken guest build is a defect to report, not a missing host capability to skip over
        return r.Succeeded ? r.Stdout.Trim().Split('\n').Last().Trim()
            : throw new InvalidOperationException("tests/guest/build.sh failed: " + r.Stderr);
    }
}
