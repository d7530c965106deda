namespace Vireo.Storage.Host;

/// <summary>Reads /proc/mounts: is something mounted on a directory.</summary>
internal static class Mounts
{
    public static bool IsMountPoint(string dir)
    {
        var full = Path.GetFullPath(dir).TrimEnd('/');
        foreach (var line in File.ReadLines("/proc/self/mounts"))
        {
            var f = line.Split(' ');
            if (f.Length > 1 && Unescape(f[1]) == full)
                return true;
        }
        return false;
    }

    // /proc/mounts writes space, tab, newline and backslash as octal escapes
    private static string Unescape(string s) =>
        s.Replace("\\040", " ").Replace("\\011", "\t").Replace("\\012", "\n").Replace("\\134", "\\");
}
