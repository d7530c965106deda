using Vireo.Images.Internal;

namespace Vireo.Images.Qcow2;

public sealed partial class Qcow2Image
{
    /// <summary>Set once the refcount structures were rewritten behind the cached ones (see RewriteRefcounts).</summary>
    private bool refcountsStale;

    /// <summary>Drops every guest cluster of the active layer so that all reads fall through to the backing
    /// file (what commit does to the overlay it committed). Clusters shared with snapshots stay referenced by them.</summary>
    public void MakeEmpty()
    {
        lock (gate)
        {
            CheckWritable();
            DropRange(0, VirtualSize);
            FlushCore(sync: true);
        }
    }

    /// <summary>qemu-img amend for qcow2: compat (upgrade or downgrade) and lazy_refcounts. Refuses what qemu
    /// refuses; null leaves a setting as it is.</summary>
    public void Amend(string? compat, bool? lazyRefcounts, int? refcountBits)
    {
        lock (gate)
        {
            CheckWritable();
            uint version = compat switch
            {
                null => header.Version,
                "1.1" or "v3" => 3,
                "0.10" or "v2" => 2,
                _ => throw new ArgumentException($"Invalid compatibility level: '{compat}'"),
            };
            bool lazy = lazyRefcounts ?? ((header.CompatibleFeatures & Header.CompatLazyRefcounts) != 0 && version >= 3);
            if (lazyRefcounts == true && version < 3)
                throw new ArgumentException("Lazy refcounts only supported with compatibility level 1.1 and above (use compat=1.1 or greater)");
            if (refcountBits is { } rb)
            {
                if (rb < 1 || rb > 64 || (rb & (rb - 1)) != 0)
                    throw new ArgumentException("Refcount width must be a power of two and may not exceed 64 bits");
                if (rb != 16 && version < 3)
                    throw new ArgumentException("Refcount widths other than 16 bits require compatibility level 1.1 or above (use compat=1.1 or greater)");
                if (rb != 1 << header.RefcountOrder && version != header.Version)
                    throw new ImageNotSupportedException(Path, "vireo-img changes refcount_bits and compat in separate amend runs; amend one, then the other");
            }
            if (version < 3 && header.Version >= 3)
                Downgrade();
            else if (version >= 3 && header.Version < 3)
                Upgrade();
            if (version >= 3)
            {
                ulong flags = lazy ? header.CompatibleFeatures | Header.CompatLazyRefcounts : header.CompatibleFeatures & ~Header.CompatLazyRefcounts;
                if (flags != header.CompatibleFeatures)
                {
                    // our refcounts are always exact, so turning lazy refcounts off needs no write-back
                    header.CompatibleFeatures = flags;
                    WriteHeader();
                }
            }
            FlushCore(sync: true);
            if (refcountBits is { } bits && bits != 1 << header.RefcountOrder)
                RewriteRefcounts(System.Numerics.BitOperations.Log2((uint)bits));
        }
    }

    /// <summary>Writes a new refcount table and blocks of another entry width after the end of the file, then
    /// switches the header to them; the old structures become free clusters. The in-memory refcounts are
    /// stale afterwards, so the image refuses further writes (amend is the last thing done with it).</summary>
    private void RewriteRefcounts(int order)
    {
        int bits = 1 << order;
        long maxValue = order == 6 ? long.MaxValue : (1L << bits) - 1;
        long fileClusters = Header.DivRoundUp(file.Length, clusterSize);
        var counts = new long[fileClusters];
        for (long c = 0; c < fileClusters; c++)
        {
            counts[c] = refcounts.Get(c);
            if (counts[c] > maxValue)
                throw new ArgumentException($"Cannot decrease refcount entry width to {bits} bits: Cluster at offset 0x{c << clusterBits:x} has a refcount of {counts[c]}");
        }
        // the old table and blocks are freed by the switch
        for (long i = 0; i < refcounts.TableClusters; i++)
            counts[(refcounts.TableOffset >> clusterBits) + i] = 0;
        for (long bi = 0; bi < refcounts.TableEntries; bi++)
            if (refcounts.BlockOffset(bi) is var bo and > 0 && (bo >> clusterBits) < fileClusters)
                counts[bo >> clusterBits] = 0;
        long perBlock = ((long)clusterSize * 8) >> order;
        long blocks = 0, tableClusters = 0, total = fileClusters;
        while (true)
        {
            long nb = Header.DivRoundUp(total, perBlock);
            long nt = Header.DivRoundUp(nb * 8, clusterSize);
            if (nb == blocks && nt == tableClusters)
                break;
            blocks = nb;
            tableClusters = nt;
            total = fileClusters + nt + nb;
        }
        if (tableClusters * clusterSize > ImageLimits.MaxRefcountTableBytes)
            throw new ArgumentException($"a refcount table for {bits}-bit refcounts would exceed {ImageLimits.MaxRefcountTableBytes} bytes");
        long tableStart = fileClusters, blockStart = fileClusters + tableClusters;
        var table = new byte[tableClusters * clusterSize];
        var block = new byte[clusterSize];
        for (long b = 0; b < blocks; b++)
        {
            Array.Clear(block);
            for (int e = 0; e < perBlock; e++)
            {
                long c = b * perBlock + e;
                long v = c < fileClusters ? counts[c] : c < total ? 1 : 0;
                if (v != 0)
                    Refcounts.Pack(block, order, e, v);
            }
            file.Write((blockStart + b) << clusterBits, block);
            BE.Put(table, (int)(b * 8), (ulong)((blockStart + b) << clusterBits));
        }
        file.Write(tableStart << clusterBits, table);
        file.Sync();
        header.RefcountOrder = order;
        header.RefcountTableOffset = (ulong)(tableStart << clusterBits);
        header.RefcountTableClusters = (uint)tableClusters;
        WriteHeader();
        file.Sync();
        refcountsStale = true;
    }

