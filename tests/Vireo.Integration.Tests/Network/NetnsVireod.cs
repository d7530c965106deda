using System.Diagnostics;
using Vireo.Integration.Tests.Infrastructure;

namespace Vireo.Integration.Tests.Network;

/// <summary>
/// out/bin/vireod running inside a network namespace the test creates (ip netns exec execs it, so the pid is
/// vireod's): its bridges, nft tables, dnsmasq and taps all live there. Restartable over the same root (the
/// kill -9 test); dispose kills everything left in the namespace, removes it and the root.
/// </summary>
public sealed class NetnsVireod : IDisposable
{
    private DaemonProcess? _daemon;

    public string Ns { get; } = "vireo-v-" + Guid.NewGuid().ToString("N")[..8];
    public string Root { get; } = Directory.CreateTempSubdirectory("vireo-netd-").FullName;
    public string Socket => Path.Combine(Root, "run", "vireo-sock");
    public string Uri => "qemu+unix:///system?socket=" + Socket;

    /// <summary>Why these tests cannot run here, or null.</summary>
    public static string? Missing() =>
        Environment.UserName != "root" ? "not root: cannot create network namespaces"
        : !File.Exists("/usr/bin/qemu-system-x86_64") ? "QEMU is not installed (the qemu driver carries the networks)"
        : !File.Exists("/usr/sbin/dnsmasq") || !File.Exists("/usr/sbin/nft") ? "dnsmasq or nft missing (scripts/setup)"
        : null;

    public NetnsVireod()
    {
        if (!File.Exists(RepoPaths.Program("vireod")))
            throw new InvalidOperationException("vireod not built at out/bin/vireod: run ./build");
        // dnsmasq runs as nobody and re-reads files under RUN/network: the root must be traversable.
        File.SetUnixFileMode(Root, (UnixFileMode)0b111_101_101);
        Host("ip", "netns", "add", Ns).EnsureSuccess();
        InNs("ip", "link", "set", "lo", "up").EnsureSuccess();
        Start();
    }

    public void Start()
    {
        var psi = new ProcessStartInfo("ip");
        foreach (var a in new[] { "netns", "exec", Ns, RepoPaths.Program("vireod"), "--root", Root })
            psi.ArgumentList.Add(a);
        foreach (var k in ProcessRunner.LibvirtClientEnvironment.Keys)
            psi.Environment.Remove(k);
        _daemon = DaemonProcess.Start("vireod", psi);
        _daemon.WaitForSocket(Socket, TimeSpan.FromSeconds(60));
    }

    /// <summary>kill -9, as a crash: nothing gets a chance to clean up.</summary>
    public void Kill()
    {
        Posix.Kill(_daemon!.Pid, 9);
        var until = Environment.TickCount64 + 10_000;
        while (!_daemon.HasExited && Environment.TickCount64 < until)
            Thread.Sleep(20); // poll until the killed daemon is reaped (deadline above)
        _daemon.Dispose();
        File.Delete(Socket);
        File.Delete(Socket + "-ro");
    }

    public ProcessResult Virsh(params string[] args) => ProcessRunner.Virsh(Uri, args, TimeSpan.FromSeconds(60), mergeStderr: true);

    public ProcessResult InNs(params string[] argv) => Host(["ip", "netns", "exec", Ns, .. argv]);

    /// <summary>Runs a command in the namespace with <paramref name="stdin"/> as its input.</summary>
    public ProcessResult InNsWithInput(string stdin, params string[] argv) =>
        ProcessRunner.Run("ip", ["netns", "exec", Ns, .. argv], stdin, timeout: TimeSpan.FromSeconds(90));

    private static ProcessResult Host(params string[] argv) => ProcessRunner.Run(argv[0], argv.Skip(1), timeout: TimeSpan.FromSeconds(30));

