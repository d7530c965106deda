using System.Diagnostics;
using Vireo.Integration.Tests.Infrastructure;

namespace Vireo.Integration.Tests.Fixtures;

/// <summary>
/// A private, real libvirtd 9.0 (Debian) serving the <c>test</c> driver on a UNIX socket in a fresh temp
/// directory; the reference implementation our daemon is compared against. Use as
/// <c>IClassFixture&lt;LibvirtdFixture&gt;</c>.
/// <para>
/// How it is kept away from the host: as root, libvirtd is started through <c>setpriv</c> as
/// <c>nobody:nogroup</c>, so it runs unprivileged ("session" mode: no /run/libvirt, no firewall, no
/// bridges, no system libvirtd conflict); its config (<c>libvirtd -f</c>), pid file, sockets, runtime, config
/// and cache directories (XDG_*) all live in the temp dir; <c>LIBVIRT_DRIVER_DIR</c> points at an empty
/// directory so no loadable driver (qemu, network, storage, nwfilter ...) is loaded at all: only the test
/// driver (built into libvirt.so) and the remote driver serve. As a non-root user it runs the same way
/// without setpriv.
/// </para>
/// <para>
/// libvirtd's <c>test:///default</c> is reset when its last connection closes: run a sequence that must
/// see its own changes in one connection (one virsh session, one python connection).
/// </para>
/// </summary>
public class LibvirtdFixture : IDisposable
{
    /// <summary>The daemon binary.</summary>
    public const string LibvirtdPath = "/usr/sbin/libvirtd";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private readonly DaemonProcess _daemon;

