using System.Globalization;
using Vireo.Protocol.Errors;

namespace Vireo.Drivers.Qemu.Security;

/// <summary>
/// The uid and gid QEMU runs as, from qemu.conf's <c>user</c> and <c>group</c> (names, or <c>+N</c> for a number,
/// as libvirt takes them); the group defaults to the user's primary group.
/// </summary>
public static class QemuRunAs
{
    /// <summary>(uid, gid), or null when qemu.conf names no user (QEMU runs as the daemon does).</summary>
    public static (int Uid, int Gid)? Resolve(QemuConf conf)
    {
        if (conf.User is not { Length: > 0 } user) return null;
        var (uid, primaryGid) = User(user);
        int gid = conf.Group is { Length: > 0 } group ? Group(group) : primaryGid;
        return (uid, gid);
    }

    private static (int Uid, int Gid) User(string user)
    {
        if (user.StartsWith('+') && int.TryParse(user[1..], NumberStyles.None, CultureInfo.InvariantCulture, out int n))
            return (n, Lookup("/etc/passwd", f => f[2] == n.ToString(CultureInfo.InvariantCulture)) is { } byId ? int.Parse(byId[3], CultureInfo.InvariantCulture) : n);
        var f = Lookup("/etc/passwd", f => f[0] == user)
                ?? throw new LibvirtException(ErrorCode.InternalError, ErrorDomain.Qemu, $"internal error: Failed to parse user '{user}'");
        return (int.Parse(f[2], CultureInfo.InvariantCulture), int.Parse(f[3], CultureInfo.InvariantCulture));
    }

    private static int Group(string group)
    {
        if (group.StartsWith('+') && int.TryParse(group[1..], NumberStyles.None, CultureInfo.InvariantCulture, out int n))
            return n;
        var f = Lookup("/etc/group", f => f[0] == group)
                ?? throw new LibvirtException(ErrorCode.InternalError, ErrorDomain.Qemu, $"internal error: Failed to parse group '{group}'");
        return int.Parse(f[2], CultureInfo.InvariantCulture);
    }

    private static string[]? Lookup(string file, Func<string[], bool> match)
    {
        foreach (var line in File.ReadLines(file))
        {
            var f = line.Split(':');
            if (f.Length >= 4 && match(f)) return f;
        }
        return null;
    }
}
