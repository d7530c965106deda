using System.Runtime.InteropServices;
using System.Text;

namespace Vireo.Network.Host;

/// <summary>Which network namespace this process is in, compared with the kernel's initial one (the host's).</summary>
public static partial class NetNamespaceInfo
{
    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint readlink(string path, byte[] buffer, nint size);

    /// <summary>readlink of a /proc/PID/ns/net link, e.g. "net:[4026531833]"; null when unreadable.</summary>
    public static string? Link(string path)
    {
        var buf = new byte[256];
        var n = readlink(path, buf, buf.Length);
        return n <= 0 ? null : Encoding.ASCII.GetString(buf, 0, (int)n);
    }

    /// <summary>The kernel's initial network namespace always has this inode (PROC_NET_INIT_INO).</summary>
    public const string InitialNamespace = "net:[4026531833]";

    /// <summary>
    /// True only when this process's namespace can be read and is not the initial one (PID 1's link is not used:
    /// inside another namespace reading it is refused).
    /// </summary>
    public static bool IsPrivate() => Link("/proc/self/ns/net") is { } self && self != InitialNamespace;
}
