using System.Diagnostics;
using Vireo.Integration.Tests.Infrastructure;

namespace Vireo.Integration.Tests.Qemu;

/// <summary>
/// A private, real libvirtd 9.0 with only its qemu driver loaded, serving <c>qemu:///session</c> on a UNIX socket
/// in a temp directory: the reference for host facts (capabilities). Kept away from the host like
/// <see cref="Fixtures.LibvirtdFixture"/>: as root it runs as nobody:nogroup through setpriv (session mode: no
/// networks, no firewall), with every directory it uses in the temp dir. Start no guests through it.
/// </summary>
public sealed class LibvirtdQemuFixture : IDisposable
{
    private const string LibvirtdPath = "/usr/sbin/libvirtd";
    private const string QemuModule = "/usr/lib/x86_64-linux-gnu/libvirt/connection-driver/libvirt_driver_qemu.so";
    private readonly DaemonProcess? _daemon;

    public LibvirtdQemuFixture()
    {
        if (!File.Exists(LibvirtdPath) || !File.Exists(QemuModule) || !File.Exists("/usr/bin/qemu-system-x86_64"))
        {
            Unavailable = $"libvirtd, its qemu driver ({QemuModule}) or qemu-system-x86_64 is not installed: run scripts/setup";
            TempDir = "";
            return;
        }
        TempDir = Path.Combine(Posix.IsRoot ? "/tmp" : Path.GetTempPath(), "vireo-libvirtd-qemu-" + Guid.NewGuid().ToString("N")[..10]);
        foreach (var d in new[] { "home", "run", "config", "cache", "sock", "drivers" })
            Directory.CreateDirectory(Path.Combine(TempDir, d));
        File.CreateSymbolicLink(Path.Combine(TempDir, "drivers", Path.GetFileName(QemuModule)), QemuModule);
        var log = Path.Combine(TempDir, "libvirtd.log");
        var config = Path.Combine(TempDir, "libvirtd.conf");
        File.WriteAllText(config, $"""
            unix_sock_dir = "{TempDir}/sock"
            unix_sock_rw_perms = "0777"
            unix_sock_ro_perms = "0777"
            unix_sock_admin_perms = "0700"
            auth_unix_rw = "none"
            auth_unix_ro = "none"
            log_outputs = "3:file:{log}"

            """);
        var psi = new ProcessStartInfo { WorkingDirectory = TempDir };
        if (Posix.IsRoot)
        {
            ProcessRunner.Run("chown", new[] { "-R", "nobody:nogroup", TempDir }, timeout: TimeSpan.FromSeconds(30)).EnsureSuccess();
            psi.FileName = "setpriv";
            foreach (var a in new[] { "--reuid=nobody", "--regid=nogroup", "--clear-groups", LibvirtdPath })
                psi.ArgumentList.Add(a);
        }
        else
        {
            psi.FileName = LibvirtdPath;
        }
        foreach (var a in new[] { "-f", config, "-p", Path.Combine(TempDir, "libvirtd.pid") })
            psi.ArgumentList.Add(a);
        psi.Environment.Clear();
        psi.Environment["PATH"] = "/usr/sbin:/usr/bin:/sbin:/bin";
        psi.Environment["HOME"] = Path.Combine(TempDir, "home");
        psi.Environment["XDG_RUNTIME_DIR"] = Path.Combine(TempDir, "run");
        psi.Environment["XDG_CONFIG_HOME"] = Path.Combine(TempDir, "config");
        psi.Environment["XDG_CACHE_HOME"] = Path.Combine(TempDir, "cache");
        psi.Environment["LIBVIRT_DRIVER_DIR"] = Path.Combine(TempDir, "drivers");
        psi.Environment["LC_ALL"] = "C";
        var socket = Path.Combine(TempDir, "sock", "libvirt-sock");
        Uri = "qemu+unix:///session?socket=" + socket;
        _daemon = DaemonProcess.Start("libvirtd", psi);
        try
        {
            _daemon.WaitForSocket(socket, TimeSpan.FromSeconds(60), () => File.Exists(log) ? File.ReadAllText(log) : "");
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Why the reference cannot run here, or null.</summary>
    public string? Unavailable { get; }

    public string TempDir { get; }

    /// <summary><c>qemu+unix:///session?socket=...</c></summary>
    public string Uri { get; } = "";

    public void Dispose()
    {
        _daemon?.Dispose();
        if (TempDir.Length > 0 && Environment.GetEnvironmentVariable("VIREO_KEEP_TMP") != "1")
        {
            try
            {
                Directory.Delete(TempDir, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
