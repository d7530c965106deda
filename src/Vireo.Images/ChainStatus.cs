namespace Vireo.Images;

/// <summary>A run of the virtual disk as the whole backing chain presents it.</summary>
/// <param name="Depth">Index in the chain of the image that decides the contents (0 = top); the chain length when no image does.</param>
/// <param name="Present">False when no image in the chain allocates the range (reads as zeroes).</param>
/// <param name="Zero">The range reads as zeroes.</param>
/// <param name="Data">The range is stored as data (uncompressed or compressed).</param>
/// <param name="HostOffset">File offset of the data in the deciding image when stored uncompressed and contiguous, else -1.</param>
public readonly record struct ChainExtent(long Start, long Length, int Depth, bool Present, bool Zero, bool Data, long HostOffset, string? File);

/// <summary>Allocation status across a backing chain (what qemu-img map and convert need).</summary>
public static class ChainStatus
{
    /// <summary>Extents of [offset, offset+length) resolved through the chain, merged where equal.</summary>
    public static List<ChainExtent> Map(IBlockImage top, long offset, long length)
    {
        var list = new List<ChainExtent>();
        Walk(top, 0, offset, length, list);
        var merged = new List<ChainExtent>();
        foreach (var e in list)
        {
            if (merged.Count > 0)
            {
                var l = merged[^1];
                bool hostOk = l.HostOffset < 0 && e.HostOffset < 0 || l.HostOffset >= 0 && e.HostOffset == l.HostOffset + l.Length;
                if (l.Depth == e.Depth && l.Present == e.Present && l.Zero == e.Zero && l.Data == e.Data && hostOk && l.File == e.File && l.Start + l.Length == e.Start)
                {
                    merged[^1] = l with { Length = l.Length + e.Length };
                    continue;
                }
            }
            merged.Add(e);
        }
        return merged;
    }

    private static int ChainLength(IBlockImage img)
    {
        int n = 0;
        for (var b = img.Backing; b != null; b = b.Backing)
            n++;
        return n;
    }

    private static void Walk(IBlockImage img, int depth, long offset, long length, List<ChainExtent> output)
    {
        if (length <= 0)
            return;
        foreach (var x in img.GetAllocationMap(offset, length))
        {
            switch (x.Kind)
            {
                case AllocationKind.Data:
                    output.Add(new ChainExtent(x.Start, x.Length, depth, true, false, true, x.HostOffset, img.Path));
                    break;
                case AllocationKind.Compressed:
                    output.Add(new ChainExtent(x.Start, x.Length, depth, true, false, true, -1, img.Path));
                    break;
                case AllocationKind.Zero:
                    // raw holes: qemu reports them as present zeroes at this depth
                    output.Add(new ChainExtent(x.Start, x.Length, depth, true, true, false, x.HostOffset, x.HostOffset >= 0 ? img.Path : null));
                    break;
                default:
                    var b = img.Backing;
                    if (b == null)
                    {
                        output.Add(new ChainExtent(x.Start, x.Length, depth, false, true, false, -1, null));
                        break;
                    }
                    long inBacking = Math.Max(0, Math.Min(x.Length, b.VirtualSize - x.Start));
                    if (inBacking > 0)
                        Walk(b, depth + 1, x.Start, inBacking, output);
                    if (inBacking < x.Length)
                        output.Add(new ChainExtent(x.Start + inBacking, x.Length - inBacking, depth + ChainLength(b) + 1, false, true, false, -1, null));
                    break;
            }
        }
    }
}
