using System.Buffers.Binary;

namespace Vireo.Images.Vmdk;

/// <summary>The 512-byte header of a VMDK sparse extent (little-endian; VMware's "Virtual Disk Format 5.0").</summary>
public sealed class SparseHeader
{
    /// <summary>"KDMV" read as a little-endian uint32.</summary>
    public const uint Magic = 0x564d444b;

    public const uint FlagNewlineDetect = 1, FlagRedundantTable = 2, FlagZeroGrain = 4, FlagCompressed = 1 << 16, FlagMarkers = 1 << 17;

    /// <summary>gdOffset of stream-optimized files whose real header is in the footer.</summary>
    public const ulong GdAtEnd = ulong.MaxValue;

    public uint Version { get; set; } = 1;
    public uint Flags { get; set; } = FlagNewlineDetect | FlagRedundantTable;
    public ulong Capacity { get; set; }
    public ulong GrainSize { get; set; } = 128;
    public ulong DescriptorOffset { get; set; }
    public ulong DescriptorSize { get; set; }
    public uint GtesPerGt { get; set; } = 512;
    public ulong RgdOffset { get; set; }
    public ulong GdOffset { get; set; }
    public ulong Overhead { get; set; }
    public ushort CompressAlgorithm { get; set; }

    public bool Compressed => (Flags & FlagCompressed) != 0;

    public static SparseHeader Parse(ReadOnlySpan<byte> b, string path)
    {
        if (b.Length < 512 || BinaryPrimitives.ReadUInt32LittleEndian(b) != Magic)
            throw new ImageFormatException(path, "not a VMDK sparse extent (bad magic)");
        var h = new SparseHeader
        {
            Version = BinaryPrimitives.ReadUInt32LittleEndian(b[4..]),
            Flags = BinaryPrimitives.ReadUInt32LittleEndian(b[8..]),
            Capacity = BinaryPrimitives.ReadUInt64LittleEndian(b[12..]),
            GrainSize = BinaryPrimitives.ReadUInt64LittleEndian(b[20..]),
            DescriptorOffset = BinaryPrimitives.ReadUInt64LittleEndian(b[28..]),
            DescriptorSize = BinaryPrimitives.ReadUInt64LittleEndian(b[36..]),
            GtesPerGt = BinaryPrimitives.ReadUInt32LittleEndian(b[44..]),
            RgdOffset = BinaryPrimitives.ReadUInt64LittleEndian(b[48..]),
            GdOffset = BinaryPrimitives.ReadUInt64LittleEndian(b[56..]),
            Overhead = BinaryPrimitives.ReadUInt64LittleEndian(b[64..]),
            CompressAlgorithm = BinaryPrimitives.ReadUInt16LittleEndian(b[77..]),
        };
        if (h.Version is < 1 or > 3)
            throw new ImageNotSupportedException(path, $"VMDK version {h.Version} is not supported");
        return h;
    }

    /// <summary>Checks the fields against caps and the file; <paramref name="fileLength"/> bounds every table.</summary>
    public void Validate(string path, long fileLength)
    {
        if (GrainSize == 0 || (GrainSize & (GrainSize - 1)) != 0 || GrainSize > 4096)
            throw new ImageFormatException(path, $"grain size of {GrainSize} sectors is invalid (a power of two up to 2 MiB)");
        if (GtesPerGt == 0 || GtesPerGt > 512)
            throw new ImageFormatException(path, $"{GtesPerGt} entries per grain table is invalid (1 to 512)");
        if (Capacity > (ulong)ImageLimits.MaxVirtualSize / 512)
            throw new ImageFormatException(path, $"capacity of {Capacity} sectors exceeds the limit of {ImageLimits.MaxVirtualSize} bytes");
        if (Compressed && CompressAlgorithm != 1)
            throw new ImageNotSupportedException(path, $"VMDK compression algorithm {CompressAlgorithm} is not supported (only deflate)");
        if ((Flags & ~(FlagNewlineDetect | FlagRedundantTable | FlagZeroGrain | FlagCompressed | FlagMarkers)) != 0)
            throw new ImageNotSupportedException(path, $"VMDK header flags 0x{Flags:x} are not supported");
        long gdBytes = GdEntries * 4;
        if (gdBytes > ImageLimits.MaxL1Bytes)
            throw new ImageFormatException(path, $"grain directory of {GdEntries} entries exceeds the limit of {ImageLimits.MaxL1Bytes} bytes");
        if (GdOffset > (ulong)fileLength / 512 || (ulong)fileLength - GdOffset * 512 < (ulong)gdBytes)
            throw new ImageFormatException(path, $"grain directory at sector {GdOffset} lies past the end of the file ({fileLength} bytes)");
        if (DescriptorSize > 2048 || DescriptorOffset > (ulong)fileLength / 512)
            throw new ImageFormatException(path, $"descriptor at sector {DescriptorOffset} ({DescriptorSize} sectors) is invalid");
    }

    public long GrainBytes => (long)GrainSize * 512;

    /// <summary>Entries of the grain directory: one per grain table covering the capacity.</summary>
    public long GdEntries => (long)Math.Ceiling((double)Capacity / GrainSize / GtesPerGt);

    public byte[] ToBytes()
    {
        var b = new byte[512];
        BinaryPrimitives.WriteUInt32LittleEndian(b, Magic);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(4), Version);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(8), Flags);
        BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(12), Capacity);
        BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(20), GrainSize);
        BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(28), DescriptorOffset);
        BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(36), DescriptorSize);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(44), GtesPerGt);
        BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(48), RgdOffset);
        BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(56), GdOffset);
        BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(64), Overhead);
        b[73] = (byte)'\n';
        b[74] = (byte)' ';
        b[75] = (byte)'\r';
        b[76] = (byte)'\n';
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(77), CompressAlgorithm);
        return b;
    }
}
