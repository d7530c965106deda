using Vireo.Images.Internal;

namespace Vireo.Images.Qcow2;

/// <summary>The qcow2 header (first bytes of cluster 0), versions 2 and 3; see qemu's docs/interop/qcow2.txt.</summary>
public sealed class Header
{
    /// <summary>"QFI\xfb".</summary>
    public const uint Magic = 0x514649fb;

    // Field offsets (bytes from the start of the file).
    internal const int OffMagic = 0, OffVersion = 4, OffBackingFileOffset = 8, OffBackingFileSize = 16,
        OffClusterBits = 20, OffSize = 24, OffCryptMethod = 32, OffL1Size = 36, OffL1TableOffset = 40,
        OffRefcountTableOffset = 48, OffRefcountTableClusters = 56, OffNbSnapshots = 60, OffSnapshotsOffset = 64,
        OffIncompatible = 72, OffCompatible = 80, OffAutoclear = 88, OffRefcountOrder = 96, OffHeaderLength = 100,
        OffCompressionType = 104;

    /// <summary>Header length of a version 2 image.</summary>
    public const int V2Length = 72;

    /// <summary>Header length qemu (5.1 and later) writes for version 3: 104 plus the compression type byte, padded to 8.</summary>
    public const int V3Length = 112;

    /// <summary>Incompatible feature bits.</summary>
    public const ulong IncompatDirty = 1, IncompatCorrupt = 2, IncompatDataFile = 4, IncompatCompressionType = 8, IncompatExtendedL2 = 16;

    /// <summary>Compatible feature bit: lazy refcounts.</summary>
    public const ulong CompatLazyRefcounts = 1;

    public const int MinClusterBits = 9, MaxClusterBits = 21;

    public uint Version { get; set; } = 3;
    public ulong BackingFileOffset { get; set; }
    public uint BackingFileSize { get; set; }
    public int ClusterBits { get; set; } = 16;
    public ulong Size { get; set; }
    public uint CryptMethod { get; set; }
    public uint L1Size { get; set; }
    public ulong L1TableOffset { get; set; }
    public ulong RefcountTableOffset { get; set; }
    public uint RefcountTableClusters { get; set; }
    public uint NbSnapshots { get; set; }
    public ulong SnapshotsOffset { get; set; }
    public ulong IncompatibleFeatures { get; set; }
    public ulong CompatibleFeatures { get; set; }
    public ulong AutoclearFeatures { get; set; }
    public int RefcountOrder { get; set; } = 4;
    public uint HeaderLength { get; set; } = V3Length;
    public byte CompressionType { get; set; }

    public int ClusterSize => 1 << ClusterBits;

    /// <summary>Parses and validates the fixed part of the header; <paramref name="path"/> is for messages.</summary>
    public static Header Parse(ReadOnlySpan<byte> b, string path, long fileLength)
    {
        if (b.Length < V2Length)
            throw new ImageFormatException(path, $"qcow2 header truncated ({b.Length} bytes, need {V2Length})");
        if (BE.U32(b, OffMagic) != Magic)
            throw new ImageFormatException(path, "not a qcow2 image (bad magic)");
        var h = new Header
        {
            Version = BE.U32(b, OffVersion),
            BackingFileOffset = BE.U64(b, OffBackingFileOffset),
            BackingFileSize = BE.U32(b, OffBackingFileSize),
            ClusterBits = (int)Math.Min(BE.U32(b, OffClusterBits), 64),
            Size = BE.U64(b, OffSize),
            CryptMethod = BE.U32(b, OffCryptMethod),
            L1Size = BE.U32(b, OffL1Size),
            L1TableOffset = BE.U64(b, OffL1TableOffset),
            RefcountTableOffset = BE.U64(b, OffRefcountTableOffset),
            RefcountTableClusters = BE.U32(b, OffRefcountTableClusters),
            NbSnapshots = BE.U32(b, OffNbSnapshots),
            SnapshotsOffset = BE.U64(b, OffSnapshotsOffset),
        };
        if (h.Version is not (2 or 3))
            throw new ImageNotSupportedException(path, $"qcow2 version {h.Version} is not supported (only 2 and 3)");
        if (h.Version == 2)
        {
            h.HeaderLength = V2Length;
            h.RefcountOrder = 4;
        }
        else
        {
            if (b.Length < 104)
                throw new ImageFormatException(path, "qcow2 version 3 header truncated");
            h.IncompatibleFeatures = BE.U64(b, OffIncompatible);
            h.CompatibleFeatures = BE.U64(b, OffCompatible);
            h.AutoclearFeatures = BE.U64(b, OffAutoclear);
            uint order = BE.U32(b, OffRefcountOrder);
            h.HeaderLength = BE.U32(b, OffHeaderLength);
            if (order > 6)
                throw new ImageFormatException(path, $"refcount_order {order} is invalid (0..6)");
            h.RefcountOrder = (int)order;
            if (h.HeaderLength < 104 || (h.HeaderLength > 104 && h.HeaderLength % 8 != 0 && h.HeaderLength < 105))
                throw new ImageFormatException(path, $"header_length {h.HeaderLength} is invalid");
            if (h.HeaderLength > b.Length)
                throw new ImageFormatException(path, $"header_length {h.HeaderLength} is larger than the first cluster");
            if (h.HeaderLength > OffCompressionType)
                h.CompressionType = b[OffCompressionType];
        }
        h.Validate(path, fileLength);
        return h;
    }

