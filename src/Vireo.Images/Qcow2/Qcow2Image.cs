using Vireo.Images.Internal;

namespace Vireo.Images.Qcow2;

/// <summary>A qcow2 image (version 2 or 3) opened for reading or writing. Not thread-safe for concurrent
/// callers beyond the internal lock: every operation is serialised.</summary>
public sealed partial class Qcow2Image : IBlockImage
{
    private readonly HostFile file;
    private readonly object gate = new();
    private readonly Header header;
    private readonly HeaderExtensions extensions;
    private readonly OverlapCheck overlap;
    private readonly Refcounts refcounts;
    private readonly L2Cache l2cache;
    private readonly int clusterBits;
    private readonly int clusterSize;
    private readonly int l2Bits;
    private bool v3;
    private ulong[] l1;
    private long fileLength;
    private long compressedTail;
    private long cachedCompressedEntry = -1;
    private byte[]? cachedCompressed;
    private bool disposed;
    private readonly bool cacheUnsafe;

    private Qcow2Image(HostFile file, Header header, HeaderExtensions ext, ImageOpenOptions options)
    {
        this.file = file;
        this.header = header;
        extensions = ext;
        clusterBits = header.ClusterBits;
        clusterSize = header.ClusterSize;
        l2Bits = clusterBits - 3;
        v3 = header.Version >= 3;
        fileLength = file.Length;
        overlap = new OverlapCheck(clusterBits);
        overlap.SetRange("the image header", 0, clusterSize);
        overlap.SetRange("the L1 table", (long)header.L1TableOffset, (long)header.L1Size * 8);
        overlap.SetRange("the refcount table", (long)header.RefcountTableOffset, (long)header.RefcountTableClusters * clusterSize);
        refcounts = new Refcounts(file, file.Path, header, overlap) { TableMoved = OnRefcountTableMoved };
        l1 = ReadL1((long)header.L1TableOffset, (int)header.L1Size, "L1 table");
        foreach (var e in l1)
            if ((e & L1L2.OffsetMask) != 0)
                overlap.AddL2((long)(e & L1L2.OffsetMask));
        long snapBytes = 0;
        SnapshotList = header.NbSnapshots == 0 ? new List<SnapshotInfo>() :
            Snapshots.Read((o, n) => { var b = new byte[n]; file.ReadExactOrZero(o, b); return b; }, header, file.Path, fileLength, out snapBytes);
        if (header.NbSnapshots > 0)
        {
            overlap.SetRange("the snapshot table", (long)header.SnapshotsOffset, snapBytes);
            for (int i = 0; i < SnapshotList.Count; i++)
            {
                var s = SnapshotList[i];
                overlap.SetRange($"the L1 table of snapshot {s.Id}", s.L1TableOffset, (long)s.L1Size * 8);
            }
        }
        cacheUnsafe = options.CacheUnsafe;
        l2cache = new L2Cache(file, file.Path, clusterSize, options.L2CacheBytes, overlap, refcounts.FlushBlocks);
    }

    /// <summary>The fixed header (read-only view; do not modify).</summary>
    public Header Header => header;

    /// <summary>Header extensions: backing format, feature names, others.</summary>
    public HeaderExtensions Extensions => extensions;

    /// <summary>Internal snapshots.</summary>
    public IReadOnlyList<SnapshotInfo> SnapshotList { get; private set; }

    /// <summary>Refcount structures (used by check).</summary>
    public Refcounts Refcounts => refcounts;

    public string Path => file.Path;
    public string Format => "qcow2";
    public long VirtualSize => (long)header.Size;
    public int ClusterSize => clusterSize;
    public bool IsReadOnly => !file.Writable;
    public IBlockImage? Backing { get; private set; }

    /// <summary>compression_type of the header (Compression.Zlib or Compression.Zstd).</summary>
    public byte CompressionType => header.CompressionType;

    /// <summary>Backing file name as stored in the header, or null.</summary>
    public string? BackingFileName => extensions.BackingFile;

    /// <summary>Backing format recorded in the header, or null.</summary>
    public string? BackingFormat => extensions.BackingFormatName;

    /// <summary>The current L1 table (host byte order).</summary>
    internal ulong[] L1 => l1;

    internal HostFile File => file;

