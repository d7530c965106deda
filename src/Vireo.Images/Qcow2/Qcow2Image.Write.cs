using Vireo.Images.Internal;

namespace Vireo.Images.Qcow2;

public sealed partial class Qcow2Image
{
    public ValueTask WriteAsync(long offset, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        CheckRange(offset, data.Length);
        lock (gate)
        {
            CheckWritable();
            WriteCore(offset, data.Span);
        }
        return ValueTask.CompletedTask;
    }

    private void CheckWritable()
    {
        if (IsReadOnly)
            throw new InvalidOperationException($"{Path}: image is opened read-only");
        ObjectDisposedException.ThrowIf(disposed, this);
        if (refcountsStale)
            throw new InvalidOperationException($"{Path}: the refcount structures were rewritten; reopen the image to write");
    }

    /// <summary>The L2 table of a guest cluster, allocated or copied-on-write so that it may be modified.</summary>
    private (ulong[] Table, long Offset) WritableL2(long gc)
    {
        long l1i = gc >> l2Bits;
        ulong l1e = l1[l1i];
        long old = (long)(l1e & L1L2.OffsetMask);
        if (old != 0 && (l1e & L1L2.Copied) != 0)
            return (l2cache.Get(old), old);
        // new table, or a copy of one shared with a snapshot
        long off = refcounts.Alloc(1);
        overlap.Check(Path, off, clusterSize, "a new L2 table");
        var table = old == 0 ? new ulong[clusterSize / 8] : (ulong[])l2cache.Get(old).Clone();
        overlap.AddL2(off);
        // refcounts first, then the table, then the L1 entry that makes it reachable
        refcounts.FlushBlocks();
        var raw = new byte[clusterSize];
        for (int i = 0; i < table.Length; i++)
            BE.Put(raw, i * 8, table[i]);
        file.Write(off, raw);
        GrowFileLength(off + clusterSize);
        l2cache.Put(off, table);
        l2cache.MarkDirty(off);
        SetL1(l1i, (ulong)off | L1L2.Copied);
        if (old != 0)
            refcounts.Add(old >> clusterBits, -1);
        return (table, off);
    }

    private void SetL1(long index, ulong value)
    {
        l1[index] = value;
        Span<byte> e = stackalloc byte[8];
        BE.Put(e, 0, value);
        file.Write((long)header.L1TableOffset + index * 8, e);
    }

    private void GrowFileLength(long end)
    {
        if (end > fileLength)
            fileLength = end;
    }

    /// <summary>Drops the reference an L2 entry holds on its host cluster(s).</summary>
    private void Release(ulong e)
    {
        switch (L1L2.Classify(e, v3))
        {
            case L1L2.Kind.Normal:
            case L1L2.Kind.ZeroAllocated:
                refcounts.Add((long)(e & L1L2.OffsetMask) >> clusterBits, -1);
                break;
            case L1L2.Kind.Compressed:
                var (first, last) = L1L2.CompressedClusters(e, clusterBits);
                for (long c = first; c <= last; c++)
                    refcounts.Add(c, -1);
                if ((long)e == cachedCompressedEntry)
                    cachedCompressedEntry = -1;
                break;
        }
    }

