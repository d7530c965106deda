using System.Text;

namespace Vireo.Network.Host;

/// <summary>Writes a file so a crash leaves the old or the new content: temp file beside it, fsync, rename.</summary>
public static class AtomicText
{
    public static void Write(string path, string content)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(dir);
        var tmp = Path.Combine(dir, "." + Path.GetFileName(path) + ".tmp" + Environment.ProcessId);
        try
        {
            using (var fs = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None))
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
