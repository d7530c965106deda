using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Vireo.Images.Internal;

namespace Vireo.Images.Vmdk;

/// <summary>A single-file VMDK: monolithicSparse (read and write) or streamOptimized (read; deflate-compressed
/// grains behind markers). Grain tables are loaded on demand and cached with a bound.</summary>
public sealed class VmdkImage : IBlockImage
{
    private const int MaxCachedTables = 4096;
    private readonly HostFile file;
    private readonly object gate = new();
    private readonly SparseHeader header;
    private readonly uint[] gd;
    private readonly uint[]? rgd;
    private readonly Dictionary<long, uint[]> tables = new();
    private readonly long grainBytes;
    private long fileLength;

    private VmdkImage(HostFile file, SparseHeader header, Descriptor descriptor, uint[] gd, uint[]? rgd)
    {
        this.file = file;
        this.header = header;
        this.gd = gd;
        this.rgd = rgd;
        Descriptor = descriptor;
        grainBytes = header.GrainBytes;
        fileLength = file.Length;
    }

    public SparseHeader Header => header;
    public Descriptor Descriptor { get; }
    public string Path => file.Path;
    public string Format => "vmdk";
    public long VirtualSize => (long)header.Capacity * 512;
    public int ClusterSize => (int)grainBytes;
    public bool IsReadOnly => !file.Writable;
    public IBlockImage? Backing => null;

    /// <summary>Opens a monolithicSparse or streamOptimized file; other VMDK kinds are refused with a clear message.</summary>
    public static VmdkImage Open(string path, bool writable)
    {
        var f = HostFile.Open(path, writable);
        try
        {
            long len = f.Length;
            var first = new byte[512];
            if (f.ReadUpTo(0, first) < 512 || BinaryPrimitives.ReadUInt32LittleEndian(first) != SparseHeader.Magic)
                throw new ImageNotSupportedException(path, "VMDK descriptor files with separate extents (monolithicFlat, twoGbMaxExtent..., vmfs) are not supported; convert with 'qemu-img convert -f vmdk -O qcow2'");
            var h = SparseHeader.Parse(first, path);
            if (h.GdOffset == SparseHeader.GdAtEnd)
            {
                // stream-optimized: the real header follows the footer marker, 1024 bytes before the end
                if (len < 1536 + 512)
                    throw new ImageFormatException(path, "stream-optimized VMDK is too short for its footer");
                var foot = new byte[512];
                f.ReadExactOrZero(len - 1024, foot);
                var fh = SparseHeader.Parse(foot, path);
                fh.DescriptorOffset = h.DescriptorOffset;
                fh.DescriptorSize = h.DescriptorSize;
                h = fh;
            }
            h.Validate(path, len);
            var descBytes = new byte[h.DescriptorSize * 512];
            f.ReadExactOrZero((long)h.DescriptorOffset * 512, descBytes);
            int nul = Array.IndexOf(descBytes, (byte)0);
            var desc = Descriptor.Parse(Encoding.UTF8.GetString(descBytes, 0, nul < 0 ? descBytes.Length : nul), path);
            if (desc.CreateType is not ("monolithicSparse" or "streamOptimized"))
                throw new ImageNotSupportedException(path, $"VMDK create type '{desc.CreateType}' is not supported; convert with 'qemu-img convert -f vmdk -O qcow2'");
            if (desc.ParentCid != uint.MaxValue || desc.ParentFileNameHint != null)
                throw new ImageNotSupportedException(path, "VMDK images with a parent (delta disks) are not supported; convert with 'qemu-img convert -f vmdk -O qcow2'");
            if (writable && (h.Compressed || desc.CreateType != "monolithicSparse"))
                throw new ImageNotSupportedException(path, "stream-optimized VMDK images are read-only in vireo-img; convert them to monolithicSparse or qcow2 to write");
            var gd = ReadDirectory(f, (long)h.GdOffset, h.GdEntries);
            uint[]? rgd = null;
            if (writable && (h.Flags & SparseHeader.FlagRedundantTable) != 0 && h.RgdOffset != 0)
                rgd = ReadDirectory(f, (long)h.RgdOffset, h.GdEntries);
            long gtBytes = h.GtesPerGt * 4L;
            foreach (var (dir, what) in new[] { (gd, "grain"), (rgd, "redundant grain") })
                if (dir != null)
                    for (int i = 0; i < dir.Length; i++)
                        if (dir[i] != 0 && (long)dir[i] * 512 + gtBytes > len)
                            throw new ImageFormatException(path, $"{what} directory entry {i}: table at sector {dir[i]} lies past the end of the file ({len} bytes)");
            return new VmdkImage(f, h, desc, gd, rgd);
        }
        catch
        {
            f.Dispose();
            throw;
        }
    }

