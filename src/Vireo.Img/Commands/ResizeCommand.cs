using Vireo.Images;
using Vireo.Images.Qcow2;
using Vireo.Images.Raw;

namespace Vireo.Img.Commands;

/// <summary>vireo-img resize [-q] [-f fmt] [--shrink] [--preallocation=off] filename [+|-]size</summary>
internal static class ResizeCommand
{
    public static int Run(string[] argv, TextWriter stdout)
    {
        // "-1G" looks like an option: qemu-img accepts it as a size when it is the last argument
        var list = argv.ToList();
        string? sizeArg = null;
        if (list.Count >= 2 && (list[^1].StartsWith('-') || list[^1].StartsWith('+')) && list[^1].Length > 1 && char.IsDigit(list[^1][1]))
        {
            sizeArg = list[^1];
            list.RemoveAt(list.Count - 1);
        }
        var a = Args.Parse(list, new[] { "f", "preallocation", "object", "image-opts" }, new[] { "q", "shrink", "h", "help" });
        if (sizeArg != null)
            a.Positional.Add(sizeArg);
        if (a.Positional.Count != 2)
            throw new UsageException("Expecting image file name and size");
        string path = a.Positional[0];
        string s = a.Positional[1];
        int sign = s.StartsWith('+') ? 1 : s.StartsWith('-') ? -1 : 0;
        if (!Sizes.TryParse(sign != 0 ? s[1..] : s, out long n))
            throw new UsageException("Invalid size specified.");
        using var img = Program.OpenImage(path, a.Get("f"), writable: true, backing: false);
        long newSize = sign == 0 ? n : img.VirtualSize + sign * n;
        if (newSize < 0)
            throw new UsageException("New image size must be positive");
        bool shrink = a.Has("shrink");
        switch (img)
        {
            case Qcow2Image q:
                if (newSize < q.VirtualSize && !shrink)
                    throw new UsageException("Use the --shrink option to perform a shrink operation.");
                q.Resize(newSize, shrink);
                break;
            case RawImage r:
                if (newSize < r.VirtualSize && !shrink)
                    throw new UsageException("Use the --shrink option to perform a shrink operation.");
                r.Resize(newSize);
                break;
            default:
                throw new UsageException($"resizing '{img.Format}' images is not supported");
        }
        if (!a.Has("q"))
            stdout.WriteLine("Image resized.");
        return 0;
    }
}
