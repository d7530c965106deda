using System.Diagnostics;
using Vireo.Integration.Tests.Infrastructure;

namespace Vireo.Integration.Tests.Fixtures;

/// <summary>
/// A private real libvirtd (test driver) whose read-write socket asks for SASL (<c>auth_unix_rw = "sasl"</c>),
/// with Cyrus SASL configured through <c>SASL_CONF_PATH</c> (the temp dir's libvirt.conf: SCRAM-SHA-256 only,
/// a sasldb made by saslpasswd2), and one user <see cref="User"/>/<see cref="Password"/>. Kept away from the
/// host as <see cref="LibvirtdFixture"/> is: runs as nobody (when root), every path in the temp dir, no
/// loadable drivers.
/// </summary>
public sealed class SaslLibvirtdFixture : IDisposable
{
    public const string User = "fred";
    public const string Password = "battery staple";
    private readonly DaemonProcess _daemon;

    public SaslLibvirtdFixture()
    {
        if (!File.Exists("/usr/sbin/saslpasswd2")) throw new InvalidOperationException("saslpasswd2 not found: run scripts/setup (Debian package sasl2-bin)");
        TempDir = Path.Combine(Posix.IsRoot ? "/tmp" : Path.GetTempPath(), "vireo-sasl-libvirtd-" + Guid.NewGuid().ToString("N")[..10]);
        foreach (var d in new[] { "home", "run", "config", "cache", "sock", "drivers", "sasl" })
            Directory.CreateDirectory(Path.Combine(TempDir, d));
        var log = Path.Combine(TempDir, "libvirtd.log");
        File.WriteAllText(Path.Combine(TempDir, "libvirtd.conf"), $"""
            unix_sock_dir = "{TempDir}/sock"
            unix_sock_rw_perms = "0777"
            unix_sock_ro_perms = "0777"
            unix_sock_admin_perms = "0700"
            auth_unix_rw = "sasl"
            auth_unix_ro = "none"
            log_outputs = "3:file:{log}"

            """);
        var db = Path.Combine(TempDir, "sasl", "passwd.db");
        File.WriteAllText(Path.Combine(TempDir, "sasl", "libvirt.conf"), $"mech_list: scram-sha-256\nsasldb_path: {db}\n");
        ProcessRunner.Run("/usr/sbin/saslpasswd2", ["-f", db, "-a", "libvirt", "-p", User], stdin: Password).EnsureSuccess();

        var psi = new ProcessStartInfo { WorkingDirectory = TempDir };
        if (Posix.IsRoot)
        {
            ProcessRunner.Run("chown", ["-R", "nobody:nogroup", TempDir]).EnsureSuccess();
            psi.FileName = "setpriv";
            foreach (var a in new[] { "--reuid=nobody", "--regid=nogroup", "--clear-groups", LibvirtdFixture.LibvirtdPath }) psi.ArgumentList.Add(a);
        }
        else
        {
            psi.FileName = LibvirtdFixture.LibvirtdPath;
        }
        foreach (var a in new[] { "-f", Path.Combine(TempDir, "libvirtd.conf"), "-p", Path.Combine(TempDir, "libvirtd.pid") }) psi.ArgumentList.Add(a);
        psi.Environment.Clear();
        psi.Environment["PATH"] = "/usr/sbin:/usr/bin:/sbin:/bin";
        psi.Environment["HOME"] = Path.Combine(TempDir, "home");
        psi.Environment["XDG_RUNTIME_DIR"] = Path.Combine(TempDir, "run");
        psi.Environment["XDG_CONFIG_HOME"] = Path.Combine(TempDir, "config");
        psi.Environment["XDG_CACHE_HOME"] = Path.Combine(TempDir, "cache");
        psi.Environment["LIBVIRT_DRIVER_DIR"] = Path.Combine(TempDir, "drivers");
        psi.Environment["SASL_CONF_PATH"] = Path.Combine(TempDir, "sasl");
        psi.Environment["LC_ALL"] = "C";
        _daemon = DaemonProcess.Start("libvirtd", psi);
        try
        {
            _daemon.WaitForSocket(SocketPath, TimeSpan.FromSeconds(30), () => File.Exists(log) ? File.ReadAllText(log) : "");
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string TempDir { get; }
    public string SocketPath => Path.Combine(TempDir, "sock", "libvirt-sock");
    public string TestUri => "test+unix:///default?socket=" + SocketPath;

    public void Dispose()
    {
        _daemon?.Dispose();
        if (Environment.GetEnvironmentVariable("VIREO_KEEP_TMP") == "1") return;
        try { Directory.Delete(TempDir, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
