using System.IO.Compression;
using System.Text;
using Vireo.Images.Internal;

namespace Vireo.Images.Qcow;

/// <summary>A qcow version 1 image, read-only (qemu's block/qcow.c format): a 48-byte big-endian header, one
/// L1 table, L2 tables of 2^l2_bits entries, clusters stored plain or raw-deflate compressed; AES is refused.</summary>
public sealed class QcowImage : IBlockImage
{
    private const ulong CompressedFlag = 1UL << 63;
    private readonly HostFile file;
    private readonly object gate = new();
    private readonly ulong[] l1;
    private readonly int clusterBits, l2Bits;
    private readonly long fileLength;
    private readonly Dictionary<long, ulong[]> l2Cache = new();
    private long cachedCluster = -1;
    private readonly byte[] clusterBuf;

    private QcowImage(HostFile file, long size, int clusterBits, int l2Bits, ulong[] l1, string? backing)
    {
        this.file = file;
        VirtualSize = size;
        this.clusterBits = clusterBits;
        this.l2Bits = l2Bits;
        this.l1 = l1;
        BackingFileName = backing;
        fileLength = file.Length;
        clusterBuf = new byte[1 << clusterBits];
    }

    public string Path => file.Path;
    public string Format => "qcow";
    public long VirtualSize { get; }
    public int ClusterSize => 1 << clusterBits;
    public bool IsReadOnly => true;
    public IBlockImage? Backing { get; private set; }

    /// <summary>Backing file name as stored (qcow v1 records no backing format).</summary>
    public string? BackingFileName { get; }

    internal void SetBacking(IBlockImage? backing) => Backing = backing;

    public static QcowImage Open(string path)
    {
        var f = HostFile.Open(path, writable: false);
        try
        {
            long len = f.Length;
            var h = new byte[48];
            if (f.ReadUpTo(0, h) < 48)
                throw new ImageFormatException(path, "qcow header truncated (need 48 bytes)");
            if (BE.U32(h, 0) != Qcow2.Header.Magic || BE.U32(h, 4) != 1)
                throw new ImageFormatException(path, "not a qcow version 1 image");
            ulong backingOffset = BE.U64(h, 8);
            uint backingSize = BE.U32(h, 16);
            ulong size = BE.U64(h, 24);
            int clusterBits = h[32], l2Bits = h[33];
            uint crypt = BE.U32(h, 36);
            ulong l1Offset = BE.U64(h, 40);
            if (crypt != 0)
                throw new ImageNotSupportedException(path, "qcow AES encryption is not supported (it is insecure); decrypt with 'qemu-img convert --object secret,id=sec0,file=KEYFILE --image-opts driver=qcow,file.filename=" + path + ",encrypt.key-secret=sec0 -O qcow2 OUT.qcow2'");
            if (clusterBits < 9 || clusterBits > 16)
                throw new ImageFormatException(path, $"cluster_bits {clusterBits} is out of range (9 to 16)");
            if (l2Bits < 6 || l2Bits > 13)
                throw new ImageFormatException(path, $"l2_bits {l2Bits} is out of range (6 to 13)");
            if (size > (ulong)ImageLimits.MaxVirtualSize)
                throw new ImageFormatException(path, $"virtual size {size} exceeds the limit of {ImageLimits.MaxVirtualSize} bytes");
            int shift = clusterBits + l2Bits;
            long l1Size = (long)((size + (1UL << shift) - 1) >> shift);
            if (l1Size * 8 > ImageLimits.MaxL1Bytes)
                throw new ImageFormatException(path, $"L1 table of {l1Size} entries exceeds the limit of {ImageLimits.MaxL1Bytes} bytes");
            if (l1Size > 0 && (l1Offset > (ulong)len || (ulong)len - l1Offset < (ulong)(l1Size * 8)))
                throw new ImageFormatException(path, $"L1 table at 0x{l1Offset:x} lies past the end of the file ({len} bytes)");
            var raw = new byte[l1Size * 8];
            f.ReadExactOrZero((long)l1Offset, raw);
            var l1 = new ulong[l1Size];
            long l2Bytes = 8L << l2Bits;
            for (int i = 0; i < l1.Length; i++)
            {
                l1[i] = BE.U64(raw, i * 8);
                if (l1[i] != 0 && (l1[i] > (ulong)len || (ulong)len - l1[i] < (ulong)l2Bytes))
                    throw new ImageFormatException(path, $"L1 entry {i}: L2 table at 0x{l1[i]:x} lies past the end of the file ({len} bytes)");
            }
            string? backing = null;
            if (backingOffset != 0)
            {
                if (backingSize == 0 || backingSize > ImageLimits.MaxBackingFileName || backingOffset > (ulong)len || (ulong)len - backingOffset < backingSize)
                    throw new ImageFormatException(path, $"backing file name ({backingSize} bytes at 0x{backingOffset:x}) is invalid");
                var name = new byte[backingSize];
                f.ReadExactOrZero((long)backingOffset, name);
                backing = Encoding.UTF8.GetString(name);
                if (backing.Contains('\0'))
                    throw new ImageFormatException(path, "backing file name contains a NUL byte");
            }
            return new QcowImage(f, (long)size, clusterBits, l2Bits, l1, backing);
        }
        catch
        {
            f.Dispose();
            throw;
        }
    }

