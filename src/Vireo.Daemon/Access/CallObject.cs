using System.Text;
using System.Text.RegularExpressions;
using Vireo.Protocol.Remote;

namespace Vireo.Daemon.Access;

/// <summary>
/// What a call acts on, for the ACL and the audit log: the permissions libvirt declares for the procedure
/// (its unconditional ones; flag-dependent extras are not enforced) and the object's name, read from the
/// arguments without decoding them fully — the leading remote_nonnull_* name, or the &lt;name&gt; of the XML a
/// define/create carries. Volumes are named by their pool.
/// </summary>
public sealed partial record CallObject(string Kind, string Name, IReadOnlyList<string> Permissions)
{
    public static CallObject From(ProcedureInfo info, ReadOnlySpan<byte> payload)
    {
        var perms = info.Acl.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Where(p => p != "none" && p.Count(c => c == ':') == 1).ToList();
        string kind = perms.Count > 0 ? perms[0][..perms[0].IndexOf(':')] : "connect";
        string name = "";
        if (kind != "connect" && !info.Name.Contains("_LOOKUP_BY_UUID") && !info.Name.Contains("_LOOKUP_BY_ID"))
        {
            string? first = FirstString(payload);
            if (first is not null && (info.Name.Contains("_DEFINE_XML") || info.Name.Contains("_CREATE_XML")))
                first = XmlName().Match(first) is { Success: true } m ? m.Groups[1].Value.Trim() : null;
            name = first ?? "";
        }
        return new CallObject(kind, name, perms);
    }

    /// <summary>The first XDR string of the arguments, when it plausibly is one.</summary>
    private static string? FirstString(ReadOnlySpan<byte> p)
    {
        if (p.Length < 4) return null;
        int len = (p[0] << 24) | (p[1] << 16) | (p[2] << 8) | p[3];
        if (len < 0 || len > p.Length - 4) return null;
        try { return new UTF8Encoding(false, true).GetString(p.Slice(4, len)); }
        catch (DecoderFallbackException) { return null; }
    }

    [GeneratedRegex(@"<name>([^<]*)</name>")]
    private static partial Regex XmlName();

    public override string ToString() => Name.Length > 0 ? $"{Kind} '{Name}'" : Kind;
}
