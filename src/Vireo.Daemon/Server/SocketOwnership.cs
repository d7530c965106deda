using System.Runtime.InteropServices;

namespace Vireo.Daemon.Server;

/// <summary>Gives a socket file to a group (unix_sock_group), so members may connect without being root.</summary>
public static partial class SocketOwnership
{
    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int chown(string path, int owner, int group);

    public static void SetGroup(string path, string group)
    {
        int gid = LookupGroup(group) ?? throw new IOException($"unix_sock_group: no group named '{group}' in /etc/group");
        if (chown(path, -1, gid) != 0)
            throw new IOException($"cannot give {path} to group '{group}': errno {Marshal.GetLastPInvokeError()}");
    }

    /// <summary>Group id from /etc/group (a number is taken as the id itself).</summary>
    private static int? LookupGroup(string group)
    {
        if (int.TryParse(group, out int id)) return id;
        foreach (var line in File.ReadLines("/etc/group"))
        {
            var f = line.Split(':');
            if (f.Length >= 3 && f[0] == group && int.TryParse(f[2], out id)) return id;
        }
        return null;
    }
}
