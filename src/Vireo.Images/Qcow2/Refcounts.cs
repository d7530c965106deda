using Vireo.Images.Internal;

namespace Vireo.Images.Qcow2;

/// <summary>The refcount table and refcount blocks: reading, updating (write-back cached), and cluster allocation.</summary>
public sealed class Refcounts
{
    private readonly HostFile file;
    private readonly string path;
    private readonly int clusterBits;
    private readonly int clusterSize;
    private readonly OverlapCheck overlap;
    private readonly Dictionary<long, byte[]> blocks = new();
    private readonly HashSet<long> dirty = new();
    private readonly List<(long Start, long End)> reserved = new();
    private ulong[] table;
    private long freeHint;

    internal Refcounts(HostFile file, string path, Header h, OverlapCheck overlap)
    {
        this.file = file;
        this.path = path;
        clusterBits = h.ClusterBits;
        clusterSize = h.ClusterSize;
        this.overlap = overlap;
        Order = h.RefcountOrder;
        EntriesPerBlock = (clusterSize * 8) >> Order;
        TableOffset = (long)h.RefcountTableOffset;
        TableClusters = (int)h.RefcountTableClusters;
        var raw = new byte[TableClusters * clusterSize];
        file.ReadExactOrZero(TableOffset, raw);
        table = new ulong[raw.Length / 8];
        long fileLength = file.Length;
        for (int i = 0; i < table.Length; i++)
        {
            table[i] = BE.U64(raw, i * 8);
            long off = (long)(table[i] & ~0x1ffUL);
            if (table[i] == 0)
                continue;
            if ((off & (clusterSize - 1)) != 0)
                throw new ImageFormatException(path, $"refcount block {i} offset 0x{off:x} is not cluster aligned");
            if (off + clusterSize > fileLength)
                throw new ImageFormatException(path, $"refcount block {i} at 0x{off:x} lies past the end of the file ({fileLength} bytes)");
            overlap.AddRefblock(off);
        }
    }

    /// <summary>log2 of refcount bits.</summary>
    public int Order { get; }

    /// <summary>Refcount entries in one refcount block.</summary>
    public int EntriesPerBlock { get; }

    /// <summary>Host offset of the refcount table.</summary>
    public long TableOffset { get; private set; }

    /// <summary>Size of the refcount table in clusters.</summary>
    public int TableClusters { get; private set; }

    /// <summary>Largest refcount value representable.</summary>
    public long MaxRefcount => Order == 6 ? long.MaxValue : (1L << (1 << Order)) - 1;

    /// <summary>Called when the refcount table moved (the header must be rewritten).</summary>
    internal Action<long, int>? TableMoved { get; set; }

    /// <summary>Host offsets of the refcount blocks (0 where absent).</summary>
    public long BlockOffset(long blockIndex) => blockIndex < table.Length ? (long)(table[blockIndex] & ~0x1ffUL) : 0;

    /// <summary>Number of refcount table entries.</summary>
    public int TableEntries => table.Length;

    /// <summary>Refcount of a host cluster (0 beyond the refcount table's coverage).</summary>
    public long Get(long cluster)
    {
        var blk = Block(cluster / EntriesPerBlock, create: false);
        return blk == null ? 0 : ReadEntry(blk, (int)(cluster % EntriesPerBlock));
    }

    /// <summary>Adds <paramref name="delta"/> to a cluster's refcount; refuses to overflow or go negative.</summary>
    public void Add(long cluster, long delta)
    {
        long cur = Get(cluster);
        long v = cur + delta;
        if (v < 0)
            throw new ImageFormatException(path, $"refcount of cluster {cluster} would drop below zero; image is inconsistent (run 'vireo-img check')");
        if (v > MaxRefcount)
            throw new ImageFormatException(path, $"refcount of cluster {cluster} would overflow its {1 << Order} bits");
        Set(cluster, v);
        if (v == 0 && cluster < freeHint)
            freeHint = cluster;
    }

    /// <summary>Sets a cluster's refcount, creating its refcount block when needed.</summary>
    public void Set(long cluster, long value)
    {
        long bi = cluster / EntriesPerBlock;
        var blk = Block(bi, create: value != 0);
        if (blk == null)
            return;
        WriteEntry(blk, (int)(cluster % EntriesPerBlock), value);
        dirty.Add(bi);
    }

    /// <summary>Allocates <paramref name="count"/> contiguous clusters with refcount 1; returns the host offset.</summary>
    public long Alloc(int count)
    {
        long c = FindFree(count);
        reserved.Add((c, c + count));
        try
        {
            for (long i = c; i < c + count; i++)
                Set(i, 1);
        }
        finally
        {
            reserved.RemoveAt(reserved.Count - 1);
        }
        freeHint = c + count;
        return c << clusterBits;
    }

    private long FindFree(int count)
    {
        long c = freeHint;
        while (true)
        {
            bool ok = true;
            for (long i = 0; i < count; i++)
            {
                long x = c + i;
                if (IsReserved(x) || Get(x) != 0 || x == 0)
                {
                    c = x + 1;
                    ok = false;
                    break;
                }
            }
            if (ok)
                return c;
        }
    }

