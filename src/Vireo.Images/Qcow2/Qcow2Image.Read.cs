namespace Vireo.Images.Qcow2;

public sealed partial class Qcow2Image
{
    public ValueTask ReadAsync(long offset, Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        CheckRange(offset, buffer.Length);
        if (!IsReadOnly)
        {
            lock (gate)
            {
                ReadCore(offset, buffer.Span, null);
            }
            return ValueTask.CompletedTask;
        }
        // read-only: the mapping cannot change, so only the lookup holds the lock and the data reads of
        // concurrent callers (convert's workers) run in parallel
        var deferred = new List<(long Where, int At, int Length, bool FromBacking)>();
        lock (gate)
        {
            ReadCore(offset, buffer.Span, deferred);
        }
        foreach (var (where, at, length, fromBacking) in deferred)
        {
            if (fromBacking)
                ReadBacking(where, buffer.Slice(at, length));
            else
                file.ReadExactOrZero(where, buffer.Span.Slice(at, length));
        }
        return ValueTask.CompletedTask;
    }

    private void CheckRange(long offset, long length)
    {
        if (offset < 0 || length < 0 || offset > VirtualSize - length)
            throw new ArgumentOutOfRangeException(nameof(offset), $"{Path}: range [{offset}, +{length}) is outside the virtual disk of {VirtualSize} bytes");
    }

    /// <summary>L2 entry of a guest cluster, or 0 when its L2 table is absent.</summary>
    private ulong Entry(long guestCluster)
    {
        long l1i = guestCluster >> l2Bits;
        if (l1i >= l1.Length)
            return 0;
        long l2off = (long)(l1[l1i] & L1L2.OffsetMask);
        if (l2off == 0)
            return 0;
        return l2cache.Get(l2off)[guestCluster & ((1 << l2Bits) - 1)];
    }

    private long DataOffset(ulong e, long guestCluster)
    {
        long host = (long)(e & L1L2.OffsetMask);
        if ((host & (clusterSize - 1)) != 0)
            throw new ImageFormatException(Path, $"data cluster for guest offset 0x{guestCluster << clusterBits:x} has unaligned host offset 0x{host:x}");
        if (host >= fileLength)
            throw new ImageFormatException(Path, $"data cluster for guest offset 0x{guestCluster << clusterBits:x} at 0x{host:x} lies past the end of the file ({fileLength} bytes)");
        return host;
    }

    private void ReadCore(long offset, Span<byte> buf, List<(long Where, int At, int Length, bool FromBacking)>? deferred)
    {
        int pos = 0;
        while (buf.Length > 0)
        {
            long gc = offset >> clusterBits;
            int inCluster = (int)(offset & (clusterSize - 1));
            int n = (int)Math.Min(clusterSize - inCluster, buf.Length);
            ulong e = Entry(gc);
            var kind = L1L2.Classify(e, v3);
            switch (kind)
            {
                case L1L2.Kind.Normal:
                    {
                        long host = DataOffset(e, gc);
                        // extend over following clusters stored contiguously
                        while (n < buf.Length)
                        {
                            ulong e2 = Entry(gc + 1);
                            if (L1L2.Classify(e2, v3) != L1L2.Kind.Normal || (long)(e2 & L1L2.OffsetMask) != host + ((long)(gc + 1 - (offset >> clusterBits)) << clusterBits))
                                break;
                            gc++;
                            n = (int)Math.Min((long)n + clusterSize, buf.Length);
                        }
                        if (deferred != null)
                            deferred.Add((host + inCluster, pos, n, false));
                        else
                            file.ReadExactOrZero(host + inCluster, buf[..n]);
                        break;
                    }
                case L1L2.Kind.Unallocated:
                    {
                        while (n < buf.Length && L1L2.Classify(Entry(gc + 1), v3) == L1L2.Kind.Unallocated)
                        {
                            gc++;
                            n = (int)Math.Min((long)n + clusterSize, buf.Length);
                        }
                        if (deferred != null && Backing != null)
                            deferred.Add((offset, pos, n, true));
                        else
                            ReadBacking(offset, buf[..n]);
                        break;
                    }
                case L1L2.Kind.Compressed:
                    Decompressed(e, gc).AsSpan(inCluster, n).CopyTo(buf);
                    break;
                default:
                    buf[..n].Clear();
                    break;
            }
            buf = buf[n..];
            offset += n;
            pos += n;
        }
    }

    /// <summary>Reads from the backing file straight into the caller's buffer (outside our lock).</summary>
    private void ReadBacking(long offset, Memory<byte> buf)
    {
        int fromBacking = Backing == null || offset >= Backing.VirtualSize ? 0 : (int)Math.Min(buf.Length, Backing.VirtualSize - offset);
        if (fromBacking > 0)
            Backing!.ReadAsync(offset, buf[..fromBacking]).AsTask().GetAwaiter().GetResult();
        buf.Span[fromBacking..].Clear();
    }

    private void ReadBacking(long offset, Span<byte> buf)
    {
        if (Backing == null || offset >= Backing.VirtualSize)
        {
            buf.Clear();
            return;
        }
        int fromBacking = (int)Math.Min(buf.Length, Backing.VirtualSize - offset);
        // backing images are only used by this one; their own locks serialise them
        var tmp = buf[..fromBacking].ToArray();
        Backing.ReadAsync(offset, tmp).AsTask().GetAwaiter().GetResult();
        tmp.CopyTo(buf);
        buf[fromBacking..].Clear();
    }

    private byte[] Decompressed(ulong e, long gc)
    {
        if ((long)e == cachedCompressedEntry && cachedCompressed != null)
            return cachedCompressed;
        var (off, len) = L1L2.CompressedExtent(e, clusterBits);
        if (off >= fileLength)
            throw new ImageFormatException(Path, $"compressed cluster for guest offset 0x{gc << clusterBits:x} at 0x{off:x} lies past the end of the file");
        var comp = new byte[len];
        int got = file.ReadUpTo(off, comp);
        var outBuf = cachedCompressed ?? new byte[clusterSize];
        if (!Compression.Decompress(comp.AsSpan(0, got), outBuf, header.CompressionType))
            throw new ImageFormatException(Path, $"compressed cluster for guest offset 0x{gc << clusterBits:x} at 0x{off:x} does not decompress");
        cachedCompressed = outBuf;
        cachedCompressedEntry = (long)e;
        return outBuf;
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
                long gc = offset >> clusterBits;
                long next = Math.Min((gc + 1) << clusterBits, end);
                ulong e = Entry(gc);
                var (kind, host) = L1L2.Classify(e, v3) switch
                {
                    L1L2.Kind.Normal => (AllocationKind.Data, (long)(e & L1L2.OffsetMask) + (offset & (clusterSize - 1))),
                    L1L2.Kind.Compressed => (AllocationKind.Compressed, -1L),
                    L1L2.Kind.Unallocated => (AllocationKind.Unallocated, -1L),
                    _ => (AllocationKind.Zero, -1L),
                };
                long len = next - offset;
                if (list.Count > 0)
                {
                    var last = list[^1];
                    bool contiguous = kind != AllocationKind.Data || (last.HostOffset >= 0 && last.HostOffset + last.Length == host);
                    if (last.Kind == kind && contiguous)
                    {
                        list[^1] = last with { Length = last.Length + len };
                        offset = next;
                        continue;
                    }
                }
                list.Add(new AllocationExtent(offset, len, kind, host));
                offset = next;
            }
        }
        return list;
    }
}
