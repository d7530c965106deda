using System.Diagnostics;
using Vireo.Integration.Tests.Infrastructure;

namespace Vireo.Integration.Tests.Fixtures;

/// <summary>What differs between the private libvirtd instances the tests start.</summary>
public sealed record PrivateLibvirtdOptions
{
    /// <summary>Names the temp dir (<c>/tmp/vireo-NAME-…</c>).</summary>
    public required string Name { get; init; }

    /// <summary>Loadable connection drivers offered to the daemon (paths); none by default: only the built-in test driver serves.</summary>
    public IReadOnlyList<string> DriverModules { get; init; } = [];

    /// <summary>Storage backend modules (paths), for a daemon with the storage driver.</summary>
    public IReadOnlyList<string> StorageBackends { get; init; } = [];

    /// <summary>libvirtd.conf lines after the socket, auth and log lines.</summary>
    public string ExtraConfig { get; init; } = "";

    public string AuthUnixRw { get; init; } = "none";

    /// <summary>Arguments before <c>-f</c> (e.g. <c>--listen</c>).</summary>
    public IReadOnlyList<string> ExtraArgs { get; init; } = [];

    /// <summary>Environment for the daemon beyond the private directories; a value may name <c>{TempDir}</c>.</summary>
    public IReadOnlyDictionary<string, string> ExtraEnvironment { get; init; } = new Dictionary<string, string>();

    /// <summary>Called with the temp dir before it is handed to nobody: certificates, SASL databases and such.</summary>
    public Action<string>? Prepare { get; init; }

    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// A private, real libvirtd 9.0 (Debian) on a UNIX socket in a fresh temp directory: the reference our daemon is
/// compared against. How it is kept away from the host: as root it is started through <c>setpriv</c> as
/// <c>nobody:nogroup</c>, so it runs unprivileged ("session" mode: no /run/libvirt, no firewall, no bridges, no
/// system libvirtd conflict); its config (<c>libvirtd -f</c>), pid file, sockets and XDG directories all live in
/// the temp dir; <c>LIBVIRT_DRIVER_DIR</c> holds only the driver modules asked for, so nothing else loads.
/// As a non-root user it runs the same way without setpriv.
/// </summary>
public sealed class PrivateLibvirtd : IDisposable
{
    public const string LibvirtdPath = "/usr/sbin/libvirtd";
    private readonly DaemonProcess _daemon;

    public PrivateLibvirtd(PrivateLibvirtdOptions options)
    {
        if (!File.Exists(LibvirtdPath))
            throw new InvalidOperationException($"{LibvirtdPath} not found: run scripts/setup (Debian package libvirt-daemon)");

        // as root the directory must be reachable by 'nobody': use /tmp, not a private TMPDIR
        TempDir = Path.Combine(Posix.IsRoot ? "/tmp" : Path.GetTempPath(), $"vireo-{options.Name}-" + Guid.NewGuid().ToString("N")[..10]);
        foreach (var d in new[] { "home", "run", "config", "cache", "sock", "drivers", "backends", "work" })
            Directory.CreateDirectory(Path.Combine(TempDir, d));
        foreach (var module in options.DriverModules)
            File.CreateSymbolicLink(Path.Combine(TempDir, "drivers", Path.GetFileName(module)), module);
        foreach (var module in options.StorageBackends)
            File.CreateSymbolicLink(Path.Combine(TempDir, "backends", Path.GetFileName(module)), module);

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
            auth_unix_rw = "{options.AuthUnixRw}"
            auth_unix_ro = "none"
            log_outputs = "3:file:{LogPath}"

            """ + options.ExtraConfig);
        options.Prepare?.Invoke(TempDir);

        var psi = new ProcessStartInfo { WorkingDirectory = TempDir };
        if (Posix.IsRoot)
        {
            ProcessRunner.Run("chown", ["-R", "nobody:nogroup", TempDir], timeout: TimeSpan.FromSeconds(30)).EnsureSuccess();
            psi.FileName = "setpriv";
            foreach (var a in new[] { "--reuid=nobody", "--regid=nogroup", "--clear-groups", LibvirtdPath })
                psi.ArgumentList.Add(a);
        }
        else
        {
            psi.FileName = LibvirtdPath;
        }
        foreach (var a in options.ExtraArgs.Concat(["-f", ConfigPath, "-p", PidPath]))
            psi.ArgumentList.Add(a);

        psi.Environment.Clear();
        psi.Environment["PATH"] = "/usr/sbin:/usr/bin:/sbin:/bin";
        psi.Environment["HOME"] = Path.Combine(TempDir, "home");
        psi.Environment["XDG_RUNTIME_DIR"] = Path.Combine(TempDir, "run");
        psi.Environment["XDG_CONFIG_HOME"] = Path.Combine(TempDir, "config");
        psi.Environment["XDG_CACHE_HOME"] = Path.Combine(TempDir, "cache");
        psi.Environment["LIBVIRT_DRIVER_DIR"] = Path.Combine(TempDir, "drivers");
        psi.Environment["LIBVIRT_STORAGE_BACKEND_DIR"] = Path.Combine(TempDir, "backends");
        psi.Environment["LC_ALL"] = "C";
        foreach (var (key, value) in options.ExtraEnvironment)
            psi.Environment[key] = value.Replace("{TempDir}", TempDir, StringComparison.Ordinal);

        _daemon = DaemonProcess.Start("libvirtd", psi);
        try
        {
            // the unix socket appears after every listener (TCP/TLS included) is set up
            _daemon.WaitForSocket(SocketPath, options.StartTimeout, ReadLog);
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

    /// <summary>A directory the daemon may write (it runs as nobody when the tests run as root).</summary>
    public string WorkDir => Path.Combine(TempDir, "work");

    public string ConfigPath { get; }
    public string LogPath { get; }
    public string PidPath { get; }

    /// <summary>The read-write UNIX socket.</summary>
    public string SocketPath { get; }

    public int Pid => _daemon.Pid;

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
    }

    private string ReadLog() =>
        File.Exists(LogPath) ? "--- " + LogPath + ":\n" + File.ReadAllText(LogPath) : "--- (no " + LogPath + ")\n";

    private void RemoveTempDir()
    {
        if (Environment.GetEnvironmentVariable("VIREO_KEEP_TMP") == "1")
            return;
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
