using System.Globalization;
using Vireo.Images.Qcow2;

namespace Vireo.Img.Commands;

/// <summary>vireo-img amend [-p] [-q] [-f fmt] [-t cache] [--force] -o options filename: changes qcow2
/// options in place (compat, lazy_refcounts, refcount_bits, size); creation-only options are refused as qemu-img does.</summary>
internal static class AmendCommand
{
    private static readonly string[] CreateOnly = { "cluster_size", "preallocation", "compression_type", "extended_l2", "encryption", "nocow" };

    public static int Run(string[] argv, TextWriter stdout)
    {
        var a = Args.Parse(argv, new[] { "f", "o", "t", "object" }, new[] { "p", "q", "force", "image-opts", "h", "help" });
        if (!a.Has("o"))
            throw new UsageException("Must specify options (-o)\nTry 'vireo-img --help' for more information");
        if (a.Positional.Count != 1)
            throw new UsageException("Expecting one image file name");
        string path = a.Positional[0];
        var opts = Args.ParseOptions(a.All("o"));
        string? compat = null, lazy = null, bits = null, size = null;
        foreach (var (k, v) in opts)
        {
            switch (k)
            {
                case "compat": compat = v; break;
                case "lazy_refcounts": lazy = v; break;
                case "refcount_bits": bits = v; break;
                case "size": size = v; break;
                case "backing_file" or "backing_fmt":
                    throw new UsageException("Cannot amend the backing file\nYou can use 'vireo-img rebase' instead.");
                default:
                    if (CreateOnly.Contains(k))
                        throw new UsageException($"Invalid parameter '{k}'\nThis option is only supported for image creation");
                    throw new UsageException($"Invalid parameter '{k}'");
            }
        }
        bool? lazyOn = lazy switch
        {
            null => null,
            "on" => true,
            "off" => false,
            _ => throw new UsageException($"Parameter 'lazy_refcounts' expects 'on' or 'off'"),
        };
        int? rb = null;
        if (bits != null)
        {
            if (!int.TryParse(bits, NumberStyles.None, CultureInfo.InvariantCulture, out int b))
                throw new UsageException("Parameter 'refcount_bits' expects a non-negative number below 2^64");
            rb = b;
        }
        long? newSize = null;
        if (size != null)
        {
            if (!Sizes.TryParse(size, out long s))
                throw new UsageException("Parameter 'size' expects a non-negative number below 2^64\nOptional suffix k, M, G, T, P or E means kilo-, mega-, giga-, tera-, peta-\nand exabytes, respectively.");
            newSize = s;
        }
        using var img = Program.OpenImage(path, a.Get("f"), writable: true, backing: true);
        if (img is not Qcow2Image q)
            throw new UsageException($"Format driver '{img.Format}' does not support option amendment");
        bool progress = a.Has("p") && !a.Has("q");
        if (progress)
            stdout.Write("    (0.00/100%)\r");
        try
        {
            // resize first: a refcount width change must be the last write through this handle
            if (newSize is { } ns && ns != q.VirtualSize)
                q.Resize(ns, shrink: true);
            q.Amend(compat, lazyOn, rb);
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }
        if (progress)
            stdout.Write("    (100.00/100%)\r\n");
        return 0;
    }
}
