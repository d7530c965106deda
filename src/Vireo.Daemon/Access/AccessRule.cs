namespace Vireo.Daemon.Access;

/// <summary>
/// One line of the ACL file: <c>allow|deny SUBJECT PERMISSIONS [OBJECT-NAME-GLOB]</c>, e.g.
/// <c>allow user:alice domain:start,domain:stop,domain:getattr web-*</c>.
/// SUBJECT: <c>user:NAME|UID</c>, <c>group:NAME|GID</c>, <c>dn:GLOB</c> (TLS certificate), <c>sasl:GLOB</c>, or <c>*</c>.
/// PERMISSIONS: comma-separated libvirt permissions <c>object:perm</c> (as in libvirt's ACL: domain:start,
/// domain:read, connect:search_domains ...), each may be a glob (<c>domain:*</c>, <c>*</c>).
/// </summary>
public sealed record AccessRule(bool Allow, string SubjectKind, string SubjectValue, IReadOnlyList<string> Permissions, string ObjectGlob, string Where)
{
    public static AccessRule Parse(string line, string where)
    {
        var f = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (f.Length is < 3 or > 4 || f[0] is not ("allow" or "deny"))
            throw new FormatException($"{where}: expected 'allow|deny SUBJECT PERMISSIONS [OBJECT-GLOB]', got '{line}'");
        string kind, value;
        if (f[1] == "*") (kind, value) = ("*", "*");
        else
        {
            int colon = f[1].IndexOf(':');
            if (colon <= 0) throw new FormatException($"{where}: subject '{f[1]}' must be user:, group:, dn:, sasl: or *");
            (kind, value) = (f[1][..colon], f[1][(colon + 1)..].Trim('"'));
            if (kind is not ("user" or "group" or "dn" or "sasl"))
                throw new FormatException($"{where}: unknown subject kind '{kind}' (user, group, dn, sasl)");
        }
        var perms = f[2].Split(',', StringSplitOptions.RemoveEmptyEntries);
        foreach (var p in perms)
            if (p != "*" && !p.Contains(':')) throw new FormatException($"{where}: permission '{p}' must look like object:perm (domain:start)");
        return new AccessRule(f[0] == "allow", kind, value, perms, f.Length == 4 ? f[3] : "*", where);
    }

    public bool Grants(string permission, string objectName) =>
        Permissions.Any(p => Glob.IsMatch(p, permission)) && Glob.IsMatch(ObjectGlob, objectName);
}