    /// <summary>Opens a qcow2 file (without its backing file: see <see cref="Image.Open"/>).</summary>
    public static Qcow2Image Open(string path, ImageOpenOptions options)
    {
        var f = HostFile.Open(path, options.Writable);
        try
        {
            long len = f.Length;
            var first = new byte[Math.Min(len, 1 << Header.MaxClusterBits)];
            int n = f.ReadUpTo(0, first);
            var h = Header.Parse(first.AsSpan(0, n), path, len);
            if (h.CryptMethod == 1)
                throw new ImageNotSupportedException(path, "qcow2 AES encryption is not supported (it is insecure); decrypt it with 'qemu-img convert --object secret,... --image-opts ... -O qcow2' first");
            if (h.CryptMethod != 0)
                throw new ImageNotSupportedException(path, $"qcow2 encryption method {h.CryptMethod} is not supported; convert the image to an unencrypted one with qemu-img first");
            var ext = HeaderExtensions.Parse(first.AsSpan(0, Math.Min(n, h.ClusterSize)), h, path);
            CheckFeatures(path, h, ext, options);
            return new Qcow2Image(f, h, ext, options);
        }
        catch
        {
            f.Dispose();
            throw;
        }
    }

    private static void CheckFeatures(string path, Header h, HeaderExtensions ext, ImageOpenOptions options)
    {
        ulong known = Header.IncompatDirty | Header.IncompatCorrupt | Header.IncompatCompressionType;
        ulong unknown = h.IncompatibleFeatures & ~known;
        if ((unknown & Header.IncompatDataFile) != 0)
            throw new ImageNotSupportedException(path, "images with an external data file are not supported (refused for safety)");
        if ((unknown & Header.IncompatExtendedL2) != 0)
            throw new ImageNotSupportedException(path, "extended L2 entries (subclusters) are not supported; convert with 'qemu-img convert -O qcow2 -o extended_l2=off'");
        if (unknown != 0)
        {
            var names = new List<string>();
            for (int bit = 0; bit < 64; bit++)
                if ((unknown & (1UL << bit)) != 0)
                    names.Add(ext.FeatureNames.TryGetValue((0, (byte)bit), out var nm) ? nm : $"unknown incompatible feature bit {bit}");
            throw new ImageNotSupportedException(path, $"unsupported qcow2 feature(s): {string.Join(", ", names)}");
        }
        if ((h.IncompatibleFeatures & Header.IncompatCompressionType) != 0 && h.CompressionType != Compression.Zlib)
        {
            if (h.CompressionType != Compression.Zstd)
                throw new ImageFormatException(path, $"unknown compression type {h.CompressionType}");
        }
        if (options.Writable && (h.IncompatibleFeatures & Header.IncompatCorrupt) != 0 && !options.IgnoreCorruptBit)
            throw new ImageFormatException(path, "image is marked corrupt and cannot be opened for writing; run 'vireo-img check -r all' on it");
        if (options.Writable && (h.IncompatibleFeatures & Header.IncompatDirty) != 0 && !options.IgnoreCorruptBit)
            throw new ImageFormatException(path, "image is dirty (lazy refcounts were not written back); run 'vireo-img check -r all' on it before writing");
    }

    internal void SetBacking(IBlockImage? backing) => Backing = backing;

    private ulong[] ReadL1(long offset, int entries, string what)
    {
        var raw = new byte[entries * 8];
        file.ReadExactOrZero(offset, raw);
        var t = new ulong[entries];
        for (int i = 0; i < entries; i++)
        {
            ulong e = BE.U64(raw, i * 8);
            long off = (long)(e & L1L2.OffsetMask);
            if (off != 0 && (off & (clusterSize - 1)) != 0)
                throw new ImageFormatException(Path, $"{what} entry {i}: L2 table offset 0x{off:x} is not cluster aligned");
            if (off != 0 && off + clusterSize > fileLength)
                throw new ImageFormatException(Path, $"{what} entry {i}: L2 table at 0x{off:x} lies past the end of the file ({fileLength} bytes)");
            t[i] = e;
        }
        return t;
    }

    private void OnRefcountTableMoved(long offset, int clusters)
    {
        header.RefcountTableOffset = (ulong)offset;
        header.RefcountTableClusters = (uint)clusters;
        WriteHeader();
    }

    /// <summary>Rewrites the header area (fixed header, extensions, backing name) in cluster 0.</summary>
    internal void WriteHeader()
    {
        var bytes = extensions.Build(header);
        if (bytes.Length > clusterSize)
            throw new ImageFormatException(Path, $"header, extensions and backing file name ({bytes.Length} bytes) do not fit in one cluster");
        file.Write(0, bytes);
    }

    public ValueTask FlushAsync(CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            FlushCore(sync: true);
        }
        return ValueTask.CompletedTask;
    }

    private void FlushCore(bool sync)
    {
        if (IsReadOnly || refcountsStale)
            return;
        refcounts.FlushBlocks();
        l2cache.Flush();
        if (sync && !cacheUnsafe)
            file.Sync();
    }

    public void Dispose()
    {
        lock (gate)
        {
            if (disposed)
                return;
            disposed = true;
            try
            {
                FlushCore(sync: true);
            }
            finally
            {
                file.Dispose();
                Backing?.Dispose();
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
