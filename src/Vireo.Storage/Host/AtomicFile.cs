using System.Text;

namespace Vireo.Storage.Host;

/// <summary>Writes a config so a crash leaves the old or the new content: temp file in the same directory, fsync, rename.</summary>
internal static class AtomicFile
{
    public static void Write(string path, string content, UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(dir);
        var tmp = Path.Combine(dir, "." + Path.GetFileName(path) + ".tmp" + Environment.ProcessId);
        try
        {
            using (var fs = new FileStream(tmp, new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = mode }))
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
