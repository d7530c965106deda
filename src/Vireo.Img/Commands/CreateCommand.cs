using System.Globalization;
using Vireo.Images;
using Vireo.Images.Qcow2;

namespace Vireo.Img.Commands;

/// <summary>vireo-img create [-q] [-f fmt] [-b backing [-F backing_fmt]] [-u] [-o options] filename [size]</summary>
internal static class CreateCommand
{
    public static int Run(string[] argv, TextWriter stdout)
    {
        var a = Args.Parse(argv, new[] { "f", "b", "F", "o", "object" }, new[] { "q", "u", "h", "help" });
        if (a.Positional.Count < 1)
            throw new UsageException("Expecting image file name");
        if (a.Positional.Count > 2)
            throw new UsageException($"Unexpected argument: {a.Positional[2]}");
        string fmt = a.Get("f") ?? "raw";
        string path = a.Positional[0];
        var o = Args.ParseOptions(a.All("o"));
        string? Opt(string k) => o.LastOrDefault(x => x.Key == k).Value;
        foreach (var (k, _) in o)
        {
            var allowed = fmt == "qcow2"
                ? new[] { "size", "compat", "backing_file", "backing_fmt", "cluster_size", "preallocation", "lazy_refcounts", "refcount_bits", "compression_type", "extended_l2" }
                : fmt == "vmdk" ? VmdkOptions.Names
                : new[] { "size", "preallocation" };
            if (!allowed.Contains(k))
                throw new UsageException($"{path}: Invalid parameter '{k}'");
        }
        string? backing = a.Get("b") ?? Opt("backing_file");
        string? backingFmt = a.Get("F") ?? Opt("backing_fmt");
        long size = -1;
        string? sizeText = a.Positional.Count > 1 ? a.Positional[1] : Opt("size");
        if (sizeText != null)
        {
            if (!Sizes.TryParse(sizeText, out size))
                throw new UsageException("Invalid image size specified. You may use k, M, G, T, P or E suffixes for\nvireo-img: kilobytes, megabytes, gigabytes, terabytes, petabytes and exabytes.");
        }
        if (backing != null)
        {
            Image.CheckFilename(backing, false, "backing file");
            string backingPath = Image.ResolveBacking(path, backing);
            if (backingFmt == null)
            {
                string detected = File.Exists(backingPath) ? ImageProbe.Probe(backingPath) : "unknown";
                throw new UsageException($"{path}: Backing file specified without backing format\nDetected format of {detected}.");
            }
            if (size < 0 && !a.Has("u"))
            {
                using var b = Image.Open(backingPath, new ImageOpenOptions { Format = backingFmt });
                size = b.VirtualSize;
            }
        }
        if (size < 0)
            throw new UsageException($"{path}: Image creation needs a size parameter");
        if (fmt == "vmdk")
        {
            var v = VmdkOptions.Parse(o, path, size);
            if (!a.Has("q"))
                stdout.WriteLine(VmdkOptions.Describe(path, size, o));
            Image.Create(path, "vmdk", v);
            return 0;
        }
        if (fmt != "qcow2" && fmt != "raw")
            throw new UsageException($"Unknown file format '{fmt}'");
        if (Opt("extended_l2") is { } el2 && el2 != "off")
            throw new UsageException($"{path}: extended_l2 is not supported by vireo-img");
        int clusterSize = 65536;
        if (Opt("cluster_size") is { } csText)
        {
            if (!Sizes.TryParse(csText, out long cs) || cs > int.MaxValue)
                throw new UsageException($"{path}: Parameter 'cluster_size' expects a non-negative number below 2^64");
            clusterSize = (int)cs;
        }
        var opts = new Qcow2CreateOptions
        {
            Size = size,
            ClusterSize = clusterSize,
            Compat = Opt("compat") ?? "1.1",
            LazyRefcounts = OnOff(Opt("lazy_refcounts"), "lazy_refcounts"),
            RefcountBits = Opt("refcount_bits") is { } rb ? int.Parse(rb, CultureInfo.InvariantCulture) : 16,
            BackingFile = backing,
            BackingFormat = backingFmt,
            Preallocation = Opt("preallocation") ?? "off",
            CompressionType = Opt("compression_type") ?? "zlib",
        };
        if (!a.Has("q"))
            stdout.WriteLine(Describe(path, fmt, opts, Opt("compat") != null, Opt("preallocation") != null));
        try
        {
            Image.Create(path, fmt, opts);
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"{path}: {e.Message}");
        }
        return 0;
    }

    private static bool OnOff(string? v, string name) => v switch
    {
        null or "off" or "false" or "no" => false,
        "on" or "true" or "yes" => true,
        _ => throw new UsageException($"Parameter '{name}' expects 'on' or 'off'"),
    };

    /// <summary>The "Formatting ..." line, options in qemu-img 7.2's order.</summary>
    private static string Describe(string path, string fmt, Qcow2CreateOptions o, bool compatGiven, bool preallocGiven)
    {
        var parts = new List<string> { $"Formatting '{path}', fmt={fmt}" };
        if (fmt == "raw")
        {
            parts.Add($"size={o.Size}");
            if (preallocGiven)
                parts.Add($"preallocation={o.Preallocation}");
            return string.Join(' ', parts);
        }
        parts.Add($"cluster_size={o.ClusterSize}");
        parts.Add("extended_l2=off");
        if (preallocGiven)
            parts.Add($"preallocation={o.Preallocation}");
        parts.Add($"compression_type={o.CompressionType}");
        parts.Add($"size={o.Size}");
        if (compatGiven)
            parts.Add($"compat={o.Compat}");
        if (o.BackingFile != null)
            parts.Add($"backing_file={o.BackingFile}");
        if (o.BackingFormat != null)
            parts.Add($"backing_fmt={o.BackingFormat}");
        parts.Add($"lazy_refcounts={(o.LazyRefcounts ? "on" : "off")}");
        parts.Add($"refcount_bits={o.RefcountBits}");
        return string.Join(' ', parts);
    }
}