    private ulong Entry(long cluster)
    {
        long l1i = cluster >> l2Bits;
        if (l1i >= l1.Length || l1[l1i] == 0)
            return 0;
        long off = (long)l1[l1i];
        if (!l2Cache.TryGetValue(off, out var t))
        {
            if (l2Cache.Count >= 1024)
                l2Cache.Clear();
            var raw = new byte[8 << l2Bits];
            file.ReadExactOrZero(off, raw);
            t = new ulong[1 << l2Bits];
            for (int i = 0; i < t.Length; i++)
                t[i] = BE.U64(raw, i * 8);
            l2Cache[off] = t;
        }
        return t[cluster & ((1 << l2Bits) - 1)];
    }

    public ValueTask ReadAsync(long offset, Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        CheckRange(offset, buffer.Length);
        lock (gate)
        {
            var span = buffer.Span;
            int cs = ClusterSize;
            while (span.Length > 0)
            {
                long cluster = offset >> clusterBits;
                int inCluster = (int)(offset & (cs - 1));
                int n = Math.Min(cs - inCluster, span.Length);
                ulong e = Entry(cluster);
                if (e == 0)
                {
                    span[..n].Clear();
                    if (Backing != null && offset < Backing.VirtualSize)
                    {
                        int fromBacking = (int)Math.Min(n, Backing.VirtualSize - offset);
                        var tmp = new byte[fromBacking];
                        Backing.ReadAsync(offset, tmp).AsTask().GetAwaiter().GetResult();
                        tmp.CopyTo(span);
                    }
                }
                else if ((e & CompressedFlag) != 0)
                {
                    Inflate(cluster, e);
                    clusterBuf.AsSpan(inCluster, n).CopyTo(span);
                }
                else
                {
                    if (e > (ulong)fileLength || (ulong)fileLength - e < (ulong)cs)
                        throw new ImageFormatException(Path, $"cluster {cluster} at 0x{e:x} lies past the end of the file ({fileLength} bytes)");
                    file.ReadExactOrZero((long)e + inCluster, span[..n]);
                }
                span = span[n..];
                offset += n;
            }
        }
        return ValueTask.CompletedTask;
    }

    private void Inflate(long cluster, ulong e)
    {
        if (cachedCluster == cluster)
            return;
        int shift = 63 - clusterBits;
        long csize = (long)((e >> shift) & ((1UL << clusterBits) - 1));
        long off = (long)(e & ((1UL << shift) - 1));
        if (csize <= 0 || off > fileLength || fileLength - off < csize)
            throw new ImageFormatException(Path, $"compressed cluster {cluster} ({csize} bytes at 0x{off:x}) lies past the end of the file");
        var comp = new byte[csize];
        file.ReadExactOrZero(off, comp);
        try
        {
            using var z = new DeflateStream(new MemoryStream(comp), CompressionMode.Decompress);
            int done = 0;
            while (done < clusterBuf.Length)
            {
                int r = z.Read(clusterBuf, done, clusterBuf.Length - done);
                if (r == 0)
                    break;
                done += r;
            }
            if (done != clusterBuf.Length)
                throw new ImageFormatException(Path, $"compressed cluster {cluster} inflates to {done} bytes, not {clusterBuf.Length}");
        }
        catch (InvalidDataException ex)
        {
            cachedCluster = -1;
            throw new ImageFormatException(Path, $"compressed cluster {cluster} does not inflate: {ex.Message}");
        }
        cachedCluster = cluster;
    }

    public ValueTask WriteAsync(long offset, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default) => throw ReadOnly();
    public ValueTask DiscardAsync(long offset, long length, CancellationToken cancellationToken = default) => throw ReadOnly();
    public ValueTask WriteZeroesAsync(long offset, long length, CancellationToken cancellationToken = default) => throw ReadOnly();
    public ValueTask FlushAsync(CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    private InvalidOperationException ReadOnly() => new($"{Path}: qcow version 1 images are read-only in vireo-img");

    public IReadOnlyList<AllocationExtent> GetAllocationMap(long offset, long length)
    {
        CheckRange(offset, length);
        var list = new List<AllocationExtent>();
        lock (gate)
        {
            long end = offset + length;
            int cs = ClusterSize;
            while (offset < end)
            {
                long cluster = offset >> clusterBits;
                long n = Math.Min(cs - (offset & (cs - 1)), end - offset);
                ulong e = Entry(cluster);
                AllocationExtent x = e == 0 ? new(offset, n, AllocationKind.Unallocated)
                    : (e & CompressedFlag) != 0 ? new(offset, n, AllocationKind.Compressed)
                    : new(offset, n, AllocationKind.Data, (long)e + (offset & (cs - 1)));
                if (list.Count > 0)
                {
                    var l = list[^1];
                    bool hostOk = l.HostOffset < 0 && x.HostOffset < 0 || l.HostOffset >= 0 && x.HostOffset == l.HostOffset + l.Length;
                    if (l.Kind == x.Kind && hostOk)
                    {
                        list[^1] = l with { Length = l.Length + n };
                        offset += n;
                        continue;
                    }
                }
                list.Add(x);
                offset += n;
            }
        }
        return list;
    }

    private void CheckRange(long offset, long length)
    {
        if (offset < 0 || length < 0 || offset > VirtualSize - length)
            throw new ArgumentOutOfRangeException(nameof(offset), $"{Path}: range [{offset}, +{length}) is outside the disk of {VirtualSize} bytes");
    }

    public void Dispose()
    {
        file.Dispose();
        Backing?.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
