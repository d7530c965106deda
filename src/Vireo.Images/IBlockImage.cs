namespace Vireo.Images;

/// <summary>A disk image seen as a block device: byte-addressed I/O over its virtual size.</summary>
public interface IBlockImage : IAsyncDisposable, IDisposable
{
    /// <summary>Path of the image file, as it was opened.</summary>
    string Path { get; }

    /// <summary>Format name as qemu-img prints it ("raw", "qcow2").</summary>
    string Format { get; }

    /// <summary>Size of the virtual disk in bytes.</summary>
    long VirtualSize { get; }

    /// <summary>Allocation granularity in bytes (the cluster size; 512 for raw).</summary>
    int ClusterSize { get; }

    /// <summary>True when the image was opened without write access.</summary>
    bool IsReadOnly { get; }

    /// <summary>The image this one reads unallocated ranges from, or null.</summary>
    IBlockImage? Backing { get; }

    /// <summary>Reads <paramref name="buffer"/>.Length bytes at <paramref name="offset"/>.</summary>
    ValueTask ReadAsync(long offset, Memory<byte> buffer, CancellationToken cancellationToken = default);

    /// <summary>Writes <paramref name="data"/> at <paramref name="offset"/>.</summary>
    ValueTask WriteAsync(long offset, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default);

    /// <summary>Discards a range: it then reads from the backing file (or as zeroes when there is none).</summary>
    ValueTask DiscardAsync(long offset, long length, CancellationToken cancellationToken = default);

    /// <summary>Makes a range read as zeroes, deallocating where the format allows.</summary>
    ValueTask WriteZeroesAsync(long offset, long length, CancellationToken cancellationToken = default);

    /// <summary>Writes cached metadata and syncs the file.</summary>
    ValueTask FlushAsync(CancellationToken cancellationToken = default);

    /// <summary>How the range [offset, offset+length) is allocated in this image alone (not its backing chain).</summary>
    IReadOnlyList<AllocationExtent> GetAllocationMap(long offset, long length);
}

/// <summary>How a range of the virtual disk is stored in one image of a chain.</summary>
public enum AllocationKind
{
    /// <summary>Not allocated here: reads come from the backing file (or zeroes).</summary>
    Unallocated,
    /// <summary>Reads as zeroes, recorded in this image.</summary>
    Zero,
    /// <summary>Data stored in this image.</summary>
    Data,
    /// <summary>Data stored compressed in this image.</summary>
    Compressed,
}

/// <summary>A run of the virtual disk with one allocation state; HostOffset is -1 unless the data is stored uncompressed and contiguous.</summary>
public readonly record struct AllocationExtent(long Start, long Length, AllocationKind Kind, long HostOffset = -1);
