using System.Text;
using Vireo.Protocol.Errors;

namespace Vireo.Client.Uris;

/// <summary>
/// A libvirt connection URI: <c>driver[+transport]://[user@][host][:port]/[path][?params]</c>,
/// e.g. <c>qemu:///system</c>, <c>test+unix:///default?socket=/run/vireo/vireo-sock</c>, <c>qemu+ssh://root@host/system</c>.
/// </summary>
public sealed record ConnectionUri(string Driver, string? Transport, string? User, string? Host, int? Port, string Path,
    IReadOnlyList<KeyValuePair<string, string>> Parameters, string Original)
{
    /// <summary>Query parameters the client consumes itself; they never reach the daemon (libvirt's list).</summary>
    private static readonly HashSet<string> ClientOnlyParameters =
    [
        "socket", "command", "netcat", "keyfile", "pkipath", "no_verify", "no_tty", "no_sanity", "auth", "sshauth",
        "mode", "proxy", "known_hosts", "known_hosts_verify", "tls_priority", "authfile", "name",
    ];

    public static ConnectionUri Parse(string text)
    {
        int sep = text.IndexOf("://", StringComparison.Ordinal);
        if (sep <= 0) throw Invalid(text);
        string scheme = text[..sep];
        string rest = text[(sep + 3)..];
        string? query = null;
        int q = rest.IndexOf('?');
        if (q >= 0) { query = rest[(q + 1)..]; rest = rest[..q]; }
        int slash = rest.IndexOf('/');
        string authority = slash >= 0 ? rest[..slash] : rest;
        string path = slash >= 0 ? rest[slash..] : "";

        string? user = null, host = null;
        int? port = null;
        int at = authority.LastIndexOf('@');
        if (at >= 0) { user = Uri.UnescapeDataString(authority[..at]); authority = authority[(at + 1)..]; }
        if (authority.StartsWith('['))
        {
            int close = authority.IndexOf(']');
            if (close < 0) throw Invalid(text);
            host = authority[1..close];
            authority = authority[(close + 1)..];
            if (authority.StartsWith(':')) port = ParsePort(authority[1..], text);
        }
        else
        {
            int colon = authority.LastIndexOf(':');
            if (colon >= 0) { port = ParsePort(authority[(colon + 1)..], text); authority = authority[..colon]; }
            host = authority.Length == 0 ? null : authority;
        }

        string driver = scheme, transport = "";
        int plus = scheme.IndexOf('+');
        if (plus >= 0) { driver = scheme[..plus]; transport = scheme[(plus + 1)..]; }
        if (driver.Length == 0) throw Invalid(text);

        var parameters = new List<KeyValuePair<string, string>>();
        if (!string.IsNullOrEmpty(query))
        {
            foreach (var part in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                int eq = part.IndexOf('=');
                string k = Uri.UnescapeDataString(eq >= 0 ? part[..eq] : part);
                string v = eq >= 0 ? Uri.UnescapeDataString(part[(eq + 1)..].Replace('+', ' ')) : "";
                parameters.Add(new(k, v));
            }
        }
        return new ConnectionUri(driver, transport.Length == 0 ? null : transport, user, host, port, path, parameters, text);
    }

    private static int ParsePort(string s, string text) =>
        int.TryParse(s, out int p) && p is > 0 and < 65536 ? p : throw Invalid(text);

    private static LibvirtException Invalid(string text) =>
        new(ErrorCode.InvalidArg, ErrorDomain.Uri, $"invalid argument: Unable to parse URI {text}");

    /// <summary>The transport actually used: explicit, else unix without a host and tls with one.</summary>
    public string EffectiveTransport => Transport ?? (Host is null ? "unix" : "tls");

    public string? Get(string name) => Parameters.LastOrDefault(p => p.Key == name).Value;

    /// <summary>
    /// The name sent in CONNECT_OPEN: transport, user, host, port and client-only parameters removed
    /// (<c>test+tcp://host:1234/default?socket=x</c> → <c>test:///default</c>), unless <c>?name=</c> overrides it.
    /// </summary>
    public string NameForDaemon
    {
        get
        {
            var explicitName = Get("name");
            if (explicitName is not null) return explicitName;
            var sb = new StringBuilder(Driver).Append("://").Append(Path);
            var kept = Parameters.Where(p => !ClientOnlyParameters.Contains(p.Key)).ToList();
            if (kept.Count > 0)
                sb.Append('?').Append(string.Join('&', kept.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}")));
            return sb.ToString();
        }
    }

    public override string ToString() => Original;
}
