using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Vireo.Integration.Tests.Infrastructure;

namespace Vireo.Integration.Tests.Fixtures;

/// <summary>
/// A private real libvirtd (test driver) listening on TLS on 127.0.0.1 (a free high port, <c>libvirtd --listen</c>
/// with listen_tls only) with certificates made by our <c>vireo-pki</c>: a CA with a CRL, the server certificate,
/// and client directories in the pkipath layout — alice (allowed by tls_allowed_dn_list), mallory (not on the
/// list) and revoked (in the CRL). Kept away from the host as <see cref="LibvirtdFixture"/> is: runs as nobody
/// (when root), every path in the temp dir, no loadable drivers.
/// </summary>
public sealed class TlsLibvirtdFixture : IDisposable
{
    private readonly DaemonProcess _daemon;

    public TlsLibvirtdFixture()
    {
        TempDir = Path.Combine(Posix.IsRoot ? "/tmp" : Path.GetTempPath(), "vireo-tls-libvirtd-" + Guid.NewGuid().ToString("N")[..10]);
        foreach (var d in new[] { "home", "run", "config", "cache", "sock", "drivers", "pki" })
            Directory.CreateDirectory(Path.Combine(TempDir, d));
        string pki = Path.Combine(TempDir, "pki"), ca = Path.Combine(pki, "CA"), server = Path.Combine(pki, "server");
        Pki("create-ca", "--ca-dir", ca);
        Pki("create-server", "--ca-dir", ca, "--host", "localhost,127.0.0.1", "--out", server);
        foreach (var name in new[] { "alice", "mallory", "revoked" })
            Pki("create-client", "--ca-dir", ca, "--cn", name, "--out", Path.Combine(pki, name));
        Pki("revoke", "--ca-dir", ca, Path.Combine(pki, "revoked", "clientcert.pem"));
        PkiDir = pki;
        Port = FreePort();

        var log = Path.Combine(TempDir, "libvirtd.log");
        LogPath = log;
        File.WriteAllText(Path.Combine(TempDir, "libvirtd.conf"), $"""
            unix_sock_dir = "{TempDir}/sock"
            unix_sock_rw_perms = "0777"
            unix_sock_ro_perms = "0777"
            unix_sock_admin_perms = "0700"
            auth_unix_rw = "none"
            auth_unix_ro = "none"
            listen_tls = 1
            listen_tcp = 0
            listen_addr = "127.0.0.1"
            tls_port = "{Port}"
            auth_tls = "none"
            ca_file = "{ca}/cacert.pem"
            cert_file = "{server}/servercert.pem"
            key_file = "{server}/serverkey.pem"
            crl_file = "{ca}/cacrl.pem"
            # libvirtd matches the DN as GnuTLS's gnutls_x509_crt_get_dn prints it (virt-pki-query-dn): encoding order
            tls_allowed_dn_list = ["O=Vireo,CN=alice", "O=Vireo,CN=revoked"]
            log_outputs = "3:file:{log}"

            """);

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
        foreach (var a in new[] { "--listen", "-f", Path.Combine(TempDir, "libvirtd.conf"), "-p", Path.Combine(TempDir, "libvirtd.pid") }) psi.ArgumentList.Add(a);
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
            // the unix socket appears after every listener (TLS included) is set up
            _daemon.WaitForSocket(Path.Combine(TempDir, "sock", "libvirt-sock"), TimeSpan.FromSeconds(30), ReadLog);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string TempDir { get; }
    public string PkiDir { get; }
    public string LogPath { get; }
    public int Port { get; }
    public int Pid => _daemon.Pid;

    /// <summary><c>test+tls://127.0.0.1:PORT/default?pkipath=DIR</c> for a client directory.</summary>
    public string TlsUri(string client, string extra = "") => $"test+tls://127.0.0.1:{Port}/default?pkipath={Path.Combine(PkiDir, client)}{extra}";

    public string Describe() => _daemon.Describe(ReadLog);

    private string ReadLog() => File.Exists(LogPath) ? File.ReadAllText(LogPath) : "";

    private static void Pki(params string[] args) => ProcessRunner.Run(RepoPaths.Program("vireo-pki"), args).EnsureSuccess();

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        _daemon?.Dispose();
        if (Environment.GetEnvironmentVariable("VIREO_KEEP_TMP") == "1") return;
        try { Directory.Delete(TempDir, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
