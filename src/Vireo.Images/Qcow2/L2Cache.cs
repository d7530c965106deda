using Vireo.Images.Internal;

namespace Vireo.Images.Qcow2;

/// <summary>A bounded LRU cache of L2 tables, write-back: dirty tables are written on eviction and flush,
/// after the refcount blocks (so a crash leaks clusters instead of pointing at unreferenced ones).</summary>
public sealed class L2Cache
{
    private sealed class Entry
    {
        public required long Offset;
        public required ulong[] Table;
        public bool Dirty;
        public LinkedListNode<Entry>? Node;
    }

    private readonly HostFile file;
    private readonly string path;
    private readonly int clusterSize;
    private readonly int capacity;
    private readonly OverlapCheck overlap;
    private readonly Action beforeWrite;
    private readonly Dictionary<long, Entry> map = new();
    private readonly LinkedList<Entry> lru = new();

    internal L2Cache(HostFile file, string path, int clusterSize, long capacityBytes, OverlapCheck overlap, Action beforeWrite)
    {
        this.file = file;
        this.path = path;
        this.clusterSize = clusterSize;
        capacity = (int)Math.Max(4, capacityBytes / clusterSize);
        this.overlap = overlap;
        this.beforeWrite = beforeWrite;
    }

    /// <summary>The L2 table at a host offset (loaded when not cached).</summary>
    public ulong[] Get(long offset)
    {
        if (map.TryGetValue(offset, out var e))
        {
            lru.Remove(e.Node!);
            lru.AddFirst(e.Node!);
            return e.Table;
        }
        if (offset + clusterSize > file.Length)
            throw new ImageFormatException(path, $"L2 table at 0x{offset:x} lies past the end of the file ({file.Length} bytes)");
        var raw = new byte[clusterSize];
        file.ReadExactOrZero(offset, raw);
        var t = new ulong[clusterSize / 8];
        for (int i = 0; i < t.Length; i++)
            t[i] = BE.U64(raw, i * 8);
        Insert(offset, t, dirty: false);
        return t;
    }

    /// <summary>Adds a freshly allocated table (marked dirty).</summary>
    public void Put(long offset, ulong[] table) => Insert(offset, table, dirty: true);

    /// <summary>Marks a cached table as modified.</summary>
    public void MarkDirty(long offset) => map[offset].Dirty = true;

    /// <summary>Drops a table from the cache without writing it (it was freed).</summary>
    public void Forget(long offset)
    {
        if (map.Remove(offset, out var e))
            lru.Remove(e.Node!);
    }

    private void Insert(long offset, ulong[] table, bool dirty)
    {
        var e = new Entry { Offset = offset, Table = table, Dirty = dirty };
        e.Node = lru.AddFirst(e);
        map[offset] = e;
        while (map.Count > capacity)
        {
            var victim = lru.Last!.Value;
            if (victim.Dirty)
            {
                beforeWrite();
                Write(victim);
            }
            lru.RemoveLast();
            map.Remove(victim.Offset);
        }
    }

    /// <summary>Writes all dirty tables.</summary>
    public void Flush()
    {
        bool any = false;
        foreach (var e in map.Values)
            any |= e.Dirty;
        if (!any)
            return;
        beforeWrite();
        foreach (var e in map.Values.OrderBy(x => x.Offset))
            if (e.Dirty)
                Write(e);
    }

    private void Write(Entry e)
    {
        overlap.Check(path, e.Offset, clusterSize, "an L2 table", e.Offset);
        var raw = new byte[clusterSize];
        for (int i = 0; i < e.Table.Length; i++)
            BE.Put(raw, i * 8, e.Table[i]);
        file.Write(e.Offset, raw);
        e.Dirty = false;
    }
}
