using Vireo.Images.Internal;

namespace Vireo.Images.Raw;

/// <summary>A raw image: the file is the disk. Holes in the file are unallocated.</summary>
public sealed class RawImage : IBlockImage
{
    private readonly HostFile file;
    private long size;
    private bool cacheUnsafe;

    // as qemu, the virtual size of a raw file is its length rounded up to whole sectors (the tail reads as zeroes)
    private RawImage(HostFile file) { this.file = file; size = (file.Length + 511) & ~511L; }

    /// <summary>Opens a raw file.</summary>
    public static RawImage Open(string path, bool writable, bool cacheUnsafe = false) => new(HostFile.Open(path, writable)) { cacheUnsafe = cacheUnsafe };

    /// <summary>Creates a raw file of the given size (sparse unless preallocated).</summary>
    public static void Create(string path, long size, string preallocation = "off")
    {
        using var f = HostFile.Create(path);
        switch (preallocation)
        {
            case "off":
            case "metadata":
                f.SetLength(size);
                break;
            case "falloc":
                f.SetLength(size);
                if (size > 0 && !f.Allocate(0, size))
                    throw new IOException($"{path}: fallocate failed; the file system may not support it");
                break;
            case "full":
                var zero = new byte[1 << 20];
                for (long at = 0; at < size; at += zero.Length)
                    f.Write(at, zero.AsSpan(0, (int)Math.Min(zero.Length, size - at)));
                f.SetLength(size);
                break;
            default:
                throw new ArgumentException($"invalid preallocation mode '{preallocation}' (off, falloc, full)");
        }
        f.Sync();
    }

    public string Path => file.Path;
    public string Format => "raw";
    public long VirtualSize => size;
    public int ClusterSize => 512;
    public bool IsReadOnly => !file.Writable;
    public IBlockImage? Backing => null;

    public ValueTask ReadAsync(long offset, Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Check(offset, buffer.Length);
        file.ReadExactOrZero(offset, buffer.Span);
        return ValueTask.CompletedTask;
    }

    public ValueTask WriteAsync(long offset, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        Check(offset, data.Length);
        file.Write(offset, data.Span);
        return ValueTask.CompletedTask;
    }

    public ValueTask DiscardAsync(long offset, long length, CancellationToken cancellationToken = default) =>
        WriteZeroesAsync(offset, length, cancellationToken);

    public ValueTask WriteZeroesAsync(long offset, long length, CancellationToken cancellationToken = default)
    {
        Check(offset, length);
        if (length == 0)
            return ValueTask.CompletedTask;
        if (!file.PunchHole(offset, length))
        {
            var zero = new byte[(int)Math.Min(length, 1 << 20)];
            for (long at = 0; at < length; at += zero.Length)
                file.Write(offset + at, zero.AsSpan(0, (int)Math.Min(zero.Length, length - at)));
        }
        return ValueTask.CompletedTask;
    }

    public ValueTask FlushAsync(CancellationToken cancellationToken = default)
    {
        if (!IsReadOnly && !cacheUnsafe)
            file.Sync();
        return ValueTask.CompletedTask;
    }

    /// <summary>Changes the size (raw resize is a truncate).</summary>
    public void Resize(long newSize)
    {
        file.SetLength(newSize);
        size = newSize;
    }

    public IReadOnlyList<AllocationExtent> GetAllocationMap(long offset, long length)
    {
        Check(offset, length);
        var list = new List<AllocationExtent>();
        long end = offset + length;
        long at = offset;
        while (at < end)
        {
            long data = file.SeekData(at);
            if (data < 0 || data >= end)
            {
                // no more data (ENXIO) or no SEEK_DATA support: the rest is a hole, unless unsupported
                if (data < 0 && file.SeekHole(at) < 0)
                    list.Add(new AllocationExtent(at, end - at, AllocationKind.Data, at));
                else
                    list.Add(new AllocationExtent(at, end - at, AllocationKind.Zero, at));
                break;
            }
            if (data > at)
                list.Add(new AllocationExtent(at, data - at, AllocationKind.Zero, at));
            long hole = file.SeekHole(data);
            if (hole < 0 || hole > end)
                hole = end;
            list.Add(new AllocationExtent(data, hole - data, AllocationKind.Data, data));
            at = hole;
        }
        return list;
    }

    private void Check(long offset, long length)
    {
        if (offset < 0 || length < 0 || offset > size - length)
            throw new ArgumentOutOfRangeException(nameof(offset), $"{Path}: range [{offset}, +{length}) is outside the disk of {size} bytes");
    }

    public void Dispose() => file.Dispose();

    public ValueTask DisposeAsync()
    {
        file.Dispose();
        return ValueTask.CompletedTask;
    }
}