    private static uint[] ReadDirectory(HostFile f, long sector, long entries)
    {
        var raw = new byte[entries * 4];
        f.ReadExactOrZero(sector * 512, raw);
        var t = new uint[entries];
        for (int i = 0; i < t.Length; i++)
            t[i] = BinaryPrimitives.ReadUInt32LittleEndian(raw.AsSpan(i * 4));
        return t;
    }

    /// <summary>Creates a monolithicSparse file laid out as qemu-img 7.2 lays it out (both directories and all
    /// grain tables preallocated after a 20-sector descriptor).</summary>
    public static void Create(string path, long size, string adapter = "ide", int hwVersion = 4, bool zeroedGrain = false, string? extentName = null)
    {
        if (size < 0 || size > ImageLimits.MaxVirtualSize)
            throw new ArgumentException($"invalid size {size}");
        long sectors = (size + 511) / 512;
        const long grain = 128, gtes = 512;
        long grains = (sectors + grain - 1) / grain;
        long gtSectors = gtes * 4 / 512;
        long gtCount = (grains + gtes - 1) / gtes;
        long gdSectors = (gtCount * 4 + 511) / 512;
        var h = new SparseHeader
        {
            Capacity = (ulong)sectors,
            GrainSize = grain,
            DescriptorOffset = 1,
            DescriptorSize = 20,
            GtesPerGt = (uint)gtes,
            RgdOffset = 21,
        };
        if (zeroedGrain)
        {
            // as qemu: the zero-grain flag needs version 2 of the sparse header
            h.Flags |= SparseHeader.FlagZeroGrain;
            h.Version = 2;
        }
        h.GdOffset = h.RgdOffset + (ulong)(gdSectors + gtSectors * gtCount);
        h.Overhead = (h.GdOffset + (ulong)(gdSectors + gtSectors * gtCount) + grain - 1) / grain * grain;
        var desc = Descriptor.Build((uint)Random.Shared.NextInt64(0, 1L << 32), "monolithicSparse", sectors, extentName ?? System.IO.Path.GetFileName(path), adapter, hwVersion);
        using var f = HostFile.Create(path);
        f.SetLength((long)h.Overhead * 512);
        f.Write(0, h.ToBytes());
        var descBytes = Encoding.UTF8.GetBytes(desc);
        if (descBytes.Length > 20 * 512)
            throw new ArgumentException("VMDK descriptor does not fit in 20 sectors (file name too long)");
        f.Write(512, descBytes);
        foreach (var dirSector in new[] { (long)h.RgdOffset, (long)h.GdOffset })
        {
            var dir = new byte[gdSectors * 512];
            for (long i = 0; i < gtCount; i++)
                BinaryPrimitives.WriteUInt32LittleEndian(dir.AsSpan((int)(i * 4)), (uint)(dirSector + gdSectors + i * gtSectors));
            f.Write(dirSector * 512, dir);
        }
        f.Sync();
    }

    private uint[] Table(long gi)
    {
        if (tables.TryGetValue(gi, out var t))
            return t;
        if (tables.Count >= MaxCachedTables)
            tables.Clear();
        t = new uint[header.GtesPerGt];
        if (gd[gi] != 0)
        {
            var raw = new byte[t.Length * 4];
            file.ReadExactOrZero((long)gd[gi] * 512, raw);
            for (int i = 0; i < t.Length; i++)
                t[i] = BinaryPrimitives.ReadUInt32LittleEndian(raw.AsSpan(i * 4));
        }
        tables[gi] = t;
        return t;
    }

