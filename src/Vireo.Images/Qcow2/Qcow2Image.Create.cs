using System.Numerics;
using Vireo.Images.Internal;

namespace Vireo.Images.Qcow2;

public sealed partial class Qcow2Image
{
    /// <summary>Creates a qcow2 image laid out as qemu-img lays it out: header, refcount table, refcount block, L1 table.</summary>
    public static void Create(string path, Qcow2CreateOptions o)
    {
        int cs = o.ClusterSize;
        if (cs < 512 || cs > (2 << 20) || !BitOperations.IsPow2(cs))
            throw new ArgumentException($"Cluster size must be a power of two between 512 and 2048k (got {cs})");
        if (o.Size < 0 || o.Size > ImageLimits.MaxVirtualSize)
            throw new ArgumentException($"Image size must be between 0 and {ImageLimits.MaxVirtualSize} bytes");
        uint version = o.Compat switch
        {
            "1.1" or "v3" => 3,
            "0.10" or "v2" => 2,
            _ => throw new ArgumentException($"Invalid compatibility level: '{o.Compat}'"),
        };
        if (!BitOperations.IsPow2(o.RefcountBits) || o.RefcountBits > 64)
            throw new ArgumentException("Refcount width must be a power of two and may not exceed 64 bits");
        if (version == 2 && o.RefcountBits != 16)
            throw new ArgumentException("Different refcount widths than 16 bits require compatibility level 1.1 or above (use compat=1.1 or greater)");
        if (version == 2 && o.LazyRefcounts)
            throw new ArgumentException("Lazy refcounts only supported with compatibility level 1.1 and above (use compat=1.1 or greater)");
        if (o.BackingFile != null && o.Preallocation != "off")
            throw new ArgumentException("Backing file and preallocation can only be used at the same time if extended_l2 is on");
        if (o.Preallocation is not ("off" or "metadata" or "falloc" or "full"))
            throw new ArgumentException($"Invalid parameter '{o.Preallocation}' for preallocation");
        if (o.CompressionType is not ("zlib" or "zstd"))
            throw new ArgumentException($"Invalid parameter '{o.CompressionType}' for compression_type");
        if (o.CompressionType == "zstd" && version == 2)
            throw new ArgumentException("Compression type selection is only supported with compatibility level 1.1 and above (use compat=1.1 or greater)");
        int bits = BitOperations.Log2((uint)cs);
        var h = new Header
        {
            Version = version,
            ClusterBits = bits,
            RefcountTableOffset = (ulong)cs,
            RefcountTableClusters = 1,
            RefcountOrder = BitOperations.Log2((uint)o.RefcountBits),
            HeaderLength = version == 3 ? (uint)Header.V3Length : Header.V2Length,
            CompatibleFeatures = o.LazyRefcounts ? Header.CompatLazyRefcounts : 0,
            IncompatibleFeatures = o.CompressionType == "zstd" ? Header.IncompatCompressionType : 0,
            CompressionType = o.CompressionType == "zstd" ? Compression.Zstd : Compression.Zlib,
        };
        var ext = new HeaderExtensions();
        using (var f = HostFile.Create(path))
        {
            var c0 = new byte[cs];
            ext.Build(h).CopyTo(c0, 0);
            f.Write(0, c0);
            var rt = new byte[cs];
            BE.Put(rt, 0, (ulong)(2 * cs));
            f.Write(cs, rt);
            var rb = new byte[cs];
            // clusters 0, 1, 2 (header, refcount table, refcount block) have refcount 1
            f.Write(2 * cs, rb);
        }
        using (var img = Open(path, new ImageOpenOptions { Writable = true }))
        {
            for (long c = 0; c < 3; c++)
                img.refcounts.Set(c, 1);
            img.refcounts.FlushBlocks();
            img.ResizeCore(o.Size, shrink: false);
            if (o.BackingFile != null)
            {
                img.extensions.BackingFile = o.BackingFile;
                img.extensions.BackingFormatName = o.BackingFormat;
                img.WriteHeader();
            }
            if (o.Preallocation != "off")
                img.Preallocate(o.Preallocation);
            img.FlushCore(sync: true);
        }
    }

