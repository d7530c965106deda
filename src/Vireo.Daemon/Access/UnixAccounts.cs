namespace Vireo.Daemon.Access;

/// <summary>User and group names from /etc/passwd and /etc/group, and a process's supplementary groups from /proc.</summary>
public static class UnixAccounts
{
    public static string? UserName(int uid) => Lookup("/etc/passwd", f => f[2] == uid.ToString(), f => f[0]);

    public static int? GroupId(string name) =>
        int.TryParse(Lookup("/etc/group", f => f[0] == name, f => f[2]), out int gid) ? gid : null;

    /// <summary>The "Groups:" line of /proc/PID/status (empty when the process is gone).</summary>
    public static IEnumerable<int> SupplementaryGroups(int pid)
    {
        if (pid <= 0) return [];
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
                if (line.StartsWith("Groups:", StringComparison.Ordinal))
                    return line[7..].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToList();
        }
        catch (IOException) { }
        return [];
    }

    private static string? Lookup(string file, Func<string[], bool> match, Func<string[], string> pick)
    {
        try
        {
            foreach (var line in File.ReadLines(file))
            {
                var f = line.Split(':');
                if (f.Length >= 3 && match(f)) return pick(f);
            }
        }
        catch (IOException) { }
        return null;
    }
}