    /// <summary>The grain table entry of a guest grain: 0 unallocated, 1 zero grain (with the flag), else a sector.</summary>
    private uint Entry(long grain)
    {
        long gi = grain / header.GtesPerGt;
        return gi >= gd.Length ? 0 : Table(gi)[grain % header.GtesPerGt];
    }

    private bool IsZeroGrain(uint e) => e == 1 && (header.Flags & SparseHeader.FlagZeroGrain) != 0;

    public ValueTask ReadAsync(long offset, Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        CheckRange(offset, buffer.Length);
        lock (gate)
        {
            var span = buffer.Span;
            byte[]? grainBuf = null;
            while (span.Length > 0)
            {
                long grain = offset / grainBytes;
                int inGrain = (int)(offset % grainBytes);
                int n = (int)Math.Min(grainBytes - inGrain, span.Length);
                uint e = Entry(grain);
                if (e == 0 || IsZeroGrain(e))
                {
                    span[..n].Clear();
                }
                else if (header.Compressed)
                {
                    grainBuf ??= new byte[grainBytes];
                    ReadCompressed(grain, e, grainBuf);
                    grainBuf.AsSpan(inGrain, n).CopyTo(span);
                }
                else
                {
                    long host = (long)e * 512;
                    if (host + grainBytes > fileLength)
                        throw new ImageFormatException(Path, $"grain {grain} at sector {e} lies past the end of the file ({fileLength} bytes)");
                    file.ReadExactOrZero(host + inGrain, span[..n]);
                }
                span = span[n..];
                offset += n;
            }
        }
        return ValueTask.CompletedTask;
    }

    private void ReadCompressed(long grain, uint e, byte[] output)
    {
        long host = (long)e * 512;
        bool markers = (header.Flags & SparseHeader.FlagMarkers) != 0;
        int skip = markers ? 12 : 0;
        Span<byte> m = stackalloc byte[12];
        if (host + skip > fileLength)
            throw new ImageFormatException(Path, $"compressed grain {grain} at sector {e} lies past the end of the file");
        long size;
        if (markers)
        {
            file.ReadExactOrZero(host, m);
            ulong lba = BinaryPrimitives.ReadUInt64LittleEndian(m);
            size = BinaryPrimitives.ReadUInt32LittleEndian(m[8..]);
            if (lba != (ulong)(grain * (long)header.GrainSize))
                throw new ImageFormatException(Path, $"compressed grain {grain}: marker names sector {lba}, expected {grain * (long)header.GrainSize}");
        }
        else
        {
            size = Math.Min(grainBytes * 2, fileLength - host);
        }
        if (size <= 0 || size > grainBytes * 2 + 4096 || host + skip + size > fileLength)
            throw new ImageFormatException(Path, $"compressed grain {grain}: {size} bytes at sector {e} are invalid or past the end of the file");
        var comp = new byte[size];
        file.ReadExactOrZero(host + skip, comp);
        try
        {
            using var z = new ZLibStream(new MemoryStream(comp), CompressionMode.Decompress);
            int done = 0;
            while (done < output.Length)
            {
                int r = z.Read(output, done, output.Length - done);
                if (r == 0)
                    break;
                done += r;
            }
            output.AsSpan(done).Clear();
        }
        catch (InvalidDataException ex)
        {
            throw new ImageFormatException(Path, $"compressed grain {grain} does not inflate: {ex.Message}");
        }
    }

    public ValueTask WriteAsync(long offset, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        CheckRange(offset, data.Length);
        lock (gate)
        {
            CheckWritable();
            var span = data.Span;
            while (span.Length > 0)
            {
                long grain = offset / grainBytes;
                int inGrain = (int)(offset % grainBytes);
                int n = (int)Math.Min(grainBytes - inGrain, span.Length);
                uint e = Entry(grain);
                if (e == 0 || IsZeroGrain(e))
                {
                    // a new grain at the end of the file: data first, then both grain tables point at it
                    var buf = new byte[grainBytes];
                    span[..n].CopyTo(buf.AsSpan(inGrain));
                    long host = (Math.Max(fileLength, (long)header.Overhead * 512) + 511) & ~511L;
                    if (host / 512 > uint.MaxValue)
                        throw new IOException($"{Path}: VMDK sparse extent is full (sector numbers are 32 bits)");
                    file.Write(host, buf);
                    fileLength = host + grainBytes;
                    SetEntry(grain, (uint)(host / 512));
                }
                else
                {
                    long host = (long)e * 512;
                    if (host < (long)header.Overhead * 512 || host + grainBytes > fileLength)
                        throw new ImageFormatException(Path, $"grain {grain} at sector {e} overlaps the metadata or lies past the end of the file; refusing to write");
                    file.Write(host + inGrain, span[..n]);
                }
                span = span[n..];
                offset += n;
            }
        }
        return ValueTask.CompletedTask;
    }

