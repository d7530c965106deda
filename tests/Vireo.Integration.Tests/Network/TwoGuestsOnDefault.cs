using System.Text.RegularExpressions;
using Vireo.Integration.Tests.Infrastructure;

namespace Vireo.Integration.Tests.Network;

/// <summary>
/// vireod in a namespace of its own with two TCG test guests on the `default` NAT network, booted once for the
/// class: each guest's udhcpc gets a lease from the network's dnsmasq and prints "VIREO-IP eth0 A.B.C.D" on its
/// serial log. An "outside" namespace behind a veth (10.99.0.1 on vireod's side, 10.99.0.2 outside) stands for
/// the upstream network. Tests run commands inside a guest through its command port (TCP 5555, a busybox shell).
/// </summary>
public sealed class TwoGuestsOnDefault : IDisposable
{
    public static readonly string[] Names = ["gnet1", "gnet2"];
    public static readonly string[] Macs = ["52:54:00:5e:01:01", "52:54:00:5e:01:02"];

    public NetnsVireod D { get; } = null!;
    public string Outside { get; } = "vireo-o-" + Guid.NewGuid().ToString("N")[..8];
    public string[] Ips { get; } = new string[2];
    public string? SkipReason { get; }

    public TwoGuestsOnDefault()
    {
        if ((SkipReason = NetnsVireod.Missing()) is not null)
            return;
        var (kernel, initrd) = GuestImage.Build();
        D = new NetnsVireod();
        try
        {
            Run("ip", "netns", "add", Outside).EnsureSuccess();
            D.InNs("ip", "link", "add", "up0", "type", "veth", "peer", "name", "eth0", "netns", Outside).EnsureSuccess();
            D.InNs("ip", "addr", "add", "10.99.0.1/24", "dev", "up0").EnsureSuccess();
            D.InNs("ip", "link", "set", "up0", "up").EnsureSuccess();
            InOutside("ip", "addr", "add", "10.99.0.2/24", "dev", "eth0").EnsureSuccess();
            InOutside("ip", "link", "set", "eth0", "up").EnsureSuccess();
            InOutside("ip", "link", "set", "lo", "up").EnsureSuccess();
            for (int i = 0; i < 2; i++)
            {
                var xml = Path.Combine(D.Root, Names[i] + ".xml");
                File.WriteAllText(xml, $"""
                    <domain type='qemu'>
                      <name>{Names[i]}</name>
                      <memory unit='MiB'>128</memory>
                      <os><type arch='x86_64' machine='pc'>hvm</type><kernel>{kernel}</kernel><initrd>{initrd}</initrd>
                        <cmdline>console=ttyS0 vireo.hostname={Names[i]}</cmdline></os>
                      <devices>
                        <interface type='network'><source network='default'/><mac address='{Macs[i]}'/><model type='virtio'/></interface>
                        <serial type='file'><source path='{SerialLog(i)}'/></serial>
                      </devices>
                    </domain>
                    """);
                var started = D.Virsh("create", xml);
                if (!started.Succeeded)
                    throw new InvalidOperationException(started + D.Describe());
            }
            for (int i = 0; i < 2; i++)
                Ips[i] = WaitForLease(i);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string SerialLog(int i) => Path.Combine(D.Root, Names[i] + ".log");

    /// <summary>Runs a shell command inside guest <paramref name="i"/> (through its command port) and returns its output.</summary>
    public string InGuest(int i, string command)
    {
        const string client = "import socket,sys\ns=socket.create_connection((sys.argv[1],5555),10)\ns.settimeout(60)\n" +
            "s.sendall(sys.stdin.buffer.read())\ns.shutdown(socket.SHUT_WR)\nb=b''\nwhile True:\n  d=s.recv(4096)\n  if not d: break\n  b+=d\n" +
            "sys.stdout.write(b.decode(errors='replace'))\n";
        var r = D.InNsWithInput(command + " 2>&1\nexit\n", ProcessRunner.PythonPath, "-c", client, Ips[i]);
        Assert.True(r.Succeeded, r.ToString());
        return r.Stdout;
    }

    /// <summary>
    /// Starts a one-shot TCP listener in the outside namespace, has guest <paramref name="i"/> connect to it and
    /// returns the source address the listener saw (or an empty string).
    /// </summary>
    public string SourceSeenOutside(int i)
    {
        var psi = new System.Diagnostics.ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "netns", "exec", Outside, ProcessRunner.PythonPath, "-c",
            "import socket\ns=socket.socket()\ns.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1)\ns.bind(('10.99.0.2',7777))\ns.listen(1)\n" +
            "s.settimeout(30)\nprint('ready',flush=True)\nc,a=s.accept()\nprint(a[0],flush=True)" })
            psi.ArgumentList.Add(a);
        using var listener = System.Diagnostics.Process.Start(psi)!;
        try
        {
            Assert.Equal("ready", listener.StandardOutput.ReadLine());
            InGuest(i, "echo hello | nc -w 5 10.99.0.2 7777; echo nc=$?");
            var seen = listener.StandardOutput.ReadLineAsync();
            return seen.Wait(TimeSpan.FromSeconds(30)) ? seen.Result ?? "" : "";
        }
        finally
        {
            if (!listener.HasExited)
                listener.Kill();
        }
    }

    private string WaitForLease(int i)
    {
        var until = Environment.TickCount64 + 180_000;
        while (true)
        {
            var log = ReadShared(SerialLog(i));
            var m = Regex.Match(log, @"VIREO-IP eth0 (\d+\.\d+\.\d+\.\d+)");
            if (m.Success)
                return m.Groups[1].Value;
            if (Environment.TickCount64 > until)
                throw new TimeoutException($"{Names[i]} got no DHCP lease within 180 s; serial log tail:\n{log[Math.Max(0, log.Length - 2000)..]}\n{D.Describe()}");
            Thread.Sleep(200); // poll interval until the deadline above
        }
    }

    private static string ReadShared(string path)
    {
        if (!File.Exists(path))
            return "";
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return new StreamReader(fs).ReadToEnd();
    }

    private ProcessResult InOutside(params string[] argv) => Run(["ip", "netns", "exec", Outside, .. argv]);

    private static ProcessResult Run(params string[] argv) => ProcessRunner.Run(argv[0], argv.Skip(1), timeout: TimeSpan.FromSeconds(30));

    public void Dispose()
    {
        if (D is null)
            return;
        foreach (var n in Names)
            D.Virsh("destroy", n);
        foreach (var pid in Run("ip", "netns", "pids", Outside).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            Posix.Kill(int.Parse(pid), 9);
        Run("ip", "netns", "del", Outside);
        D.Dispose();
    }
}
