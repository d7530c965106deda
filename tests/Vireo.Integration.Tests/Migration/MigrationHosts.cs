using System.Diagnostics;
using Vireo.Integration.Tests.Infrastructure;

namespace Vireo.Integration.Tests.Migration;

/// <summary>
/// Two migration "hosts" on this machine: network namespaces A (10.77.9.1) and B (10.77.9.2) joined by a veth pair
/// the fixture creates, each running out/bin/vireod with its own --root and --listen-tcp on its address. Storage:
/// DIR/images is the same directory on both sides (DIR/shared bind-mounted there in each host's private mount
/// namespace: this kernel has no nfsd, so no NFS); DIR/local is each host's own directory (A/local, B/local
/// bind-mounted at the same path), for guests whose disks are not shared. Dispose kills everything in the
/// namespaces, removes them and the directory.
/// </summary>
public sealed class MigrationHosts : IDisposable
{
    public const string AddrA = "10.77.9.1", AddrB = "10.77.9.2";
    private readonly string _tag = Guid.NewGuid().ToString("N")[..6];
    private readonly Dictionary<char, DaemonProcess> _daemons = [];
    private readonly string _extraConfig;

    public string Dir { get; } = Directory.CreateTempSubdirectory("vmig-").FullName;
    public string NsA => "vmigA-" + _tag;
    public string NsB => "vmigB-" + _tag;
    public string Images => Path.Combine(Dir, "images");
    public string Local => Path.Combine(Dir, "local");

    /// <summary>Why these tests cannot run here, or null.</summary>
    public static string? Missing() =>
        Environment.UserName != "root" ? "not root: cannot create network namespaces"
        : !File.Exists("/usr/bin/qemu-system-x86_64") ? "qemu-system-x86_64 is not installed"
        : !File.Exists("/usr/bin/unshare") ? "unshare (util-linux) is missing"
        : !File.Exists(RepoPaths.Program("vireod")) || !File.Exists(RepoPaths.Program("vsh")) ? "out/bin/vireod or vsh not built (./build)"
        : null;

    /// <param name="extraConfig">lines added to both daemons' vireod.conf (e.g. shorter keepalive)</param>
    public MigrationHosts(string extraConfig = "")
    {
        _extraConfig = extraConfig;
        foreach (var d in new[] { "shared", "images", "local", "A/local", "B/local", "A/root", "B/root" })
            Directory.CreateDirectory(Path.Combine(Dir, d));
        Host("ip", "netns", "add", NsA).EnsureSuccess();
        Host("ip", "netns", "add", NsB).EnsureSuccess();
        Host("ip", "link", "add", "vma" + _tag, "type", "veth", "peer", "name", "vmb" + _tag).EnsureSuccess();
        Host("ip", "link", "set", "vma" + _tag, "netns", NsA).EnsureSuccess();
        Host("ip", "link", "set", "vmb" + _tag, "netns", NsB).EnsureSuccess();
        Host("ip", "-n", NsA, "addr", "add", AddrA + "/24", "dev", "vma" + _tag).EnsureSuccess();
        Host("ip", "-n", NsB, "addr", "add", AddrB + "/24", "dev", "vmb" + _tag).EnsureSuccess();
        foreach (var (ns, dev) in new[] { (NsA, "vma" + _tag), (NsB, "vmb" + _tag) })
        {
            Host("ip", "-n", ns, "link", "set", "lo", "up").EnsureSuccess();
            Host("ip", "-n", ns, "link", "set", dev, "up").EnsureSuccess();
        }
        Console.WriteLine("migration hosts: shared storage is a bind-mounted directory (this kernel has no nfsd, so no NFS export)");
        StartDaemon('A');
        StartDaemon('B');
    }

    public string Socket(char h) => Path.Combine(Dir, h.ToString(), "root", "run", "vireo-sock");
    public string UnixUri(char h) => "qemu+unix:///system?socket=" + Socket(h);
    public static string TcpUri(char h) => $"qemu+tcp://{(h == 'A' ? AddrA : AddrB)}/system";
    /// <summary>A file in host <paramref name="h"/>'s own (not shared) directory, as the host sees it at DIR/local.</summary>
    public string LocalFile(char h, string name) => Path.Combine(Dir, h.ToString(), "local", name);