    private void Upgrade()
    {
        FlushCore(sync: false);
        header.Version = 3;
        header.HeaderLength = Header.V3Length;
        header.RefcountOrder = 4;
        header.IncompatibleFeatures = 0;
        header.CompatibleFeatures = 0;
        header.AutoclearFeatures = 0;
        header.CompressionType = Compression.Zlib;
        WriteHeader();
        v3 = true;
    }

    private void Downgrade()
    {
        if (header.RefcountOrder != 4)
            throw new ArgumentException("compat=0.10 requires refcount_bits=16");
        ulong other = header.IncompatibleFeatures & ~(Header.IncompatCompressionType | Header.IncompatDirty);
        if (other != 0)
            throw new ArgumentException($"Cannot downgrade an image with incompatible features 0x{other:x} set");
        if (header.CompressionType != Compression.Zlib && HasCompressedClusters(l1))
            throw new ArgumentException("Cannot downgrade an image with zstd compression type and existing compressed clusters");
        foreach (var s in SnapshotList)
            if (s.L1Size > 0 && HasZeroClusters(ReadL1(s.L1TableOffset, s.L1Size, $"L1 table of snapshot {s.Id}")))
                throw new ImageNotSupportedException(Path, $"snapshot {s.Id} holds zero clusters, which vireo-img cannot expand for compat=0.10; delete the snapshot or convert with 'qemu-img amend -o compat=0.10'");
        ExpandZeroClusters();
        FlushCore(sync: false);
        header.Version = 2;
        header.HeaderLength = Header.V2Length;
        header.IncompatibleFeatures = 0;
        header.CompatibleFeatures = 0;
        header.AutoclearFeatures = 0;
        header.CompressionType = Compression.Zlib;
        WriteHeader();
        v3 = false;
    }

    private bool HasCompressedClusters(ulong[] tree) => AnyEntry(tree, e => L1L2.Classify(e, v3) == L1L2.Kind.Compressed);

    private bool HasZeroClusters(ulong[] tree) => AnyEntry(tree, e => L1L2.Classify(e, v3) is L1L2.Kind.ZeroPlain or L1L2.Kind.ZeroAllocated);

    private bool AnyEntry(ulong[] tree, Func<ulong, bool> test)
    {
        foreach (var l1e in tree)
        {
            long off = (long)(l1e & L1L2.OffsetMask);
            if (off == 0)
                continue;
            foreach (var e in l2cache.Get(off))
                if (test(e))
                    return true;
        }
        return false;
    }

    /// <summary>Version 2 has no zero flag: zero clusters become unallocated where nothing shows through, data
    /// clusters of zeroes otherwise (qemu's qcow2_expand_zero_clusters).</summary>
    private void ExpandZeroClusters()
    {
        var zeroBuf = new byte[clusterSize];
        for (long l1i = 0; l1i < l1.Length; l1i++)
        {
            long off = (long)(l1[l1i] & L1L2.OffsetMask);
            if (off == 0)
                continue;
            int entries = 1 << l2Bits;
            for (int idx = 0; idx < entries; idx++)
            {
                long gc = (l1i << l2Bits) + idx;
                if ((gc << clusterBits) >= VirtualSize)
                    break;
                ulong e = Entry(gc);
                var kind = L1L2.Classify(e, v3);
                if (kind is not (L1L2.Kind.ZeroPlain or L1L2.Kind.ZeroAllocated))
                    continue;
                int n = (int)Math.Min(clusterSize, VirtualSize - (gc << clusterBits));
                if (kind == L1L2.Kind.ZeroPlain && !HasBackingFile)
                {
                    var (table, tableOff) = WritableL2(gc);
                    table[idx] = 0;
                    l2cache.MarkDirty(tableOff);
                }
                else
                {
                    WriteCore(gc << clusterBits, zeroBuf.AsSpan(0, n));
                }
            }
        }
    }
}
