using System.Globalization;

namespace Vireo.Daemon.Config;

/// <summary>
/// vireod's settings, read from a libvirtd.conf-style file (<c>key = value</c>, <c>#</c> comments, strings in quotes).
/// Names follow libvirtd.conf so an admin's knowledge carries over.
/// </summary>
public sealed class DaemonConfig
{
    /// <summary>Mode of the read-write socket (libvirtd: unix_sock_rw_perms).</summary>
    public int UnixSockRwPerms { get; set; } = Convert.ToInt32("0600", 8);
    /// <summary>Mode of the read-only socket (unix_sock_ro_perms).</summary>
    public int UnixSockRoPerms { get; set; } = Convert.ToInt32("0666", 8);
    /// <summary>Group owning the sockets (unix_sock_group); null keeps the daemon's group.</summary>
    public string? UnixSockGroup { get; set; }
    public bool ListenTcp { get; set; }
    public string TcpListenAddress { get; set; } = "127.0.0.1";
    public int TcpPort { get; set; } = 16509;
    public int MaxClients { get; set; } = 5000;
    public int MaxClientRequests { get; set; } = 5;
    /// <summary>max_anonymous_clients: connections still in their TLS handshake (not yet authenticated).</summary>
    public int MaxAnonymousClients { get; set; } = 20;
    /// <summary>packet_timeout (Vireo's own): seconds a client may take to send one packet whole after its first byte; 0 = no limit.</summary>
    public int PacketTimeout { get; set; } = 60;
    public bool ListenTls { get; set; }
    public int TlsPort { get; set; } = 16514;
    /// <summary>ca_file, cert_file, key_file, crl_file, tls_no_verify_certificate, tls_allowed_dn_list.</summary>
    public Tls.TlsSettings Tls { get; } = new();
    /// <summary>access_file: the ACL file (default ETC/access.conf; absent = only root may change anything).</summary>
    public string? AccessFile { get; set; }
    public int KeepaliveInterval { get; set; } = 5;
    public int KeepaliveCount { get; set; } = 5;
    /// <summary>Drivers to enable ("test", "qemu"); qemu is enabled only where QEMU is installed.</summary>
    public List<string> Drivers { get; } = ["test", "qemu"];
    /// <summary>Auth on the read-write unix socket (auth_unix_rw): "none" or "sasl".</summary>
    public string AuthUnixRw { get; set; } = "none";
    /// <summary>Auth on the read-only unix socket (auth_unix_ro).</summary>
    public string AuthUnixRo { get; set; } = "none";
    /// <summary>Auth on the TCP listener (auth_tcp); null: "none" on a loopback address, "sasl" on any other.</summary>
    public string? AuthTcp { get; set; }
    /// <summary>SASL user database (sasl_db_path); null: ETC/sasl-users, managed by vireo-saslpasswd.</summary>
    public string? SaslDbPath { get; set; }
    /// <summary>SASL user names allowed in (sasl_allowed_username_list, glob patterns); null allows every user in the database.</summary>
    public List<string>? SaslAllowedUsernames { get; set; }

    public static DaemonConfig Load(string? path)
    {
        var config = new DaemonConfig();
        if (path is null || !File.Exists(path)) return config;
        int lineNo = 0;
        foreach (var raw in File.ReadLines(path))
        {
            lineNo++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            int eq = line.IndexOf('=');
            if (eq <= 0) throw new FormatException($"{path}:{lineNo}: expected 'key = value', got '{line}'");
            string key = line[..eq].Trim(), value = line[(eq + 1)..].Trim().Trim('"');
            config.Set(key, value, $"{path}:{lineNo}");
        }
        return config;
    }

    private void Set(string key, string value, string where)
    {
        switch (key)
        {
            case "unix_sock_rw_perms": UnixSockRwPerms = Convert.ToInt32(value, 8); break;
            case "unix_sock_ro_perms": UnixSockRoPerms = Convert.ToInt32(value, 8); break;
            case "unix_sock_group": UnixSockGroup = value; break;
            case "listen_tcp": ListenTcp = value == "1"; break;
            case "listen_addr": TcpListenAddress = value; break;
            case "tcp_port": TcpPort = ParseInt(value, where); break;
            case "max_clients": MaxClients = ParseInt(value, where); break;
            case "max_client_requests": MaxClientRequests = Math.Max(1, ParseInt(value, where)); break;
            case "keepalive_interval": KeepaliveInterval = ParseInt(value, where); break;
            case "keepalive_count": KeepaliveCount = ParseInt(value, where); break;
            case "max_anonymous_clients": MaxAnonymousClients = ParseInt(value, where); break;
            case "packet_timeout": PacketTimeout = ParseInt(value, where); break;
            case "tls_handshake_timeout": Tls.HandshakeTimeout = Math.Max(1, ParseInt(value, where)); break;
            case "listen_tls": ListenTls = value == "1"; break;
            case "tls_port": TlsPort = ParseInt(value, where); break;
            case "ca_file": Tls.CaFile = value; break;
            case "cert_file": Tls.CertFile = value; break;
            case "key_file": Tls.KeyFile = value; break;
            case "crl_file": Tls.CrlFile = value; break;
            case "tls_no_verify_certificate": Tls.NoVerifyCertificate = value == "1"; break;
            case "tls_allowed_dn_list": Tls.AllowedDnList = ConfigList.Parse(value, where); break;
            case "access_file": AccessFile = value; break;
            case "drivers":
                Drivers.Clear();
                Drivers.AddRange(value.Trim('[', ']').Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => s.Trim('"')));
                break;
            case "auth_unix_rw": AuthUnixRw = ParseAuth(value, where); break;
            case "auth_unix_ro": AuthUnixRo = ParseAuth(value, where); break;
            case "auth_tcp": AuthTcp = ParseAuth(value, where); break;
            case "sasl_db_path": SaslDbPath = value; break;
            case "sasl_allowed_username_list": SaslAllowedUsernames = ParseList(value); break;
            default: throw new FormatException($"{where}: unknown setting '{key}'");
        }
    }

    /// <summary>An auth scheme this daemon implements ("polkit" is libvirtd's, not ours).</summary>
    private static string ParseAuth(string value, string where) =>
        value is "none" or "sasl" ? value : throw new FormatException($"{where}: unsupported auth type '{value}' (expected \"none\" or \"sasl\")");

    private static List<string> ParseList(string value) =>
        value.Trim('[', ']').Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => s.Trim('"')).ToList();

    private static int ParseInt(string value, string where) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : throw new FormatException($"{where}: '{value}' is not a number");
}
