using Vireo.Images.Internal;

namespace Vireo.Images.Qcow2;

/// <summary>What a consistency check found (the fields of qemu's ImageCheck).</summary>
public sealed class CheckResult
{
    public long Corruptions { get; set; }
    public long Leaks { get; set; }
    public long CheckErrors { get; set; }
    public long CorruptionsFixed { get; set; }
    public long LeaksFixed { get; set; }
    public long ImageEndOffset { get; set; }
    public long TotalClusters { get; set; }
    public long AllocatedClusters { get; set; }
    public long FragmentedClusters { get; set; }
    public long CompressedClusters { get; set; }

    /// <summary>One line per problem, as qemu prints them to stderr.</summary>
    public List<string> Messages { get; } = new();
}

/// <summary>Recomputes every reference to every host cluster and compares with the refcounts (qemu-img check).</summary>
public static class Qcow2Checker
{
    /// <summary>Checks an open image; with <paramref name="fixLeaks"/> or <paramref name="fixErrors"/> it repairs refcounts
    /// (the image must be writable).</summary>
    public static CheckResult Check(Qcow2Image img, bool fixLeaks, bool fixErrors)
    {
        var r = new CheckResult();
        var h = img.Header;
        var file = img.File;
        int cb = h.ClusterBits, cs = h.ClusterSize;
        bool v3 = h.Version >= 3;
        long fileSize = file.Length;
        long nbClusters = Header.DivRoundUp(fileSize, cs);
        var refs = new Dictionary<long, long>();
        r.TotalClusters = Header.DivRoundUp((long)h.Size, cs);

        void Inc(long offset, long size)
        {
            if (size <= 0)
                return;
            // as qemu's inc_refcounts: a reference a cluster or more past the end is a corruption, not counted
            // (counting it would also make the refcount comparison below walk up to a hostile offset)
            if (offset + size - fileSize >= cs)
            {
                r.Messages.Add($"ERROR: counting reference for region exceeding the end of the file by one cluster or more: offset 0x{offset:x} size 0x{size:x}");
                r.Corruptions++;
                return;
            }
            for (long c = offset >> cb; c <= (offset + size - 1) >> cb; c++)
                refs[c] = refs.GetValueOrDefault(c) + 1;
        }

        Inc(0, cs);
        var tables = new List<(long L1Offset, ulong[] L1, bool Active)> { ((long)h.L1TableOffset, img.L1, true) };
        foreach (var s in img.SnapshotList)
        {
            var raw = new byte[(long)s.L1Size * 8];
            file.ReadExactOrZero(s.L1TableOffset, raw);
            var t = new ulong[s.L1Size];
            for (int i = 0; i < t.Length; i++)
                t[i] = BE.U64(raw, i * 8);
            tables.Add((s.L1TableOffset, t, false));
        }
        var l2Raw = new byte[cs];
        long nextContiguous = 0;
        foreach (var (l1Off, l1, active) in tables)
        {
            Inc(l1Off, (long)l1.Length * 8);
            for (int i = 0; i < l1.Length; i++)
            {
                long l2 = (long)(l1[i] & L1L2.OffsetMask);
                if (l2 == 0)
                    continue;
                if ((l2 & (cs - 1)) != 0)
                {
                    r.Messages.Add($"ERROR l2_offset={l2:x}: Table is not cluster aligned; L1 entry corrupted");
                    r.Corruptions++;
                    continue;
                }
                Inc(l2, cs);
                if (l2 + cs > fileSize)
                {
                    r.Messages.Add($"ERROR l2_offset={l2:x}: L2 table lies past the end of the image file");
                    r.Corruptions++;
                    continue;
                }
                file.ReadExactOrZero(l2, l2Raw);
                // as qemu's check_refcounts_l2: contiguity is judged within one L2 table
                nextContiguous = 0;
                for (int j = 0; j < cs / 8; j++)
                {
                    ulong e = BE.U64(l2Raw, j * 8);
                    switch (L1L2.Classify(e, v3))
                    {
                        case L1L2.Kind.Compressed:
                            {
                                if ((e & L1L2.Copied) != 0)
                                {
                                    r.Messages.Add($"ERROR: coffset=0x{(long)(e & ~(L1L2.Copied | L1L2.Compressed)):x}: copied flag must never be set for compressed clusters");
                                    r.Corruptions++;
                                }
                                var (off, len) = L1L2.CompressedExtent(e, cb);
                                Inc(off & ~511L, len + (off & 511));
                                if (active)
                                {
                                    // as qemu: compressed clusters count as fragmented by nature
                                    r.AllocatedClusters++;
                                    r.CompressedClusters++;
                                    r.FragmentedClusters++;
                                }
                                break;
                            }
                        case L1L2.Kind.Normal:
                        case L1L2.Kind.ZeroAllocated:
                            {
                                long off = (long)(e & L1L2.OffsetMask);
                                if ((off & (cs - 1)) != 0)
                                {
                                    r.Messages.Add($"ERROR offset={off:x}: Cluster is not properly aligned; L2 entry corrupted");
                                    r.Corruptions++;
                                    break;
                                }
                                if (active)
                                {
                                    r.AllocatedClusters++;
                                    if (nextContiguous != 0 && off != nextContiguous)
                                        r.FragmentedClusters++;
                                    nextContiguous = off + cs;
                                }
                                Inc(off, cs);
                                break;
                            }
                    }
                }
            }
        }
        if (h.NbSnapshots > 0)
        {
            Snapshots.Read((o, n) => { var b = new byte[n]; file.ReadExactOrZero(o, b); return b; }, h, img.Path, fileSize, out long snapBytes);
            Inc((long)h.SnapshotsOffset, snapBytes);
        }
        var rc = img.Refcounts;
        Inc(rc.TableOffset, (long)rc.TableClusters * cs);
        for (long bi = 0; bi < rc.TableEntries; bi++)
        {
            long off = rc.BlockOffset(bi);
            if (off == 0)
                continue;
            if (off + cs > fileSize)
            {
                r.Messages.Add($"ERROR refcount block {bi} is outside image");
                r.Corruptions++;
                continue;
            }
            Inc(off, cs);
        }

        long highest = refs.Count == 0 ? -1 : refs.Keys.Max();
        long limit = Math.Max(nbClusters, highest + 1);
        var fixes = new List<(long Cluster, long Value)>();
        for (long c = 0; c < limit; c++)
        {
            long computed = refs.GetValueOrDefault(c);
            long stored = c < nbClusters || computed > 0 ? rc.Get(c) : 0;
            if (stored == computed)
                continue;
            if (stored < computed)
            {
                r.Messages.Add($"{(fixErrors ? "Repairing" : "ERROR")} cluster {c} refcount={stored} reference={computed}");
                if (fixErrors)
                {
                    fixes.Add((c, computed));
                    r.CorruptionsFixed++;
                }
                else
                {
                    r.Corruptions++;
                }
            }
            else
            {
                r.Messages.Add($"{(fixLeaks ? "Repairing" : "Leaked")} cluster {c} refcount={stored} reference={computed}");
                if (fixLeaks)
                {
                    fixes.Add((c, computed));
                    r.LeaksFixed++;
                }
                else
                {
                    r.Leaks++;
                }
            }
        }
        foreach (var (c, v) in fixes)
            rc.Set(c, v);
        if (fixes.Count > 0)
            rc.FlushBlocks();

        // the COPIED flag of active L1/L2 entries must say whether the refcount is exactly one
        var active0 = tables[0];
        for (int i = 0; i < active0.L1.Length; i++)
        {
            ulong l1e = active0.L1[i];
            long l2 = (long)(l1e & L1L2.OffsetMask);
            if (l2 == 0 || (l2 & (cs - 1)) != 0 || l2 + cs > fileSize)
                continue;
            bool copied = (l1e & L1L2.Copied) != 0;
            long rcount = rc.Get(l2 >> cb);
            if (copied != (rcount == 1))
            {
                r.Messages.Add($"ERROR OFLAG_COPIED L2 cluster: l1_index={i} l1_entry={l1e:x} refcount={rcount}");
                r.Corruptions++;
            }
            file.ReadExactOrZero(l2, l2Raw);
            for (int j = 0; j < cs / 8; j++)
            {
                ulong e = BE.U64(l2Raw, j * 8);
                var k = L1L2.Classify(e, v3);
                if (k is not (L1L2.Kind.Normal or L1L2.Kind.ZeroAllocated))
                    continue;
                long off = (long)(e & L1L2.OffsetMask);
                if ((off & (cs - 1)) != 0)
                    continue;
                long dc = rc.Get(off >> cb);
                if (((e & L1L2.Copied) != 0) != (dc == 1))
                {
                    r.Messages.Add($"ERROR OFLAG_COPIED data cluster: l2_entry={e:x} refcount={dc}");
                    r.Corruptions++;
                }
            }
        }
        r.ImageEndOffset = (highest + 1) * cs;
        return r;
    }
}
