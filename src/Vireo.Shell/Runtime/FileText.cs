using Vireo.Protocol.Errors;

namespace Vireo.Shell.Runtime;

/// <summary>virFileReadAll with libvirt's wording of failures ("Failed to open file 'x': No such file or directory").</summary>
public static class FileText
{
    /// <summary>VSH_MAX_XML_FILE: virsh refuses files over 10 MiB.</summary>
    public const int MaxXmlFile = 10 * 1024 * 1024;

    public static string ReadAll(string path)
    {
        if (Directory.Exists(path)) throw Failed("read", path, "Is a directory");
        try
        {
            using var f = new FileStream(path, FileMode.Open, FileAccess.Read);
            if (f.Length > MaxXmlFile) throw Failed("read", path, "File too large");
            using var r = new StreamReader(f, new System.Text.UTF8Encoding(false));
            return r.ReadToEnd();
        }
        catch (FileNotFoundException) { throw Failed("open", path, "No such file or directory"); }
        catch (DirectoryNotFoundException) { throw Failed("open", path, "No such file or directory"); }
        catch (UnauthorizedAccessException) { throw Failed("open", path, "Permission denied"); }
        catch (IOException e) { throw Failed("read", path, e.Message); }
    }

    private static LibvirtException Failed(string verb, string path, string why) =>
        new(ErrorCode.SystemError, ErrorDomain.None, $"Failed to {verb} file '{path}': {why}");
}
