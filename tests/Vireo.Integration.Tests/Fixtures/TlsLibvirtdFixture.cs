using System.Net;
using System.Net.Sockets;
using Vireo.Integration.Tests.Infrastructure;

namespace Vireo.Integration.Tests.Fixtures;

/// <summary>
/// A private real libvirtd (test driver) listening on TLS on 127.0.0.1 (a free high port, <c>libvirtd --listen</c>
/// with listen_tls only) with certificates made by our <c>vireo-pki</c>: a CA with a CRL, the server certificate,
/// and client directories in the pkipath layout — alice (allowed by tls_allowed_dn_list), mallory (not on the
/// list) and revoked (in the CRL). Kept away from the host as every <see cref="PrivateLibvirtd"/> is.
/// </summary>
public sealed class TlsLibvirtdFixture : IDisposable
{
    private readonly PrivateLibvirtd _daemon;

    public TlsLibvirtdFixture()
    {
        Port = FreePort();
        string pki = "", ca = "", server = "";
        _daemon = new PrivateLibvirtd(new PrivateLibvirtdOptions
        {
            Name = "tls-libvirtd",
            ExtraArgs = ["--listen"],
            Prepare = dir =>
            {
                pki = Path.Combine(dir, "pki");
                ca = Path.Combine(pki, "CA");
                server = Path.Combine(pki, "server");
                Pki("create-ca", "--ca-dir", ca);
                Pki("create-server", "--ca-dir", ca, "--host", "localhost,127.0.0.1", "--out", server);
                foreach (var name in new[] { "alice", "mallory", "revoked" })
                    Pki("create-client", "--ca-dir", ca, "--cn", name, "--out", Path.Combine(pki, name));
                Pki("revoke", "--ca-dir", ca, Path.Combine(pki, "revoked", "clientcert.pem"));
                File.AppendAllText(Path.Combine(dir, "libvirtd.conf"), $"""
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

                    """);
            },
        });
        PkiDir = pki;
    }

    public string TempDir => _daemon.TempDir;
    public string PkiDir { get; }
    public string LogPath => _daemon.LogPath;
    public int Port { get; }
    public int Pid => _daemon.Pid;

    /// <summary><c>test+tls://127.0.0.1:PORT/default?pkipath=DIR</c> for a client directory.</summary>
    public string TlsUri(string client, string extra = "") => $"test+tls://127.0.0.1:{Port}/default?pkipath={Path.Combine(PkiDir, client)}{extra}";

    public string Describe() => _daemon.Describe();

    private static void Pki(params string[] args) => ProcessRunner.Run(RepoPaths.Program("vireo-pki"), args).EnsureSuccess();

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    public void Dispose() => _daemon.Dispose();
}
