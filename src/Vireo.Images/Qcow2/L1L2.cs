namespace Vireo.Images.Qcow2;

/// <summary>Bit layout of L1 and L2 table entries.</summary>
public static class L1L2
{
    /// <summary>Refcount of the cluster is exactly one: it may be written in place.</summary>
    public const ulong Copied = 1UL << 63;

    /// <summary>The L2 entry describes a compressed cluster.</summary>
    public const ulong Compressed = 1UL << 62;

    /// <summary>Version 3: the cluster reads as zeroes.</summary>
    public const ulong Zero = 1UL;

    /// <summary>Host offset bits of an L1 entry or a standard L2 entry (bits 9-55).</summary>
    public const ulong OffsetMask = 0x00fffffffffffe00UL;

    /// <summary>Bits that must be zero in an L1 entry.</summary>
    public const ulong L1Reserved = 0x7f000000000001ffUL;

    /// <summary>Bits that must be zero in a standard L2 entry.</summary>
    public const ulong L2Reserved = 0x3f000000000001feUL;

    /// <summary>How an L2 entry maps its guest cluster.</summary>
    public enum Kind { Unallocated, ZeroPlain, ZeroAllocated, Normal, Compressed }

    /// <summary>Classifies an L2 entry (version decides whether the zero bit exists).</summary>
    public static Kind Classify(ulong e, bool v3)
    {
        if ((e & Compressed) != 0)
            return Kind.Compressed;
        bool zero = v3 && (e & Zero) != 0;
        ulong off = e & OffsetMask;
        if (zero)
            return off == 0 ? Kind.ZeroPlain : Kind.ZeroAllocated;
        return off == 0 ? Kind.Unallocated : Kind.Normal;
    }

    /// <summary>Decodes a compressed-cluster descriptor: host offset and the number of bytes that may hold the data.</summary>
    public static (long Offset, int Length) CompressedExtent(ulong e, int clusterBits)
    {
        int x = 62 - (clusterBits - 8);
        ulong offMask = (1UL << x) - 1;
        ulong secMask = (1UL << (clusterBits - 8)) - 1;
        long off = (long)(e & offMask);
        long sectors = (long)((e >> x) & secMask) + 1;
        long len = sectors * 512 - (off & 511);
        return (off, (int)len);
    }

    /// <summary>Encodes a compressed-cluster descriptor as qemu does.</summary>
    public static ulong CompressedEntry(long hostOffset, int compressedLength, int clusterBits)
    {
        int x = 62 - (clusterBits - 8);
        long nbCsectors = ((hostOffset + compressedLength - 1) >> 9) - (hostOffset >> 9);
        return Compressed | ((ulong)nbCsectors << x) | (ulong)hostOffset;
    }

    /// <summary>Host clusters touched by a compressed cluster (for refcounting).</summary>
    public static (long First, long Last) CompressedClusters(ulong e, int clusterBits)
    {
        var (off, len) = CompressedExtent(e, clusterBits);
        // qemu counts the clusters covered by the sectors [off & ~511, off + len)
        long first = off >> clusterBits;
        long last = (off + len - 1) >> clusterBits;
        return (first, last);
    }
}
