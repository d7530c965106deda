using System.Globalization;
using Vireo.Images.Internal;

namespace Vireo.Images.Qcow2;

public sealed partial class Qcow2Image
{
    /// <summary>Creates an internal snapshot of the current disk state (qemu-img snapshot -c).</summary>
    public void CreateSnapshot(string name)
    {
        lock (gate)
        {
            CheckWritable();
            if (SnapshotList.Any(s => s.Name == name || s.Id == name))
                throw new ArgumentException($"{Path}: a snapshot named '{name}' already exists");
            if (SnapshotList.Count >= ImageLimits.MaxSnapshots)
                throw new ArgumentException($"{Path}: too many snapshots");
            FlushCore(sync: false);
            // every cluster of the active tree gains a reference; the COPIED flags are cleared accordingly
            UpdateTreeRefcounts(l1, +1, active: true);
            long l1Bytes = (long)l1.Length * 8;
            long snapL1 = l1.Length == 0 ? 0 : refcounts.Alloc((int)Header.DivRoundUp(l1Bytes, clusterSize));
            if (l1.Length > 0)
            {
                var raw = new byte[l1Bytes];
                for (int i = 0; i < l1.Length; i++)
                    BE.Put(raw, i * 8, l1[i]);
                overlap.Check(Path, snapL1, l1Bytes, "a snapshot L1 table");
                refcounts.FlushBlocks();
                l2cache.Flush();
                file.Write(snapL1, raw);
                GrowFileLength(snapL1 + l1Bytes);
            }
            var now = DateTimeOffset.UtcNow;
            long nextId = SnapshotList.Select(s => long.TryParse(s.Id, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0).DefaultIfEmpty(0).Max() + 1;
            var sn = new SnapshotInfo(nextId.ToString(CultureInfo.InvariantCulture), name, snapL1, l1.Length,
                (uint)now.ToUnixTimeSeconds(), (uint)(now.ToUnixTimeMilliseconds() % 1000 * 1_000_000), 0, 0, VirtualSize, 0);
            WriteSnapshotTable(SnapshotList.Append(sn).ToList());
            overlap.SetRange($"the L1 table of snapshot {sn.Id}", snapL1, l1Bytes);
            FlushCore(sync: true);
        }
    }

    /// <summary>Deletes an internal snapshot by ID or name (qemu-img snapshot -d).</summary>
    public void DeleteSnapshot(string idOrName)
    {
        lock (gate)
        {
            CheckWritable();
            var sn = FindSnapshot(idOrName);
            FlushCore(sync: false);
            var remaining = SnapshotList.Where(s => s != sn).ToList();
            WriteSnapshotTable(remaining);
            overlap.SetRange($"the L1 table of snapshot {sn.Id}", 0, 0);
            var snapL1 = ReadL1(sn.L1TableOffset, sn.L1Size, $"L1 table of snapshot {sn.Id}");
            UpdateTreeRefcounts(snapL1, -1, active: false);
            if (sn.L1Size > 0)
                for (long c = 0; c < Header.DivRoundUp((long)sn.L1Size * 8, clusterSize); c++)
                    refcounts.Add((sn.L1TableOffset >> clusterBits) + c, -1);
            // clusters now referenced once by the active tree may be written in place again
            UpdateTreeRefcounts(l1, 0, active: true);
            FlushCore(sync: true);
        }
    }

    /// <summary>Reverts the disk to an internal snapshot (qemu-img snapshot -a).</summary>
    public void ApplySnapshot(string idOrName)
    {
        lock (gate)
        {
            CheckWritable();
            var sn = FindSnapshot(idOrName);
            FlushCore(sync: false);
            var snapL1 = ReadL1(sn.L1TableOffset, sn.L1Size, $"L1 table of snapshot {sn.Id}");
            if (snapL1.Length > l1.Length)
                throw new ImageNotSupportedException(Path, $"snapshot {sn.Id} has a larger L1 table than the image; not supported");
            UpdateTreeRefcounts(snapL1, +1, active: false);
            var old = (ulong[])l1.Clone();
            var newL1 = new ulong[l1.Length];
            Array.Copy(snapL1, newL1, snapL1.Length);
            refcounts.FlushBlocks();
            l2cache.Flush();
            var raw = new byte[(long)newL1.Length * 8];
            for (int i = 0; i < newL1.Length; i++)
                BE.Put(raw, i * 8, newL1[i]);
            file.Write((long)header.L1TableOffset, raw);
            l1 = newL1;
            foreach (var e in l1)
                if ((e & L1L2.OffsetMask) != 0)
                    overlap.AddL2((long)(e & L1L2.OffsetMask));
            UpdateTreeRefcounts(old, -1, active: false);
            UpdateTreeRefcounts(l1, 0, active: true);
            if (sn.DiskSize is { } ds && ds != VirtualSize)
            {
                header.Size = (ulong)ds;
                WriteHeader();
            }
            FlushCore(sync: true);
        }
    }

    private SnapshotInfo FindSnapshot(string idOrName) =>
        SnapshotList.FirstOrDefault(s => s.Id == idOrName) ?? SnapshotList.FirstOrDefault(s => s.Name == idOrName)
        ?? throw new ArgumentException($"Could not find snapshot '{idOrName}' in {Path}");

    /// <summary>Adds <paramref name="delta"/> to the refcount of every L2 table and data cluster of a tree, then
    /// (for the active tree) sets each COPIED flag to "refcount is one". qemu's qcow2_update_snapshot_refcount.</summary>
    private void UpdateTreeRefcounts(ulong[] tree, int delta, bool active)
    {
        for (int i = 0; i < tree.Length; i++)
        {
            long l2off = (long)(tree[i] & L1L2.OffsetMask);
            if (l2off == 0)
                continue;
            var table = l2cache.Get(l2off);
            bool changed = false;
            for (int j = 0; j < table.Length; j++)
            {
                ulong e = table[j];
                switch (L1L2.Classify(e, v3))
                {
                    case L1L2.Kind.Normal:
                    case L1L2.Kind.ZeroAllocated:
                        {
                            long c = (long)(e & L1L2.OffsetMask) >> clusterBits;
                            if (delta != 0)
                                refcounts.Add(c, delta);
                            if (active)
                            {
                                ulong ne = refcounts.Get(c) == 1 ? e | L1L2.Copied : e & ~L1L2.Copied;
                                if (ne != e)
                                {
                                    table[j] = ne;
                                    changed = true;
                                }
                            }
                            break;
                        }
                    case L1L2.Kind.Compressed:
                        if (delta != 0)
                        {
                            var (first, last) = L1L2.CompressedClusters(e, clusterBits);
                            for (long c = first; c <= last; c++)
                                refcounts.Add(c, delta);
                        }
                        break;
                }
            }
            if (changed)
                l2cache.MarkDirty(l2off);
            if (delta != 0)
                refcounts.Add(l2off >> clusterBits, delta);
            if (active)
            {
                ulong ne = refcounts.Get(l2off >> clusterBits) == 1 ? tree[i] | L1L2.Copied : tree[i] & ~L1L2.Copied;
                if (ne != tree[i])
                {
                    if (ReferenceEquals(tree, l1))
                        SetL1(i, ne);
                    else
                        tree[i] = ne;
                }
            }
            if (delta < 0 && refcounts.Get(l2off >> clusterBits) == 0)
            {
                l2cache.Forget(l2off);
                overlap.RemoveL2(l2off);
            }
        }
    }

    /// <summary>Writes a new snapshot table in fresh clusters, points the header at it, frees the old one.</summary>
    private void WriteSnapshotTable(List<SnapshotInfo> list)
    {
        long oldOff = (long)header.SnapshotsOffset;
        long oldBytes = 0;
        if (header.NbSnapshots > 0)
            Snapshots.Read((o, n) => { var b = new byte[n]; file.ReadExactOrZero(o, b); return b; }, header, Path, fileLength, out oldBytes);
        var bytes = SnapshotTableWriter.Build(list, VirtualSize);
        long off = 0;
        if (bytes.Length > 0)
        {
            off = refcounts.Alloc((int)Header.DivRoundUp(bytes.Length, clusterSize));
            overlap.Check(Path, off, bytes.Length, "the snapshot table");
            refcounts.FlushBlocks();
            file.Write(off, bytes);
            GrowFileLength(off + bytes.Length);
        }
        header.SnapshotsOffset = (ulong)off;
        header.NbSnapshots = (uint)list.Count;
        WriteHeader();
        overlap.SetRange("the snapshot table", off, bytes.Length);
        if (oldBytes > 0)
            for (long c = 0; c < Header.DivRoundUp(oldBytes, clusterSize); c++)
                refcounts.Add((oldOff >> clusterBits) + c, -1);
        SnapshotList = list;
    }
}