    private bool IsReserved(long c)
    {
        foreach (var (s, e) in reserved)
            if (c >= s && c < e)
                return true;
        return false;
    }

    private byte[]? Block(long bi, bool create)
    {
        if (blocks.TryGetValue(bi, out var b))
            return b;
        long off = BlockOffset(bi);
        if (off != 0)
        {
            b = new byte[clusterSize];
            file.ReadExactOrZero(off, b);
            blocks[bi] = b;
            return b;
        }
        if (!create)
            return null;
        return CreateBlock(bi);
    }

    private byte[] CreateBlock(long bi)
    {
        if (bi >= table.Length)
        {
            GrowTable(bi + 1);
            // growing the table may itself have created this block (for the table's own refcounts)
            if (blocks.TryGetValue(bi, out var made))
                return made;
        }
        // place the new block: it may well fall inside the range it describes
        long c = FindFree(1);
        long off = c << clusterBits;
        overlap.Check(path, off, clusterSize, "a new refcount block");
        var b = new byte[clusterSize];
        file.Write(off, b);
        blocks[bi] = b;
        dirty.Add(bi);
        table[bi] = (ulong)off;
        overlap.AddRefblock(off);
        WriteTableEntry(bi);
        reserved.Add((c, c + 1));
        try
        {
            Set(c, 1);
        }
        finally
        {
            reserved.RemoveAt(reserved.Count - 1);
        }
        return b;
    }

    private void WriteTableEntry(long bi)
    {
        Span<byte> e = stackalloc byte[8];
        BE.Put(e, 0, table[bi]);
        file.Write(TableOffset + bi * 8, e);
    }

    private void GrowTable(long minEntries)
    {
        long entriesPerCluster = clusterSize / 8;
        long want = Math.Max(minEntries + 1, table.Length * 3L / 2);
        int newClusters = (int)Header.DivRoundUp(want, entriesPerCluster);
        if ((long)newClusters * clusterSize > ImageLimits.MaxRefcountTableBytes)
            throw new ImageFormatException(path, "refcount table would exceed its size limit; image too large for this cluster size");
        var oldOffset = TableOffset;
        int oldClusters = TableClusters;
        long c = FindFree(newClusters);
        var newTable = new ulong[newClusters * entriesPerCluster];
        Array.Copy(table, newTable, table.Length);
        table = newTable;
        TableOffset = c << clusterBits;
        TableClusters = newClusters;
        overlap.SetRange("the refcount table", TableOffset, (long)newClusters * clusterSize);
        reserved.Add((c, c + newClusters));
        try
        {
            for (long i = c; i < c + newClusters; i++)
                Set(i, 1);
        }
        finally
        {
            reserved.RemoveAt(reserved.Count - 1);
        }
        FlushBlocks();
        var raw = new byte[newClusters * clusterSize];
        for (int i = 0; i < table.Length; i++)
            BE.Put(raw, i * 8, table[i]);
        file.Write(TableOffset, raw);
        TableMoved?.Invoke(TableOffset, TableClusters);
        for (long i = 0; i < oldClusters; i++)
            Add((oldOffset >> clusterBits) + i, -1);
    }

    /// <summary>Writes the dirty refcount blocks.</summary>
    public void FlushBlocks()
    {
        foreach (var bi in dirty.OrderBy(x => x))
        {
            long off = BlockOffset(bi);
            overlap.Check(path, off, clusterSize, "a refcount block", off);
            file.Write(off, blocks[bi]);
        }
        dirty.Clear();
    }

    /// <summary>Number of host clusters the refcount structures describe.</summary>
    public long CoveredClusters => (long)table.Length * EntriesPerBlock;

    private long ReadEntry(byte[] b, int i)
    {
        switch (Order)
        {
            case 0: return (b[i >> 3] >> (i & 7)) & 1;
            case 1: return (b[i >> 2] >> (2 * (i & 3))) & 3;
            case 2: return (b[i >> 1] >> (4 * (i & 1))) & 15;
            case 3: return b[i];
            case 4: return BE.U16(b, i * 2);
            case 5: return BE.U32(b, i * 4);
            default: return (long)BE.U64(b, i * 8);
        }
    }

    private void WriteEntry(byte[] b, int i, long v) => Pack(b, Order, i, v);

    /// <summary>Stores entry <paramref name="i"/> of a refcount block whose entries are 2^<paramref name="order"/> bits wide.</summary>
    internal static void Pack(byte[] b, int order, int i, long v)
    {
        switch (order)
        {
            case 0: b[i >> 3] = (byte)((b[i >> 3] & ~(1 << (i & 7))) | ((int)v << (i & 7))); break;
            case 1: b[i >> 2] = (byte)((b[i >> 2] & ~(3 << (2 * (i & 3)))) | ((int)v << (2 * (i & 3)))); break;
            case 2: b[i >> 1] = (byte)((b[i >> 1] & ~(15 << (4 * (i & 1)))) | ((int)v << (4 * (i & 1)))); break;
            case 3: b[i] = (byte)v; break;
            case 4: BE.Put(b, i * 2, (ushort)v); break;
            case 5: BE.Put(b, i * 4, (uint)v); break;
            default: BE.Put(b, i * 8, (ulong)v); break;
        }
    }
}
