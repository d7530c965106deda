using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Vireo.Daemon.Tls;

/// <summary>
/// A certificate subject as text for <c>tls_allowed_dn_list</c> and the ACL: <c>CN=client1,O=Example,C=GB</c>
/// (RFC 4514 order, as GnuTLS 3.5+ prints it) and the older encoding order <c>C=GB,O=Example,CN=client1</c>
/// that libvirt's documentation still shows; a pattern may use either.
/// </summary>
public static class DistinguishedName
{
    /// <summary>RFC 4514 order: most specific first (CN=...,O=...,C=...).</summary>
    public static string Rfc4514(X500DistinguishedName name) => Format(name, reversed: true);

    /// <summary>Encoding order: C=...,O=...,CN=... (libvirt's older examples).</summary>
    public static string EncodingOrder(X500DistinguishedName name) => Format(name, reversed: false);

    public static bool MatchesAny(X500DistinguishedName name, IEnumerable<string> patterns)
    {
        string a = Rfc4514(name), b = EncodingOrder(name);
        return patterns.Any(p => Access.Glob.IsMatch(p, a) || Access.Glob.IsMatch(p, b));
    }

    private static string Format(X500DistinguishedName name, bool reversed)
    {
        var parts = new List<string>();
        foreach (var rdn in name.EnumerateRelativeDistinguishedNames(reversed))
        {
            if (rdn.HasMultipleElements)
            {
                parts.Add(Escape(rdn.RawData.Length.ToString())); // multi-valued RDNs are not produced by any tool we know of
                continue;
            }
            parts.Add($"{ShortName(rdn.GetSingleElementType().Value!)}={Escape(rdn.GetSingleElementValue() ?? "")}");
        }
        return string.Join(',', parts);
    }

    private static string ShortName(string oid) => oid switch
    {
        "2.5.4.3" => "CN",
        "2.5.4.6" => "C",
        "2.5.4.7" => "L",
        "2.5.4.8" => "ST",
        "2.5.4.10" => "O",
        "2.5.4.11" => "OU",
        "2.5.4.5" => "serialNumber",
        "0.9.2342.19200300.100.1.25" => "DC",
        "0.9.2342.19200300.100.1.1" => "UID",
        "1.2.840.113549.1.9.1" => "EMAIL",
        _ => oid,
    };

    private static string Escape(string value)
    {
        var sb = new StringBuilder(value.Length);
        foreach (char c in value)
        {
            if (c is ',' or '+' or '"' or '\\' or '<' or '>' or ';') sb.Append('\\');
            sb.Append(c);
        }
        return sb.ToString();
    }
}
