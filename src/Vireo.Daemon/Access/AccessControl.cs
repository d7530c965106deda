using Vireo.Daemon.Config;

namespace Vireo.Daemon.Access;

/// <summary>
/// The daemon's access policy. Rules of the ACL file (access_file, default ETC/access.conf) are tried in order;
/// the first whose subject, permission and object name match decides. When none matches, a unix client is allowed
/// only if it is root or the daemon's own user, or a member of unix_sock_group; a TLS or TCP client is allowed only
/// when there is no ACL file (its certificate check, or SASL, was its access control — as with libvirtd).
/// </summary>
public sealed class AccessControl
{
    private readonly IReadOnlyList<AccessRule> _rules;
    private readonly bool _hasFile;
    private readonly int? _socketGid;
    private static readonly int DaemonUid = (int)Geteuid();

    private AccessControl(IReadOnlyList<AccessRule> rules, bool hasFile, int? socketGid)
    {
        _rules = rules;
        _hasFile = hasFile;
        _socketGid = socketGid;
    }

    /// <summary>Where the policy came from (for the log).</summary>
    public string Source { get; private init; } = "built-in default (root only)";

    /// <summary>The policy without an ACL file.</summary>
    public static AccessControl Default(DaemonConfig config) => new([], false, SocketGid(config));

    public static AccessControl Load(DaemonConfig config, DaemonPaths paths)
    {
        string path = config.AccessFile ?? Path.Combine(paths.Etc, "access.conf");
        if (!File.Exists(path))
        {
            if (config.AccessFile is not null) throw new FormatException($"access_file '{path}' does not exist");
            return Default(config);
        }
        var rules = new List<AccessRule>();
        int n = 0;
        foreach (var raw in File.ReadLines(path))
        {
            n++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            rules.Add(AccessRule.Parse(line, $"{path}:{n}"));
        }
        return new AccessControl(rules, true, SocketGid(config)) { Source = $"{path} ({rules.Count} rules)" };
    }

    /// <summary>Whether <paramref name="subject"/> holds every one of <paramref name="permissions"/> on the named object.</summary>
    public string? Deny(AccessSubject subject, IReadOnlyList<string> permissions, string objectName)
    {
        foreach (var perm in permissions)
        {
            var rule = _rules.FirstOrDefault(r => subject.Matches(r) && r.Grants(perm, objectName));
            bool allowed = rule is not null ? rule.Allow : AllowedByDefault(subject);
            if (!allowed) return perm;
        }
        return null;
    }

    private bool AllowedByDefault(AccessSubject s)
    {
        var id = s.Identity;
        if (id.Transport == "unix")
            return id.Uid == 0 || id.Uid == DaemonUid || (_socketGid is int g && s.Gids.Contains(g));
        return !_hasFile;
    }

    private static int? SocketGid(DaemonConfig config) => config.UnixSockGroup is { } g
        ? int.TryParse(g, out int id) ? id : UnixAccounts.GroupId(g)
        : null;

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "geteuid")]
    private static extern uint Geteuid();
}
