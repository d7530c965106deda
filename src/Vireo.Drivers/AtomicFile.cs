using System.Text;

namespace Vireo.Drivers;

/// <summary>
/// Writes a config or status file so a crash leaves the old or the new content: temp file in the same directory,
/// fsync, rename. Every driver's persistent state goes through it.
/// </summary>
public static class AtomicFile
{
    /// <param name="mode">permissions of the new file; null: the default (0666 less the umask)</param>
    public static void Write(string path, string content, UnixFileMode? mode = null)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(dir);
        var tmp = Path.Combine(dir, "." + Path.GetFileName(path) + ".tmp" + Environment.ProcessId);
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
            if (mode is { } m)
                options.UnixCreateMode = m;
            using (var fs = new FileStream(tmp, options))
            {
                fs.Write(new UTF8Encoding(false).GetBytes(content));
                fs.Flush(flushToDisk: true);
            }
            File.Move(tmp, path, overwrite: true);
        }
        catch
        {
            File.Delete(tmp);
            throw;
        }
    }
}
