using System.Diagnostics;
using System.Net.Sockets;
using Vireo.Integration.Tests.Infrastructure;
using Vireo.Integration.Tests.Remote;

namespace Vireo.Integration.Tests.Fixtures;

/// <summary>
/// A private OpenSSH server on 127.0.0.1:PORT for the ssh transport tests: its own host key, one client key in
/// its own authorized_keys, public-key login only, everything in a temp dir, killed on dispose. Clients reach
/// it through <see cref="BinDir"/>/ssh, a wrapper that runs the real /usr/bin/ssh with this test's ssh_config
/// (known_hosts holding the test host key, strict checking, batch mode), so the user's and the host's ssh
/// settings are never read or changed. Put <see cref="BinDir"/> first in PATH: libvirt and vsh run "ssh" from PATH.
/// </summary>
public sealed class SshdFixture : IDisposable
{
    private const string Sshd = "/usr/sbin/sshd";
    private readonly DaemonProcess _sshd;

    public SshdFixture()
    {
        if (!File.Exists(Sshd)) throw new InvalidOperationException($"{Sshd} not found: run scripts/setup (Debian package openssh-server)");
        Scratch = new RemoteScratch("vireo-sshd-");
        Port = RemoteScratch.FreePort();
        var hostKey = Scratch.PathOf("host_ed25519");
        KeyFile = Scratch.PathOf("client_ed25519");
        foreach (var key in new[] { hostKey, KeyFile })
            ProcessRunner.Run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "vireo-test", "-f", key]).EnsureSuccess();
        File.Copy(KeyFile + ".pub", Scratch.PathOf("authorized_keys"));
        File.WriteAllText(Scratch.PathOf("known_hosts"), $"[127.0.0.1]:{Port} {File.ReadAllText(hostKey + ".pub").Trim()}\n");
        File.WriteAllText(Scratch.PathOf("sshd_config"), $"""
            ListenAddress 127.0.0.1:{Port}
            HostKey {hostKey}
            PidFile {Scratch.PathOf("sshd.pid")}
            AuthorizedKeysFile {Scratch.PathOf("authorized_keys")}
            PubkeyAuthentication yes
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            PermitRootLogin prohibit-password
            UsePAM no
            StrictModes no
            PrintMotd no

            """);
        File.WriteAllText(Scratch.PathOf("ssh_config"), $"""
            Host *
              UserKnownHostsFile {Scratch.PathOf("known_hosts")}
              GlobalKnownHostsFile /dev/null
              StrictHostKeyChecking yes
              BatchMode yes
              IdentitiesOnly yes
              LogLevel ERROR

            """);
        Directory.CreateDirectory(BinDir);
        Scratch.Script("bin/ssh", $"exec /usr/bin/ssh -F {Scratch.PathOf("ssh_config")} \"$@\"");

        // sshd refuses to start without its privilege separation directory (systemd creates it on a booted host)
        Directory.CreateDirectory("/run/sshd");
        var psi = new ProcessStartInfo(Sshd);
        foreach (var a in new[] { "-D", "-e", "-f", Scratch.PathOf("sshd_config") }) psi.ArgumentList.Add(a);
        _sshd = DaemonProcess.Start("sshd", psi);
        WaitForPort();
    }

    public RemoteScratch Scratch { get; }
    public int Port { get; }

    /// <summary>The client's private key (its public half is the only authorized key).</summary>
    public string KeyFile { get; }

    /// <summary>Holds the ssh wrapper.</summary>
    public string BinDir => Scratch.PathOf("bin");

    /// <summary>The client environment: libvirt's plus PATH with the ssh wrapper first.</summary>
    public Dictionary<string, string?> ClientEnvironment => new(ProcessRunner.LibvirtClientEnvironment)
    {
        ["PATH"] = BinDir + ":/usr/sbin:/usr/bin:/sbin:/bin",
    };

    /// <summary><c>DRIVER+ssh://root@127.0.0.1:PORT/PATH?socket=SOCKET&amp;keyfile=KEY&amp;no_tty=1</c></summary>
    public string Uri(string driverAndPath, string socket) =>
        driverAndPath.Replace("://", $"+ssh://root@127.0.0.1:{Port}") + $"?socket={socket}&keyfile={KeyFile}&no_tty=1";

    private void WaitForPort()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true) // poll with a deadline until sshd accepts connections
        {
            if (_sshd.HasExited) throw new InvalidOperationException("sshd exited:\n" + _sshd.Describe());
            try
            {
                using var probe = new TcpClient();
                probe.Connect("127.0.0.1", Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(50); // poll interval until the deadline
            }
        }
    }

    public string Describe() => _sshd.Describe();

    public void Dispose()
    {
        _sshd.Dispose();
        Scratch.Dispose();
    }
}
