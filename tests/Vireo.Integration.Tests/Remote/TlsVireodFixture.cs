using System.Net;
using System.Net.Sockets;
using Vireo.Integration.Tests.Fixtures;
using Vireo.Integration.Tests.Infrastructure;

namespace Vireo.Integration.Tests.Remote;

/// <summary>
/// vireod listening on TLS (127.0.0.1, a free port) with a PKI made by our own <c>vireo-pki</c>: a CA, the server
/// certificate, and one client directory (pkipath layout) per case — alice (allowed), mallory (DN not on
/// tls_allowed_dn_list), revoked (in the CRL), expired, eve (signed by another CA), nocert (CA only).
/// </summary>
public sealed class TlsVireodFixture : VireodFixture, IDisposable
{
    public TlsVireodFixture()
        : this(Prepare())
    {
    }

    private TlsVireodFixture((string Pki, int Port, string Config) p)
        : base(["--config", p.Config, "--listen-tls", $"127.0.0.1:{p.Port}"])
    {
        PkiDir = p.Pki;
        Port = p.Port;
    }

    /// <summary>Holds the CA (CA/), the server files and one directory per client.</summary>
    public string PkiDir { get; }

    public int Port { get; }

    /// <summary>A client's pkipath directory.</summary>
    public string ClientDir(string name) => Path.Combine(PkiDir, name);

    /// <summary><c>test+tls://127.0.0.1:PORT/default?pkipath=DIR</c> for a client.</summary>
    public string TlsUri(string client, string extra = "") => $"test+tls://127.0.0.1:{Port}/default?pkipath={ClientDir(client)}{extra}";

    public static ProcessResult Pki(params string[] args) =>
        ProcessRunner.Run(RepoPaths.Program("vireo-pki"), args).EnsureSuccess();

    private static (string, int, string) Prepare()
    {
        var dir = Directory.CreateTempSubdirectory("vireo-pki-").FullName;
        string ca = Path.Combine(dir, "CA"), other = Path.Combine(dir, "otherCA"), server = Path.Combine(dir, "server");
        Pki("create-ca", "--ca-dir", ca);
        Pki("create-server", "--ca-dir", ca, "--host", "localhost,127.0.0.1", "--out", server);
        foreach (var name in new[] { "alice", "mallory", "revoked" })
            Pki("create-client", "--ca-dir", ca, "--cn", name, "--out", Path.Combine(dir, name));
        Pki("create-client", "--ca-dir", ca, "--cn", "expired", "--days", "-1", "--out", Path.Combine(dir, "expired"));
        Pki("revoke", "--ca-dir", ca, Path.Combine(dir, "revoked", "clientcert.pem"));
        Pki("create-ca", "--ca-dir", other, "--cn", "Other CA");
        Pki("create-client", "--ca-dir", other, "--cn", "eve", "--out", Path.Combine(dir, "eve"));
        Directory.CreateDirectory(Path.Combine(dir, "nocert"));
        File.Copy(Path.Combine(ca, "cacert.pem"), Path.Combine(dir, "nocert", "cacert.pem"));

        var config = Path.Combine(dir, "vireod.conf");
        File.WriteAllText(config, $"""
            ca_file = "{ca}/cacert.pem"
            cert_file = "{server}/servercert.pem"
            key_file = "{server}/serverkey.pem"
            crl_file = "{ca}/cacrl.pem"
            # mallory is the one the list leaves out; the others are refused for their certificate itself
            tls_allowed_dn_list = ["CN=alice,O=Vireo", "CN=revoked,*", "O=Vireo,CN=expired", "CN=eve,*"]
            """);
        return (dir, FreePort(), config);
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    public new void Dispose()
    {
        base.Dispose();
        try { Directory.Delete(PkiDir, recursive: true); } catch (IOException) { }
    }
}
