using System.Globalization;
using Vireo.Images;
using Vireo.Images.Qcow2;
using Vireo.Images.Raw;

namespace Vireo.Img.Commands;

/// <summary>vireo-img commit [-q] [-f fmt] [-t cache] [-b base] [-r rate] [-d] [-p] filename.
/// Writes every range that the images above <c>base</c> (default: the direct backing file) allocate into
/// <c>base</c>, then empties the top image unless -d or -b is given (as qemu-img: -b implies -d).</summary>
internal static class CommitCommand
{
    public static int Run(string[] argv, TextWriter stdout)
    {
        var a = Args.Parse(argv, new[] { "f", "t", "b", "r", "object" }, new[] { "q", "d", "p", "image-opts", "h", "help" });
        if (a.Positional.Count != 1)
            throw new UsageException(a.Positional.Count == 0 ? "Expecting one image file name" : $"Unexpected argument: {a.Positional[1]}");
        if (a.Get("r") is { } rate && !Sizes.TryParse(rate, out _))
            throw new UsageException("Invalid rate limit specified. You may use k, M, G, T, P or E suffixes for ");
        string path = a.Positional[0];
        bool quiet = a.Has("q");
        bool progress = a.Has("p") && !quiet;
        bool drop = a.Has("d") || a.Has("b");
        using var top = Program.OpenImage(path, a.Get("f"), writable: !drop, backing: true);
        if (top.Backing == null)
            throw new IOException("Image does not have a backing file");

        // find the base in the chain: by the name as given, or by the file it names
        int baseDepth = 1;
        IBlockImage baseView = top.Backing;
        if (a.Get("b") is { } baseName)
        {
            string want = Path.GetFullPath(baseName);
            int depth = 1;
            IBlockImage? found = null;
            for (var b = top.Backing; b != null; b = b.Backing, depth++)
                if (b.Path == baseName || Path.GetFullPath(b.Path) == want)
                {
                    found = b;
                    baseDepth = depth;
                    break;
                }
            baseView = found ?? throw new IOException($"Did not find '{baseName}' in the backing chain of '{path}'");
        }

        using (var target = Image.Open(baseView.Path, new ImageOpenOptions { Format = baseView.Format, Writable = true, OpenBacking = true, CacheUnsafe = (a.Get("t") ?? "unsafe") == "unsafe" }))
        {
            if (target.VirtualSize < top.VirtualSize)
                Grow(target, top.VirtualSize);
            CopyAbove(top, target, baseDepth, progress ? p => stdout.Write(string.Format(CultureInfo.InvariantCulture, "    ({0:F2}/100%)\r", p)) : null);
            target.FlushAsync().AsTask().GetAwaiter().GetResult();
        }
        if (progress)
            stdout.Write("    (100.00/100%)\r\n");
        if (!drop)
        {
            if (top is not Qcow2Image q)
                throw new IOException($"{path}: cannot empty a '{top.Format}' image after the commit");
            q.MakeEmpty();
        }
        if (!quiet)
            stdout.WriteLine("Image committed.");
        return 0;
    }

    /// <summary>qemu's commit job grows a smaller base to the top image's size before copying.</summary>
    private static void Grow(IBlockImage target, long size)
    {
        switch (target)
        {
            case Qcow2Image q:
                q.Resize(size, shrink: false);
                break;
            case RawImage r:
                r.Resize(size);
                break;
            default:
                throw new IOException($"Top image {target.Path} is larger than its base image, which cannot be resized");
        }
    }

    /// <summary>Copies the ranges that an image above depth <paramref name="baseDepth"/> decides: data as read
    /// through the top of the chain, zeroes as zero writes.</summary>
    private static void CopyAbove(IBlockImage top, IBlockImage target, int baseDepth, Action<double>? progress)
    {
        const int Chunk = 1 << 20;
        var buf = new byte[Chunk];
        long total = Math.Max(1, top.VirtualSize), done = 0;
        double last = -1;
        progress?.Invoke(0);
        foreach (var e in ChainStatus.Map(top, 0, top.VirtualSize))
        {
            if (e.Depth < baseDepth)
            {
                if (e.Zero && !e.Data)
                {
                    target.WriteZeroesAsync(e.Start, e.Length).AsTask().GetAwaiter().GetResult();
                }
                else
                {
                    for (long at = e.Start; at < e.Start + e.Length; at += Chunk)
                    {
                        int n = (int)Math.Min(Chunk, e.Start + e.Length - at);
                        top.ReadAsync(at, buf.AsMemory(0, n)).AsTask().GetAwaiter().GetResult();
                        target.WriteAsync(at, buf.AsMemory(0, n)).AsTask().GetAwaiter().GetResult();
                    }
                }
            }
            done += e.Length;
            double pct = done * 100.0 / total;
            if (progress != null && pct - last >= 1)
            {
                progress(pct);
                last = pct;
            }
        }
    }
}
