using Vireo.Daemon.Server;

namespace Vireo.Daemon.Access;

/// <summary>Who makes a call, in the terms the ACL speaks: unix user and groups, certificate DN, SASL user.</summary>
public sealed class AccessSubject
{
    private AccessSubject(PeerIdentity id, string? user, IReadOnlyList<int> gids)
    {
        Identity = id;
        UserName = user;
        Gids = gids;
    }

    public PeerIdentity Identity { get; }
    public string? UserName { get; }
    public IReadOnlyList<int> Gids { get; }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<PeerIdentity, AccessSubject> Cache = new();

    /// <summary>The subject of a connection's identity, looked up once per identity (not per call).</summary>
    public static AccessSubject From(PeerIdentity id) => Cache.GetValue(id, Create);

    private static AccessSubject Create(PeerIdentity id)
    {
        if (id.Transport != "unix" || id.Uid < 0) return new AccessSubject(id, null, []);
        var gids = new List<int> { id.Gid };
        gids.AddRange(UnixAccounts.SupplementaryGroups(id.Pid));
        return new AccessSubject(id, UnixAccounts.UserName(id.Uid), gids.Distinct().ToList());
    }

    public bool Matches(AccessRule rule) => rule.SubjectKind switch
    {
        "*" => true,
        "user" => Identity.Uid >= 0 && (rule.SubjectValue == UserName || rule.SubjectValue == Identity.Uid.ToString()),
        "group" => Gids.Count > 0 && (int.TryParse(rule.SubjectValue, out int g) ? Gids.Contains(g)
            : UnixAccounts.GroupId(rule.SubjectValue) is int gid && Gids.Contains(gid)),
        "dn" => Identity.X509Dn is { } dn && Glob.IsMatch(rule.SubjectValue, dn),
        "sasl" => Identity.SaslUser is { } u && Glob.IsMatch(rule.SubjectValue, u),
        _ => false,
    };

    /// <summary>For error messages and the audit log.</summary>
    public override string ToString() => Identity.Transport == "unix" && Identity.Uid >= 0
        ? $"unix uid={Identity.Uid}({UserName ?? "?"}) pid={Identity.Pid}"
        : Identity.ToString();
}