    private void WriteCore(long offset, ReadOnlySpan<byte> data)
    {
        while (data.Length > 0)
        {
            long gc = offset >> clusterBits;
            int inCluster = (int)(offset & (clusterSize - 1));
            int n = Math.Min(clusterSize - inCluster, data.Length);
            var (table, tableOff) = WritableL2(gc);
            int idx = (int)(gc & ((1 << l2Bits) - 1));
            ulong e = table[idx];
            var kind = L1L2.Classify(e, v3);
            if (kind == L1L2.Kind.Normal && (e & L1L2.Copied) != 0)
            {
                long host = DataOffset(e, gc);
                // extend over following in-place clusters that are contiguous on the host and in the same table
                while (n < data.Length && idx + 1 < table.Length)
                {
                    ulong e2 = table[idx + 1];
                    long want = host + ((long)(gc + 1 - (offset >> clusterBits)) << clusterBits);
                    if (L1L2.Classify(e2, v3) != L1L2.Kind.Normal || (e2 & L1L2.Copied) == 0 || (long)(e2 & L1L2.OffsetMask) != want)
                        break;
                    gc++;
                    idx++;
                    n = Math.Min(n + clusterSize, data.Length);
                }
                overlap.Check(Path, host + inCluster, n, "guest data");
                file.Write(host + inCluster, data[..n]);
            }
            else if (inCluster == 0 && n == clusterSize)
            {
                // whole clusters: allocate a contiguous run for as many as this table and the request cover
                int count = 1;
                while ((long)(count + 1) * clusterSize <= data.Length && idx + count < table.Length &&
                       !(L1L2.Classify(table[idx + count], v3) == L1L2.Kind.Normal && (table[idx + count] & L1L2.Copied) != 0))
                    count++;
                long host = refcounts.Alloc(count);
                long bytes = (long)count * clusterSize;
                overlap.Check(Path, host, bytes, "guest data");
                file.Write(host, data[..(int)bytes]);
                GrowFileLength(host + bytes);
                for (int i = 0; i < count; i++)
                {
                    ulong old = table[idx + i];
                    table[idx + i] = (ulong)(host + ((long)i << clusterBits)) | L1L2.Copied;
                    Release(old);
                }
                l2cache.MarkDirty(tableOff);
                n = (int)bytes;
            }
            else
            {
                // partial cluster: copy-on-write from whatever the cluster reads as now
                var buf = new byte[clusterSize];
                if (kind == L1L2.Kind.ZeroAllocated && (e & L1L2.Copied) != 0)
                {
                    long host = (long)(e & L1L2.OffsetMask);
                    data[..n].CopyTo(buf.AsSpan(inCluster));
                    overlap.Check(Path, host, clusterSize, "guest data");
                    file.Write(host, buf);
                    GrowFileLength(host + clusterSize);
                    table[idx] = (ulong)host | L1L2.Copied;
                }
                else
                {
                    ReadCore(gc << clusterBits, buf, null);
                    data[..n].CopyTo(buf.AsSpan(inCluster));
                    // ReadCore may have evicted the table; fetch it again
                    (table, tableOff) = WritableL2(gc);
                    long host = refcounts.Alloc(1);
                    overlap.Check(Path, host, clusterSize, "guest data");
                    file.Write(host, buf);
                    GrowFileLength(host + clusterSize);
                    ulong old = table[idx];
                    table[idx] = (ulong)host | L1L2.Copied;
                    Release(old);
                }
                l2cache.MarkDirty(tableOff);
            }
            data = data[n..];
            offset += n;
        }
    }

    public ValueTask DiscardAsync(long offset, long length, CancellationToken cancellationToken = default)
    {
        CheckRange(offset, length);
        lock (gate)
        {
            CheckWritable();
            ZeroOrDiscard(offset, length, zero: false);
        }
        return ValueTask.CompletedTask;
    }

    public ValueTask WriteZeroesAsync(long offset, long length, CancellationToken cancellationToken = default)
    {
        CheckRange(offset, length);
        lock (gate)
        {
            CheckWritable();
            ZeroOrDiscard(offset, length, zero: true);
        }
        return ValueTask.CompletedTask;
    }