    private void SetEntry(long grain, uint sector)
    {
        long gi = grain / header.GtesPerGt;
        int idx = (int)(grain % header.GtesPerGt);
        if (gd[gi] == 0)
            throw new ImageFormatException(Path, $"grain table {gi} is not allocated; vireo-img does not add grain tables to existing images");
        Table(gi)[idx] = sector;
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, sector);
        file.Write((long)gd[gi] * 512 + idx * 4, b);
        if (rgd != null && rgd[gi] != 0)
            file.Write((long)rgd[gi] * 512 + idx * 4, b);
    }

    public ValueTask DiscardAsync(long offset, long length, CancellationToken cancellationToken = default)
    {
        // as qemu's vmdk driver: discard is not supported and is a no-op
        CheckRange(offset, length);
        return ValueTask.CompletedTask;
    }

    public ValueTask WriteZeroesAsync(long offset, long length, CancellationToken cancellationToken = default)
    {
        CheckRange(offset, length);
        var zero = new byte[Math.Min(grainBytes, Math.Max(length, 1))];
        long end = offset + length;
        while (offset < end)
        {
            long grain = offset / grainBytes;
            long n = Math.Min(grainBytes - offset % grainBytes, end - offset);
            uint e;
            lock (gate)
                e = Entry(grain);
            if (e != 0 && !IsZeroGrain(e))
                WriteAsync(offset, zero.AsMemory(0, (int)n), cancellationToken).AsTask().GetAwaiter().GetResult();
            offset += n;
        }
        return ValueTask.CompletedTask;
    }

    public ValueTask FlushAsync(CancellationToken cancellationToken = default)
    {
        if (!IsReadOnly)
            file.Sync();
        return ValueTask.CompletedTask;
    }

    public IReadOnlyList<AllocationExtent> GetAllocationMap(long offset, long length)
    {
        CheckRange(offset, length);
        var list = new List<AllocationExtent>();
        lock (gate)
        {
            long end = offset + length;
            while (offset < end)
            {
                long grain = offset / grainBytes;
                long n = Math.Min(grainBytes - offset % grainBytes, end - offset);
                uint e = Entry(grain);
                AllocationExtent x = e == 0 ? new(offset, n, AllocationKind.Unallocated)
                    : IsZeroGrain(e) ? new(offset, n, AllocationKind.Zero)
                    : header.Compressed ? new(offset, n, AllocationKind.Compressed)
                    : new(offset, n, AllocationKind.Data, (long)e * 512 + offset % grainBytes);
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

    /// <summary>Grain table entries that point outside the file (what qemu-img check reports for vmdk).</summary>
    public List<string> Check()
    {
        var errors = new List<string>();
        lock (gate)
        {
            for (long grain = 0; grain * grainBytes < VirtualSize; grain++)
            {
                uint e = Entry(grain);
                if (e == 0 || IsZeroGrain(e))
                    continue;
                if ((long)e * 512 + (header.Compressed ? 12 : grainBytes) > fileLength)
                    errors.Add($"ERROR: cluster {grain} (sector {e}) lies past the end of the file");
            }
        }
        return errors;
    }

    private void CheckRange(long offset, long length)
    {
        if (offset < 0 || length < 0 || offset > VirtualSize - length)
            throw new ArgumentOutOfRangeException(nameof(offset), $"{Path}: range [{offset}, +{length}) is outside the disk of {VirtualSize} bytes");
    }

    private void CheckWritable()
    {
        if (IsReadOnly)
            throw new InvalidOperationException($"{Path}: image is opened read-only");
    }

    public void Dispose() => file.Dispose();

    public ValueTask DisposeAsync()
    {
        file.Dispose();
        return ValueTask.CompletedTask;
    }
}
