using Vireo.Images.Qcow2;
using Vireo.Images.Raw;
using Vireo.Images.Vmdk;

namespace Vireo.Images;

/// <summary>Opening and creating images: the safe entry point (probes before opening, checks names and chains).</summary>
public static class Image
{
    /// <summary>Formats that can be opened.</summary>
    public static readonly string[] ReadableFormats = { "raw", "qcow2", "vmdk", "qcow" };

    /// <summary>Bytes the file occupies on disk (st_blocks * 512): qemu-img's "disk size".</summary>
    public static long AllocatedBytes(string path) => Internal.HostFile.AllocatedBytes(path);

    /// <summary>Refuses "json:" and "protocol:" names (a ':' before any '/').</summary>
    public static void CheckFilename(string path, bool allowProtocols, string what = "image")
    {
        if (allowProtocols)
            return;
        int colon = path.IndexOf(':');
        int slash = path.IndexOf('/');
        if (colon > 0 && (slash < 0 || colon < slash))
        {
            string proto = path[..colon];
            throw new ImageNotSupportedException(path, $"{what} name uses the '{proto}:' protocol prefix, which is refused for safety (name the file as ./{path} if it really is a file)");
        }
    }

    /// <summary>Opens an image and its backing chain.</summary>
    public static IBlockImage Open(string path, ImageOpenOptions? options = null)
    {
        options ??= new ImageOpenOptions();
        CheckFilename(path, options.AllowProtocolFilenames);
        string format = options.Format ?? ImageProbe.Probe(path);
        return OpenAs(path, format, options, 0, new HashSet<string>());
    }

    private static IBlockImage OpenAs(string path, string format, ImageOpenOptions options, int depth, HashSet<string> seen)
    {
        if (depth > ImageLimits.MaxChainDepth)
            throw new ImageFormatException(path, $"backing chain is deeper than {ImageLimits.MaxChainDepth} images");
        if (!File.Exists(path))
            throw new FileNotFoundException($"Could not open '{path}': No such file or directory", path);
        string real = RealPath(path);
        if (!seen.Add(real))
            throw new ImageFormatException(path, "backing chain loops back to an image already in the chain");
        switch (format)
        {
            case "raw":
                return RawImage.Open(path, options.Writable, options.CacheUnsafe);
            case "qcow2":
                {
                    var img = Qcow2Image.Open(path, options);
                    try
                    {
                        if (options.OpenBacking && img.BackingFileName != null)
                            img.SetBacking(OpenBacking(img, options, depth, seen));
                        return img;
                    }
                    catch
                    {
                        img.Dispose();
                        throw;
                    }
                }
            case "vmdk":
                return VmdkImage.Open(path, options.Writable);
            case "qcow":
                if (options.Writable)
                    throw new ImageNotSupportedException(path, "qcow version 1 images are read-only in vireo-img; convert with 'vireo-img convert -f qcow -O qcow2'");
                {
                    var img = Qcow.QcowImage.Open(path);
                    try
                    {
                        if (options.OpenBacking && img.BackingFileName != null)
                            img.SetBacking(OpenBackingOf(img.Path, img.BackingFileName, null, options, depth, seen));
                        return img;
                    }
                    catch
                    {
                        img.Dispose();
                        throw;
                    }
                }
            default:
                throw new ImageNotSupportedException(path, ImageProbe.Unsupported(format));
        }
    }

    private static IBlockImage OpenBacking(Qcow2Image img, ImageOpenOptions options, int depth, HashSet<string> seen) =>
        OpenBackingOf(img.Path, img.BackingFileName!, img.BackingFormat, options, depth, seen);

    private static IBlockImage OpenBackingOf(string imagePath, string name, string? recordedFormat, ImageOpenOptions options, int depth, HashSet<string> seen)
    {
        var img = (Path: imagePath, BackingFormat: recordedFormat);
        CheckFilename(name, options.AllowProtocolFilenames, $"backing file of {img.Path}: the");
        string path = ResolveBacking(img.Path, name);
        if (options.AllowedBackingDirectories is { } dirs)
        {
            string full = RealPath(path);
            if (!dirs.Any(d => full.StartsWith(Path.GetFullPath(d).TrimEnd('/') + "/", StringComparison.Ordinal)))
                throw new ImageFormatException(img.Path, $"backing file '{name}' lies outside the allowed directories");
        }
        if (!File.Exists(path))
            throw new FileNotFoundException($"Could not open backing file '{path}' of '{img.Path}': No such file or directory", path);
        string? format = img.BackingFormat;
        if (format == null)
        {
            format = ImageProbe.Probe(path);
            if (format != "raw" && !options.AllowBackingProbe)
                throw new ImageFormatException(img.Path, $"backing file '{name}' has no recorded format and looks like {format}; refusing to guess (record it with 'qemu-img rebase -u -b {name} -F {format}')");
        }
        var backingOptions = options with { Writable = false, Format = format, IgnoreCorruptBit = false };
        return OpenAs(path, format, backingOptions, depth + 1, seen);
    }

    /// <summary>The path of a backing file named in an image: relative names are relative to the image's directory.</summary>
    public static string ResolveBacking(string imagePath, string backingName)
    {
        if (Path.IsPathRooted(backingName))
            return backingName;
        string dir = Path.GetDirectoryName(imagePath) ?? "";
        return dir.Length == 0 ? backingName : Path.Combine(dir, backingName);
    }

    private static string RealPath(string path)
    {
        var full = Path.GetFullPath(path);
        try
        {
            var target = new FileInfo(full).ResolveLinkTarget(returnFinalTarget: true);
            return target?.FullName ?? full;
        }
        catch (IOException)
        {
            return full;
        }
    }

    /// <summary>Creates an image of a format ("raw" or "qcow2").</summary>
    public static void Create(string path, string format, Qcow2CreateOptions options)
    {
        switch (format)
        {
            case "raw":
                if (options.BackingFile != null)
                    throw new ArgumentException("raw images cannot have a backing file");
                RawImage.Create(path, options.Size, options.Preallocation);
                break;
            case "qcow2":
                Qcow2Image.Create(path, options);
                break;
            case "vmdk":
                if (options.BackingFile != null)
                    throw new ArgumentException("vireo-img does not create vmdk images with a backing file");
                VmdkImage.Create(path, options.Size, options.VmdkAdapter, options.VmdkHwVersion, options.VmdkZeroedGrain, options.VmdkExtentName);
                break;
            default:
                throw new ImageNotSupportedException(path, $"creating '{format}' images is not supported (raw, qcow2, vmdk)");
        }
    }
}
