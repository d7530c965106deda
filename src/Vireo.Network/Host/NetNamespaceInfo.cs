using System.Runtime.InteropServices;
using System.Text;

namespace Vireo.Network.Host;

/// <summary>Which network namespace this process is in, compared with PID 1's (the host's).</summary>
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

    /// <summary>True only when both links can be read and differ: this process runs in a namespace of its own.</summary>
    public static bool IsPrivate()
    {
        var self = Link("/proc/self/ns/net");
        var host = Link("/proc/1/ns/net");
        return self is not null && host is not null && self != host;
    }
}