    public LibvirtdFixture()
    {
        if (!File.Exists(LibvirtdPath))
        {
            throw new InvalidOperationException($"{LibvirtdPath} not found: run scripts/setup (Debian package libvirt-daemon)");
        }

        // as root the directory must be reachable by 'nobody': use /tmp, not a private TMPDIR
        var parent = Posix.IsRoot ? "/tmp" : Path.GetTempPath();
        TempDir = Path.Combine(parent, "vireo-libvirtd-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(TempDir);
        foreach (var d in new[] { "home", "run", "config", "cache", "sock", "drivers", "work" })
        {
            Directory.CreateDirectory(Path.Combine(TempDir, d));
        }

        ConfigPath = Path.Combine(TempDir, "libvirtd.conf");
        LogPath = Path.Combine(TempDir, "libvirtd.log");
        PidPath = Path.Combine(TempDir, "libvirtd.pid");
        SocketPath = Path.Combine(TempDir, "sock", "libvirt-sock");
        File.WriteAllText(ConfigPath, $"""
            # private libvirtd for Vireo's integration tests
            unix_sock_dir = "{TempDir}/sock"
            unix_sock_rw_perms = "0777"
            unix_sock_ro_perms = "0777"
            unix_sock_admin_perms = "0700"
            auth_unix_rw = "none"
            auth_unix_ro = "none"
            log_outputs = "3:file:{LogPath}"
            keepalive_interval = 5
            keepalive_count = 5

            """);

        var psi = new ProcessStartInfo { WorkingDirectory = TempDir };
        if (Posix.IsRoot)
        {
            ProcessRunner.Run("chown", new[] { "-R", "nobody:nogroup", TempDir }, timeout: TimeSpan.FromSeconds(30)).EnsureSuccess();
            psi.FileName = "setpriv";
            foreach (var a in new[] { "--reuid=nobody", "--regid=nogroup", "--clear-groups", LibvirtdPath })
            {
                psi.ArgumentList.Add(a);
            }
        }
        else
        {
            psi.FileName = LibvirtdPath;
        }

        foreach (var a in new[] { "-f", ConfigPath, "-p", PidPath })
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment.Clear();
        psi.Environment["PATH"] = "/usr/sbin:/usr/bin:/sbin:/bin";
        psi.Environment["HOME"] = Path.Combine(TempDir, "home");
        psi.Environment["XDG_RUNTIME_DIR"] = Path.Combine(TempDir, "run");
        psi.Environment["XDG_CONFIG_HOME"] = Path.Combine(TempDir, "config");
        psi.Environment["XDG_CACHE_HOME"] = Path.Combine(TempDir, "cache");
        psi.Environment["LIBVIRT_DRIVER_DIR"] = Path.Combine(TempDir, "drivers");
        psi.Environment["LC_ALL"] = "C";

        _daemon = DaemonProcess.Start("libvirtd", psi);
        try
        {
            _daemon.WaitForSocket(SocketPath, StartTimeout, ReadLog);
        }
        catch
        {
            _daemon.Dispose();
            RemoveTempDir();
            throw;
        }
    }

    /// <summary>The private directory holding config, log, sockets and state; removed on dispose (unless VIREO_KEEP_TMP=1).</summary>
    public string TempDir { get; }

    /// <summary>A directory the daemon may write (it runs as nobody when the tests run as root), e.g. for save images.</summary>
    public string WorkDir => Path.Combine(TempDir, "work");

    /// <summary>The libvirtd.conf in use.</summary>
    public string ConfigPath { get; }

    /// <summary>libvirtd's own log (warnings and errors).</summary>
    public string LogPath { get; }

    /// <summary>libvirtd's pid file.</summary>
    public string PidPath { get; }

    /// <summary>The read-write UNIX socket.</summary>
    public string SocketPath { get; }

    /// <summary>The read-only socket: an unprivileged libvirtd has none, so this is null.</summary>
    public string? RoSocketPath => null;

    /// <summary><c>test+unix:///default?socket=...</c></summary>
    public string TestUri => UriFor("test:///default");

    /// <summary>libvirtd's pid.</summary>
    public int Pid => _daemon.Pid;

    /// <summary>
    /// A <c>test+unix</c> URI for a custom test-driver node file. The daemon reads the file itself, so it
    /// is first copied into <see cref="WorkDir"/> (readable by nobody).
    /// </summary>
    public string TestUriFor(string nodeXmlPath)
    {
        var copy = Path.Combine(WorkDir, Path.GetFileName(nodeXmlPath));
        File.Copy(nodeXmlPath, copy, overwrite: true);
        File.SetUnixFileMode(copy, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        return UriFor("test://" + copy);
    }

    /// <summary>
    /// Waits (polling, bounded) until test:///default is in its initial state again, i.e. libvirtd has
    /// processed the close of the previous connection and reset the driver: domain 'test' is running.
    /// Call before a session that must start from the initial state.
    /// </summary>
    public void WaitForFreshTestDefault(TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        ProcessResult r;
        do
        {
            r = ProcessRunner.Virsh(TestUri, new[] { "domstate", "test" }, TimeSpan.FromSeconds(30));
            if (r.Succeeded && r.Stdout.Trim() == "running")
            {
                return;
            }
        }
        while (DateTime.UtcNow < deadline && !r.TimedOut);

        throw new TimeoutException("libvirtd's test:///default did not return to its initial state (domain test running):\n" + r + Describe());
    }

    /// <summary>Turns a plain driver URI (<c>test:///default</c>) into one reaching this daemon's socket.</summary>
    public string UriFor(string driverUri)
    {
        var i = driverUri.IndexOf("://", StringComparison.Ordinal);
        return driverUri[..i] + "+unix" + driverUri[i..] + "?socket=" + SocketPath;
    }

    /// <summary>Process state, stdout/stderr and the log file, for failure messages.</summary>
    public string Describe() => _daemon.Describe(ReadLog);

    public void Dispose()
    {
        _daemon.Dispose();
        RemoveTempDir();
        GC.SuppressFinalize(this);
    }

    private string ReadLog() =>
        File.Exists(LogPath) ? "--- " + LogPath + ":\n" + File.ReadAllText(LogPath) : "--- (no " + LogPath + ")\n";

    private void RemoveTempDir()
    {
        if (Environment.GetEnvironmentVariable("VIREO_KEEP_TMP") == "1")
        {
            return;
        }

        try
        {
            Directory.Delete(TempDir, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