    private void Validate(string path, long fileLength)
    {
        if (ClusterBits < MinClusterBits || ClusterBits > MaxClusterBits)
            throw new ImageFormatException(path, $"cluster size 2^{ClusterBits} is out of range (512 B to 2 MiB)");
        if (HeaderLength > (uint)ClusterSize)
            throw new ImageFormatException(path, $"header_length {HeaderLength} exceeds the cluster size {ClusterSize}");
        if (Size > (ulong)ImageLimits.MaxVirtualSize)
            throw new ImageFormatException(path, $"virtual size {Size} exceeds the limit of {ImageLimits.MaxVirtualSize} bytes");
        long l1Bytes = (long)L1Size * 8;
        if (l1Bytes > ImageLimits.MaxL1Bytes)
            throw new ImageFormatException(path, $"L1 table of {L1Size} entries exceeds the limit of {ImageLimits.MaxL1Bytes} bytes");
        // the L1 table must cover the virtual size
        long l2Entries = ClusterSize / 8;
        ulong needL1 = (ulong)DivRoundUp((long)Size, (long)ClusterSize * l2Entries);
        if (L1Size < needL1)
            throw new ImageFormatException(path, $"L1 table has {L1Size} entries, too few for a virtual size of {Size} bytes (needs {needL1})");
        CheckTable(path, "L1 table", L1TableOffset, l1Bytes, fileLength);
        long rtBytes = (long)RefcountTableClusters * ClusterSize;
        if (rtBytes > ImageLimits.MaxRefcountTableBytes || RefcountTableClusters == 0)
            throw new ImageFormatException(path, $"refcount table of {RefcountTableClusters} clusters is invalid (1 to {ImageLimits.MaxRefcountTableBytes / ClusterSize})");
        CheckTable(path, "refcount table", RefcountTableOffset, rtBytes, fileLength);
        if (NbSnapshots > ImageLimits.MaxSnapshots)
            throw new ImageFormatException(path, $"{NbSnapshots} snapshots exceed the limit of {ImageLimits.MaxSnapshots}");
        if (NbSnapshots > 0)
            CheckTable(path, "snapshot table", SnapshotsOffset, 40, fileLength);
        if (BackingFileOffset != 0)
        {
            if (BackingFileSize > ImageLimits.MaxBackingFileName || BackingFileSize == 0)
                throw new ImageFormatException(path, $"backing file name length {BackingFileSize} is invalid (1 to {ImageLimits.MaxBackingFileName})");
            if (BackingFileOffset + BackingFileSize > (ulong)ClusterSize)
                throw new ImageFormatException(path, "backing file name lies outside the first cluster");
        }
    }

    private void CheckTable(string path, string what, ulong offset, long bytes, long fileLength)
    {
        if (bytes == 0)
            return;
        if (offset % (ulong)ClusterSize != 0)
            throw new ImageFormatException(path, $"{what} offset 0x{offset:x} is not aligned to the cluster size {ClusterSize}");
        if (offset > (ulong)fileLength || (ulong)fileLength - offset < (ulong)Math.Min(bytes, 1))
            throw new ImageFormatException(path, $"{what} at 0x{offset:x} lies past the end of the file ({fileLength} bytes)");
    }

    internal static long DivRoundUp(long a, long b) => (a + b - 1) / b;

    /// <summary>Serialises the fixed header (HeaderLength bytes).</summary>
    public byte[] ToBytes()
    {
        var b = new byte[HeaderLength];
        BE.Put(b, OffMagic, Magic);
        BE.Put(b, OffVersion, Version);
        BE.Put(b, OffBackingFileOffset, BackingFileOffset);
        BE.Put(b, OffBackingFileSize, BackingFileSize);
        BE.Put(b, OffClusterBits, (uint)ClusterBits);
        BE.Put(b, OffSize, Size);
        BE.Put(b, OffCryptMethod, CryptMethod);
        BE.Put(b, OffL1Size, L1Size);
        BE.Put(b, OffL1TableOffset, L1TableOffset);
        BE.Put(b, OffRefcountTableOffset, RefcountTableOffset);
        BE.Put(b, OffRefcountTableClusters, RefcountTableClusters);
        BE.Put(b, OffNbSnapshots, NbSnapshots);
        BE.Put(b, OffSnapshotsOffset, SnapshotsOffset);
        if (Version >= 3)
        {
            BE.Put(b, OffIncompatible, IncompatibleFeatures);
            BE.Put(b, OffCompatible, CompatibleFeatures);
            BE.Put(b, OffAutoclear, AutoclearFeatures);
            BE.Put(b, OffRefcountOrder, (uint)RefcountOrder);
            BE.Put(b, OffHeaderLength, HeaderLength);
            if (HeaderLength > OffCompressionType)
                b[OffCompressionType] = CompressionType;
        }
        return b;
    }
}