    /// <summary>Our nft tables, bridges called <paramref name="bridge"/> and dnsmasq processes in the namespace.</summary>
    public (int Tables, int Bridges, int Dnsmasqs) Count(string bridge)
    {
        int tables = InNs("nft", "list", "tables").Stdout.Split('\n').Count(l => l.Contains(" vireo_", StringComparison.Ordinal));
        int bridges = InNs("ip", "-o", "link", "show", "type", "bridge").Stdout.Split('\n').Count(l => l.Contains(": " + bridge + ":", StringComparison.Ordinal));
        int dnsmasqs = Host("ip", "netns", "pids", Ns).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Count(p => File.Exists($"/proc/{p}/comm") && File.ReadAllText($"/proc/{p}/comm").Trim() == "dnsmasq");
        return (tables, bridges, dnsmasqs);
    }

    /// <summary>
    /// Creates (net-create) a transient network <paramref name="name"/> on <paramref name="bridge"/> with
    /// ADDR_PREFIX.1/24, DHCP .10-.50 and PXE: a TFTP root under <see cref="Root"/> holding <paramref name="files"/>
    /// (name → source path or, for <paramref name="texts"/>, content), and <c>&lt;bootp file&gt;</c>. Returns the TFTP root.
    /// </summary>
    public string CreatePxeNetwork(string name, string bridge, string addrPrefix, string bootFile,
        IReadOnlyDictionary<string, string> files, IReadOnlyDictionary<string, string> texts)
    {
        var tftp = Path.Combine(Root, "tftp-" + name);
        foreach (var (file, source) in files)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(tftp, file))!);
            File.Copy(source, Path.Combine(tftp, file));
        }
        foreach (var (file, text) in texts)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(tftp, file))!);
            File.WriteAllText(Path.Combine(tftp, file), text);
        }
        // dnsmasq runs as nobody: the tree must be readable
        foreach (var dir in Directory.GetDirectories(tftp, "*", SearchOption.AllDirectories).Append(tftp))
            File.SetUnixFileMode(dir, (UnixFileMode)0b111_101_101);
        foreach (var f in Directory.GetFiles(tftp, "*", SearchOption.AllDirectories))
            File.SetUnixFileMode(f, (UnixFileMode)0b110_100_100);
        var netXml = Path.Combine(Root, name + ".xml");
        File.WriteAllText(netXml, $"""
            <network>
              <name>{name}</name>
              <bridge name='{bridge}'/>
              <ip address='{addrPrefix}.1' prefix='24'>
                <tftp root='{tftp}'/>
                <dhcp>
                  <range start='{addrPrefix}.10' end='{addrPrefix}.50'/>
                  <bootp file='{bootFile}'/>
                </dhcp>
              </ip>
            </network>
            """);
        var created = Virsh("net-create", netXml);
        if (!created.Succeeded)
            throw new InvalidOperationException("net-create " + name + " failed: " + created + Describe());
        return tftp;
    }

    /// <summary>What vireod printed so far (its warnings, e.g. net-start's firewall findings).</summary>
    public string Output => _daemon?.Output ?? "";

    /// <summary>Runs out/bin/vsh against this vireod.</summary>
    public ProcessResult Vsh(params string[] args) =>
        ProcessRunner.Run(RepoPaths.Program("vsh"), ["-c", Uri, .. args], environment: ProcessRunner.LibvirtClientEnvironment, timeout: TimeSpan.FromSeconds(60), mergeStderr: true);

    public string Describe() => _daemon?.Describe(() => "") ?? "";

    public void Dispose()
    {
        _daemon?.Dispose();
        foreach (var pid in Host("ip", "netns", "pids", Ns).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            Posix.Kill(int.Parse(pid), 9);
        Host("ip", "netns", "del", Ns);
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>A test needing vireod in a network namespace; skipped, with the reason, where the host cannot do that.</summary>
public sealed class NetnsVireodFactAttribute : FactAttribute
{
    public NetnsVireodFactAttribute()
    {
        if (NetnsVireod.Missing() is { } why)
            Skip = why + ": virtual network integration tests skipped";
    }
}