    private void ZeroOrDiscard(long offset, long length, bool zero)
    {
        long end = offset + length;
        while (offset < end)
        {
            long gc = offset >> clusterBits;
            int inCluster = (int)(offset & (clusterSize - 1));
            long n = Math.Min(clusterSize - inCluster, end - offset);
            bool whole = inCluster == 0 && n == clusterSize || (inCluster == 0 && offset + n == VirtualSize);
            if (!zero && !v3 && HasBackingFile)
            {
                // qemu-img 7.2 ignores discards on version 2 images with a backing file (measured): keep the data
            }
            else if (!whole)
            {
                // partial clusters: a discard may leave them alone; zeroes are written as data
                if (zero)
                    WriteCore(offset, new byte[n]);
            }
            else
            {
                ulong e = Entry(gc);
                var kind = L1L2.Classify(e, v3);
                bool hasBacking = HasBackingFile;
                // as qemu: on version 3 both make the cluster read as zeroes (even over a backing file);
                // on version 2 a discard falls through to the backing file, and zeroes over one are stored as data
                ulong newEntry;
                if (v3)
                    newEntry = L1L2.Zero;
                else if (zero && hasBacking)
                    newEntry = ulong.MaxValue;
                else
                    newEntry = 0;
                if (v3 && !hasBacking && kind == L1L2.Kind.Unallocated)
                    newEntry = 0;
                if (newEntry == ulong.MaxValue)
                {
                    WriteCore(offset, new byte[n]);
                }
                else if (!(kind == L1L2.Kind.Unallocated && newEntry == 0) && !(kind == L1L2.Kind.ZeroPlain && newEntry == L1L2.Zero))
                {
                    var (table, tableOff) = WritableL2(gc);
                    int idx = (int)(gc & ((1 << l2Bits) - 1));
                    ulong old = table[idx];
                    table[idx] = newEntry;
                    l2cache.MarkDirty(tableOff);
                    long freed = L1L2.Classify(old, v3) is L1L2.Kind.Normal or L1L2.Kind.ZeroAllocated ? (long)(old & L1L2.OffsetMask) : -1;
                    Release(old);
                    if (freed >= 0 && refcounts.Get(freed >> clusterBits) == 0)
                        file.PunchHole(freed, clusterSize);
                }
            }
            offset += n;
        }
    }

    /// <summary>Writes one whole guest cluster compressed (zlib or zstd, as the header says) (stored uncompressed when it does not shrink).</summary>
    public ValueTask WriteCompressedAsync(long offset, ReadOnlyMemory<byte> cluster, CancellationToken cancellationToken = default)
    {
        var outBuf = new byte[clusterSize];
        int len = Compression.Compress(cluster.Span, outBuf.AsSpan(0, clusterSize - 1), header.CompressionType);
        return WriteCompressedClusterAsync(offset, cluster, outBuf.AsMemory(0, Math.Max(len, 0)), len > 0);
    }

    /// <summary>Stores an already compressed cluster (see <see cref="Compression.Compress"/>); when
    /// <paramref name="compressedOk"/> is false the plain <paramref name="cluster"/> is written instead.</summary>
    public ValueTask WriteCompressedClusterAsync(long offset, ReadOnlyMemory<byte> cluster, ReadOnlyMemory<byte> compressed, bool compressedOk)
    {
        if ((offset & (clusterSize - 1)) != 0 || (cluster.Length != clusterSize && offset + cluster.Length != VirtualSize))
            throw new ArgumentException($"{Path}: compressed writes must cover one whole cluster");
        CheckRange(offset, cluster.Length);
        lock (gate)
        {
            CheckWritable();
            if (!compressedOk)
            {
                var full = new byte[clusterSize];
                cluster.Span.CopyTo(full);
                WriteCore(offset, full.AsSpan(0, cluster.Length));
                return ValueTask.CompletedTask;
            }
            long gc = offset >> clusterBits;
            int len = compressed.Length;
            long host;
            if (compressedTail != 0 && (compressedTail & (clusterSize - 1)) + len <= clusterSize)
            {
                host = compressedTail;
                refcounts.Add(host >> clusterBits, 1);
            }
            else
            {
                host = refcounts.Alloc(1);
            }
            overlap.Check(Path, host, len, "compressed guest data");
            file.Write(host, compressed.Span);
            GrowFileLength(host + len);
            compressedTail = host + len;
            if ((compressedTail & (clusterSize - 1)) == 0)
                compressedTail = 0;
            var (table, tableOff) = WritableL2(gc);
            int idx = (int)(gc & ((1 << l2Bits) - 1));
            ulong old = table[idx];
            table[idx] = L1L2.CompressedEntry(host, len, clusterBits);
            l2cache.MarkDirty(tableOff);
            Release(old);
        }
        return ValueTask.CompletedTask;
    }
}