    /// <summary>argv run in host <paramref name="h"/>: its network namespace and its private mounts.</summary>
    public string[] InHost(char h, params string[] argv) =>
        ["ip", "netns", "exec", h == 'A' ? NsA : NsB, "unshare", "-m", "--propagation", "private", "sh", "-c",
            "mount --bind \"$0/shared\" \"$0/images\" && mount --bind \"$0/$1/local\" \"$0/local\" && shift && exec \"$@\"", Dir, h.ToString(), .. argv];

    private void StartDaemon(char h)
    {
        // The namespaces' addresses are not loopback, where auth_tcp defaults to SASL: these hosts trust each other.
        string root = Path.Combine(Dir, h.ToString(), "root");
        Directory.CreateDirectory(Path.Combine(root, "etc"));
        File.WriteAllText(Path.Combine(root, "etc", "vireod.conf"), "auth_tcp = \"none\"\n" + _extraConfig);
        var argv = InHost(h, RepoPaths.Program("vireod"), "--root", root, "--listen-tcp", (h == 'A' ? AddrA : AddrB) + ":16509");
        var psi = new ProcessStartInfo(argv[0]);
        foreach (var a in argv.Skip(1))
            psi.ArgumentList.Add(a);
        foreach (var k in ProcessRunner.LibvirtClientEnvironment.Keys)
            psi.Environment.Remove(k);
        var d = DaemonProcess.Start("vireod " + h, psi);
        _daemons[h] = d;
        d.WaitForSocket(Socket(h), TimeSpan.FromSeconds(120));
    }

    /// <summary>kill -9 of host <paramref name="h"/>'s daemon (its QEMUs keep running until dispose).</summary>
    public void KillDaemon(char h) => Posix.Kill(_daemons[h].Pid, 9);

    /// <summary>Starts host <paramref name="h"/>'s daemon again (after <see cref="KillDaemon"/>) on the same root.</summary>
    public void RestartDaemon(char h)
    {
        _daemons[h].Dispose();
        File.Delete(Socket(h)); // left behind by the killed daemon; the new one's socket is what we wait for
        StartDaemon(h);
    }

    /// <summary>Takes the veth link between the hosts down (cut) or up again (A's end; B's carrier follows).</summary>
    public void SetLink(bool up) =>
        Host("ip", "-n", NsA, "link", "set", "vma" + _tag, up ? "up" : "down").EnsureSuccess();

    /// <summary>virsh (or vsh) run inside host <paramref name="from"/>, connected to <paramref name="uri"/>.</summary>
    public ProcessResult Run(char from, string program, string uri, params string[] args)
    {
        var argv = InHost(from, [program, "-c", uri, .. args]);
        return ProcessRunner.Run(argv[0], argv.Skip(1), environment: ProcessRunner.LibvirtClientEnvironment, timeout: TimeSpan.FromSeconds(180), mergeStderr: true);
    }

    public Task<ProcessResult> RunAsync(char from, string program, string uri, params string[] args)
    {
        var argv = InHost(from, [program, "-c", uri, .. args]);
        return ProcessRunner.RunAsync(argv[0], argv.Skip(1), environment: ProcessRunner.LibvirtClientEnvironment, timeout: TimeSpan.FromSeconds(180), mergeStderr: true);
    }

    public ProcessResult Virsh(char h, params string[] args) => Run(h, "virsh", UnixUri(h), args);

    /// <summary>Everything host <paramref name="h"/>'s daemon logged so far (stderr and stdout).</summary>
    public string DaemonOutput(char h) => _daemons[h].Output;

    public string Describe() => string.Join("\n", _daemons.Select(kv => kv.Value.Describe()));

    private static ProcessResult Host(params string[] argv) => ProcessRunner.Run(argv[0], argv.Skip(1), timeout: TimeSpan.FromSeconds(30));

    public void Dispose()
    {
        foreach (var d in _daemons.Values)
            d.Dispose();
        foreach (var ns in new[] { NsA, NsB })
        {
            foreach (var pid in Host("ip", "netns", "pids", ns).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                Posix.Kill(int.Parse(pid), 9);
            Host("ip", "netns", "del", ns);
        }
        try
        {
            Directory.Delete(Dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
