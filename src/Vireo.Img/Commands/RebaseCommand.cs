using Vireo.Images;
using Vireo.Images.Qcow2;

namespace Vireo.Img.Commands;

/// <summary>vireo-img rebase [-q] [-f fmt] [-u] -b backing_file [-F backing_fmt] filename.
/// Safe mode copies into the image every unallocated range where the old and new backing files differ,
/// then records the new backing file; -u only records it.</summary>
internal static class RebaseCommand
{
    public static int Run(string[] argv, TextWriter stdout)
    {
        var a = Args.Parse(argv, new[] { "f", "b", "F", "t", "T", "object" }, new[] { "q", "u", "p", "U", "force-share", "image-opts", "h", "help" });
        if (a.Positional.Count != 1)
            throw new UsageException("Expecting one image file name");
        if (!a.Has("b"))
            throw new UsageException("Must specify backing file (-b) or use '' as argument");
        string path = a.Positional[0];
        string? backing = a.Get("b");
        if (backing == "")
            backing = null;
        string? fmt = a.Get("F");
        if (backing != null)
        {
            Image.CheckFilename(backing, false, "backing file");
            if (fmt == null)
            {
                string resolved = Image.ResolveBacking(path, backing);
                fmt = File.Exists(resolved) ? ImageProbe.Probe(resolved) : null;
                if (fmt != "raw")
                    throw new UsageException($"Could not change the backing file to '{backing}': the backing format is needed (-F)");
            }
        }
        bool unsafeMode = a.Has("u");
        using var img = Program.OpenImage(path, a.Get("f"), writable: true, backing: !unsafeMode);
        if (img is not Qcow2Image q)
            throw new UsageException($"Could not change the backing file of '{path}': not a qcow2 image");
        if (!unsafeMode)
        {
            IBlockImage? newBacking = backing == null ? null : Image.Open(Image.ResolveBacking(path, backing), new ImageOpenOptions { Format = fmt });
            try
            {
                var old = q.Backing;
                const int Chunk = 1 << 20;
                var bo = new byte[Chunk];
                var bn = new byte[Chunk];
                foreach (var (start, length) in q.UnallocatedRanges())
                {
                    for (long at = start; at < start + length; at += Chunk)
                    {
                        int n = (int)Math.Min(Chunk, start + length - at);
                        ReadOrZero(old, at, bo.AsSpan(0, n));
                        ReadOrZero(newBacking, at, bn.AsSpan(0, n));
                        if (!bo.AsSpan(0, n).SequenceEqual(bn.AsSpan(0, n)))
                            q.WriteAsync(at, bo.AsMemory(0, n)).AsTask().GetAwaiter().GetResult();
                    }
                }
            }
            finally
            {
                newBacking?.Dispose();
            }
        }
        q.SetBackingFile(backing, fmt);
        return 0;
    }

    private static void ReadOrZero(IBlockImage? img, long at, Span<byte> buf)
    {
        buf.Clear();
        if (img == null || at >= img.VirtualSize)
            return;
        int n = (int)Math.Min(buf.Length, img.VirtualSize - at);
        var tmp = new byte[n];
        img.ReadAsync(at, tmp).AsTask().GetAwaiter().GetResult();
        tmp.CopyTo(buf);
    }
}
