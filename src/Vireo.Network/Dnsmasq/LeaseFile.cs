using System.Globalization;

namespace Vireo.Network.Dnsmasq;

/// <summary>One lease from dnsmasq's lease file.</summary>
public sealed record Lease(long Expiry, string Mac, string Ip, string? Hostname, string? ClientId, string? Iaid);

/// <summary>
/// Reads dnsmasq's lease file ("EXPIRY MAC IP HOSTNAME CLIENTID" per IPv4 lease; after a "duid" line, IPv6
/// leases as "EXPIRY IAID IP HOSTNAME DUID"). dnsmasq rewrites it on every change, so it is the live state.
/// </summary>
public static class LeaseFile
{
    public static IReadOnlyList<Lease> Read(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (IOException)
        {
            return [];
        }
        return Parse(lines);
    }

    public static IReadOnlyList<Lease> Parse(IEnumerable<string> lines)
    {
        var leases = new List<Lease>();
        bool v6 = false;
        foreach (var line in lines)
        {
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length >= 2 && f[0] == "duid")
            {
                v6 = true;
                continue;
            }
            if (f.Length < 5 || !long.TryParse(f[0], NumberStyles.None, CultureInfo.InvariantCulture, out var expiry))
                continue;
            static string? Opt(string s) => s == "*" ? null : s;
            leases.Add(v6
                ? new Lease(expiry, MacFromDuid(Opt(f[4])) ?? "", f[2], Opt(f[3]), Opt(f[4]), f[1])
                : new Lease(expiry, f[1].ToLowerInvariant(), f[2], Opt(f[3]), Opt(f[4]), null));
        }
        return leases;
    }

    /// <summary>
    /// The MAC inside a DHCPv6 client's DUID of type link-layer (3) or link-layer plus time (1) over Ethernet
    /// (hardware type 1) — what dnsmasq's lease file offers for an IPv6 lease instead of a MAC; null otherwise.
    /// </summary>
    public static string? MacFromDuid(string? duid)
    {
        if (duid is null)
            return null;
        var b = duid.Split(':');
        if (b.Length < 4 || b[0] != "00" || b[2] != "00" || b[3] != "01")
            return null;
        int macAt = b[1] switch { "03" => 4, "01" => 8, _ => -1 };
        if (macAt < 0 || b.Length != macAt + 6)
            return null;
        return string.Join(':', b[macAt..]).ToLowerInvariant();
    }
}
