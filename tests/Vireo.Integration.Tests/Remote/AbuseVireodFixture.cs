using System.Net;
using System.Net.Sockets;
using Vireo.Integration.Tests.Fixtures;
using Vireo.Integration.Tests.Infrastructure;

namespace Vireo.Integration.Tests.Remote;

/// <summary>
/// vireod for the abuse tests: unix sockets plus TLS on 127.0.0.1 (certificates from vireo-pki, one allowed
/// client "alice"), with short limits so hostile clients are dropped quickly: packet_timeout = 2 s,
/// tls_handshake_timeout = 2 s, max_anonymous_clients = 20 (libvirtd's default).
/// </summary>
public sealed class AbuseVireodFixture : VireodFixture, IDisposable
{
    public const int PacketTimeoutSeconds = 2;
    public const int MaxAnonymousClients = 20;

    public AbuseVireodFixture()
        : this(Prepare())
    {
    }

    private AbuseVireodFixture((string Pki, int Port, string Config) p)
        : base(["--config", p.Config, "--listen-tls", $"127.0.0.1:{p.Port}"])
    {
        PkiDir = p.Pki;
        Port = p.Port;
    }

    public string PkiDir { get; }
    public int Port { get; }

    public string TlsUri => $"test+tls://127.0.0.1:{Port}/default?pkipath={Path.Combine(PkiDir, "alice")}";

    /// <summary>The daemon's resident memory (VmRSS) in KiB.</summary>
    public long RssKib()
    {
        foreach (var line in File.ReadLines($"/proc/{Pid}/status"))
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0]);
        throw new InvalidOperationException($"no VmRSS in /proc/{Pid}/status");
    }

    private static (string, int, string) Prepare()
    {
        var dir = Directory.CreateTempSubdirectory("vireo-abuse-pki-").FullName;
        string ca = Path.Combine(dir, "CA"), server = Path.Combine(dir, "server");
        TlsVireodFixture.Pki("create-ca", "--ca-dir", ca);
        TlsVireodFixture.Pki("create-server", "--ca-dir", ca, "--host", "localhost,127.0.0.1", "--out", server);
        TlsVireodFixture.Pki("create-client", "--ca-dir", ca, "--cn", "alice", "--out", Path.Combine(dir, "alice"));
        var config = Path.Combine(dir, "vireod.conf");
        File.WriteAllText(config, $"""
            ca_file = "{ca}/cacert.pem"
            cert_file = "{server}/servercert.pem"
            key_file = "{server}/serverkey.pem"
            packet_timeout = {PacketTimeoutSeconds}
            tls_handshake_timeout = 2
            max_anonymous_clients = {MaxAnonymousClients}
            """);
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return (dir, ((IPEndPoint)l.LocalEndpoint).Port, config);
    }

    public new void Dispose()
    {
        base.Dispose();
        try { Directory.Delete(PkiDir, recursive: true); } catch (IOException) { }
    }
}
