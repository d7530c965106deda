namespace Vireo.Images.Qcow2;

/// <summary>Where qcow2 metadata lives, so no write (data or metadata) lands on metadata it does not own.
/// qemu calls this the "overlap check"; a hit means the refcounts are wrong, and we stop rather than corrupt.</summary>
public sealed class OverlapCheck
{
    private readonly int clusterBits;
    private readonly HashSet<long> l2Clusters = new();
    private readonly HashSet<long> refblockClusters = new();
    private readonly List<(long Start, long End, string What)> ranges = new();

    public OverlapCheck(int clusterBits) => this.clusterBits = clusterBits;

    /// <summary>Records a fixed range (header, L1 table, refcount table, snapshot table, snapshot L1 tables).</summary>
    public void SetRange(string what, long offset, long length)
    {
        ranges.RemoveAll(r => r.What == what);
        if (length > 0)
            ranges.Add((offset, offset + length, what));
    }

    public void AddL2(long offset) => l2Clusters.Add(offset >> clusterBits);
    public void RemoveL2(long offset) => l2Clusters.Remove(offset >> clusterBits);
    public void AddRefblock(long offset) => refblockClusters.Add(offset >> clusterBits);

    /// <summary>Throws when [offset, offset+length) overlaps metadata other than <paramref name="self"/>
    /// (the host offset of the structure being written, or -1 for data).</summary>
    public void Check(string path, long offset, long length, string what, long self = -1)
    {
        long end = offset + length;
        foreach (var (s, e, name) in ranges)
        {
            if (offset < e && s < end && !(self >= s && self < e))
                throw Fail(path, what, offset, name);
        }
        long first = offset >> clusterBits, last = (end - 1) >> clusterBits;
        long selfCluster = self < 0 ? -1 : self >> clusterBits;
        if (last - first < 64)
        {
            for (long c = first; c <= last; c++)
            {
                if (c == selfCluster)
                    continue;
                if (l2Clusters.Contains(c))
                    throw Fail(path, what, offset, "an L2 table");
                if (refblockClusters.Contains(c))
                    throw Fail(path, what, offset, "a refcount block");
            }
        }
        else
        {
            foreach (var c in l2Clusters)
                if (c >= first && c <= last && c != selfCluster)
                    throw Fail(path, what, offset, "an L2 table");
            foreach (var c in refblockClusters)
                if (c >= first && c <= last && c != selfCluster)
                    throw Fail(path, what, offset, "a refcount block");
        }
    }

    private static ImageFormatException Fail(string path, string what, long offset, string victim) =>
        new(path, $"metadata overlap: writing {what} at 0x{offset:x} would overwrite {victim}; the refcounts are inconsistent, image marked corrupt (run 'vireo-img check -r all')");
}