    /// <summary>Allocates every L2 table and data cluster (metadata), then the file's blocks (falloc) or zeroes (full).</summary>
    private void Preallocate(string mode)
    {
        long clusters = Header.DivRoundUp(VirtualSize, clusterSize);
        int perTable = 1 << l2Bits;
        for (long gc = 0; gc < clusters; gc += perTable)
        {
            var (table, tableOff) = WritableL2(gc);
            int count = (int)Math.Min(perTable, clusters - gc);
            long host = refcounts.Alloc(count);
            for (int i = 0; i < count; i++)
                table[i] = (ulong)(host + ((long)i << clusterBits)) | L1L2.Copied;
            l2cache.MarkDirty(tableOff);
            GrowFileLength(host + ((long)count << clusterBits));
        }
        FlushCore(sync: false);
        long end = fileLength;
        if (mode == "full")
        {
            // zero the data clusters that lie beyond the current end of file
            long cur = file.Length;
            var zero = new byte[1 << 20];
            for (long at = cur; at < end; at += zero.Length)
                file.Write(at, zero.AsSpan(0, (int)Math.Min(zero.Length, end - at)));
        }
        else if (mode == "falloc")
        {
            file.SetLength(end);
            file.Allocate(0, end);
        }
        if (file.Length < end)
            file.SetLength(end);
    }

    /// <summary>Changes the virtual size; shrinking needs <paramref name="shrink"/> and drops the data beyond the new end.</summary>
    public void Resize(long newSize, bool shrink)
    {
        lock (gate)
        {
            CheckWritable();
            ResizeCore(newSize, shrink);
            FlushCore(sync: true);
        }
    }

    private void ResizeCore(long newSize, bool shrink)
    {
        if (newSize < 0 || newSize > ImageLimits.MaxVirtualSize)
            throw new ArgumentException($"{Path}: invalid size {newSize}");
        if (SnapshotList.Count > 0 && newSize != VirtualSize)
            throw new ImageNotSupportedException(Path, "Can't resize an image which has snapshots");
        long perL1 = (long)clusterSize << l2Bits;
        long needL1 = Header.DivRoundUp(newSize, perL1);
        if (newSize < VirtualSize)
        {
            if (!shrink)
                throw new ArgumentException("Use the --shrink option to perform a shrink operation.");
            long firstWhole = Header.DivRoundUp(newSize, clusterSize) << clusterBits;
            if (firstWhole < VirtualSize)
                DropRange(firstWhole, VirtualSize);
            for (long i = needL1; i < l1.Length; i++)
            {
                long off = (long)(l1[i] & L1L2.OffsetMask);
                if (off == 0)
                    continue;
                SetL1(i, 0);
                l2cache.Forget(off);
                overlap.RemoveL2(off);
                refcounts.Add(off >> clusterBits, -1);
            }
        }
        else if (needL1 > l1.Length)
        {
            long bytes = needL1 * 8;
            if (bytes > ImageLimits.MaxL1Bytes)
                throw new ArgumentException($"{Path}: size {newSize} needs an L1 table larger than {ImageLimits.MaxL1Bytes} bytes; use a larger cluster size");
            int clusters = (int)Header.DivRoundUp(bytes, clusterSize);
            long off = refcounts.Alloc(clusters);
            overlap.Check(Path, off, (long)clusters * clusterSize, "the new L1 table");
            var newL1 = new ulong[needL1];
            Array.Copy(l1, newL1, l1.Length);
            var raw = new byte[bytes];
            for (int i = 0; i < newL1.Length; i++)
                BE.Put(raw, i * 8, newL1[i]);
            refcounts.FlushBlocks();
            file.Write(off, raw);
            GrowFileLength(off + bytes);
            long oldOff = (long)header.L1TableOffset;
            int oldClusters = (int)Header.DivRoundUp((long)l1.Length * 8, clusterSize);
            header.L1TableOffset = (ulong)off;
            header.L1Size = (uint)needL1;
            header.Size = (ulong)newSize;
            WriteHeader();
            l1 = newL1;
            overlap.SetRange("the L1 table", off, bytes);
            if (oldOff != 0)
                for (int i = 0; i < oldClusters; i++)
                    refcounts.Add((oldOff >> clusterBits) + i, -1);
        }
        header.Size = (ulong)newSize;
        WriteHeader();
    }

    /// <summary>Makes [from, to) unallocated, freeing its clusters.</summary>
    private void DropRange(long from, long to)
    {
        for (long gc = from >> clusterBits; (gc << clusterBits) < to; gc++)
        {
            long l1i = gc >> l2Bits;
            if (l1i >= l1.Length || (l1[l1i] & L1L2.OffsetMask) == 0)
            {
                gc = ((l1i + 1) << l2Bits) - 1;
                continue;
            }
            ulong e = Entry(gc);
            if (e == 0)
                continue;
            var (table, tableOff) = WritableL2(gc);
            int idx = (int)(gc & ((1 << l2Bits) - 1));
            ulong old = table[idx];
            table[idx] = 0;
            l2cache.MarkDirty(tableOff);
            Release(old);
        }
    }
}
