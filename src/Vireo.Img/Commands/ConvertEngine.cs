using System.Buffers;
using Vireo.Images;
using Vireo.Images.Qcow2;

namespace Vireo.Img.Commands;

/// <summary>The copy loop of convert: chunks are read, checked for zeroes and compressed by parallel workers
/// (both cores), and written in order by one writer, so the output layout is sequential.</summary>
internal sealed class ConvertEngine
{
    private readonly List<IBlockImage> sources;
    private readonly IBlockImage dest;
    private readonly bool compress;
    private readonly int sparse;
    private readonly bool zeroTarget;
    private readonly CancellationToken ct;
    private readonly int chunk;

    public ConvertEngine(List<IBlockImage> sources, IBlockImage dest, bool compress, int sparse, bool zeroTarget, CancellationToken ct)
    {
        this.sources = sources;
        this.dest = dest;
        this.compress = compress;
        this.sparse = sparse;
        this.zeroTarget = zeroTarget;
        this.ct = ct;
        chunk = Math.Max(1 << 20, dest.ClusterSize);
    }

    /// <summary>Called with the percentage done.</summary>
    public Action<double>? Progress { get; set; }

    private sealed record Piece(long DestOffset, int Length, byte[]? Data, List<(int Off, int Len)> Runs, List<(long Off, byte[] Comp, int Len, bool Ok)>? Compressed);

    private sealed record Job(IBlockImage Src, long SrcOffset, long DestOffset, int Length, bool Zero);

    public void Run()
    {
        // one job per cell of the destination's chunk grid (cut at source boundaries); a cell is skipped
        // when the source chain says it reads as zeroes, otherwise read whole and scanned for zeroes
        var jobs = new List<Job>();
        long destBase = 0;
        foreach (var s in sources)
        {
            var map = ChainStatus.Map(s, 0, s.VirtualSize);
            int mi = 0;
            long at = 0;
            while (at < s.VirtualSize)
            {
                long d = destBase + at;
                long end = Math.Min(s.VirtualSize, (d / chunk + 1) * chunk - destBase);
                while (mi < map.Count && map[mi].Start + map[mi].Length <= at)
                    mi++;
                bool zero = true;
                for (int k = mi; k < map.Count && map[k].Start < end; k++)
                    if (map[k].Data || !map[k].Zero)
                    {
                        zero = false;
                        break;
                    }
                jobs.Add(new Job(s, at, d, (int)(end - at), zero));
                at = end;
            }
            destBase += s.VirtualSize;
        }
        long total = Math.Max(1, destBase);
        int window = Math.Max(4, Environment.ProcessorCount * 4);
        var pending = new Queue<Task<Piece>>();
        int next = 0;
        long done = 0;
        double lastReported = -1;
        while (next < jobs.Count || pending.Count > 0)
        {
            while (next < jobs.Count && pending.Count < window)
            {
                var j = jobs[next++];
                pending.Enqueue(Task.Run(() => Prepare(j), ct));
            }
            var piece = pending.Dequeue().GetAwaiter().GetResult();
            ct.ThrowIfCancellationRequested();
            try
            {
                Write(piece);
            }
            finally
            {
                if (piece.Data != null)
                    ArrayPool<byte>.Shared.Return(piece.Data);
                if (piece.Compressed != null)
                    foreach (var c in piece.Compressed)
                        ArrayPool<byte>.Shared.Return(c.Comp);
            }
            done += piece.Length;
            double pct = done * 100.0 / total;
            if (Progress != null && pct - lastReported >= 1)
            {
                Progress(pct);
                lastReported = pct;
            }
        }
    }

    private Piece Prepare(Job j)
    {
        ct.ThrowIfCancellationRequested();
        if (j.Zero)
            return new Piece(j.DestOffset, j.Length, null, new(), null);
        // pooled: a fresh 1 MiB array per chunk would keep the GC busy with large-object collections
        var buf = ArrayPool<byte>.Shared.Rent(j.Length);
        j.Src.ReadAsync(j.SrcOffset, buf.AsMemory(0, j.Length)).AsTask().GetAwaiter().GetResult();
        if (compress)
        {
            var list = new List<(long, byte[], int, bool)>();
            int cs = dest.ClusterSize;
            // a job may start or end mid-cluster only at the very end of the disk; align on clusters
            for (int off = 0; off < j.Length; off += cs)
            {
                int len = Math.Min(cs, j.Length - off);
                var span = buf.AsSpan(off, len);
                if (span.IndexOfAnyExcept((byte)0) < 0)
                    continue;
                var comp = ArrayPool<byte>.Shared.Rent(cs);
                int n = len == cs ? Compression.Compress(span, comp.AsSpan(0, cs - 1)) : -1;
                if (n <= 0)
                    span.CopyTo(comp);
                list.Add((j.DestOffset + off, comp, n > 0 ? n : len, n > 0));
            }
            return new Piece(j.DestOffset, j.Length, buf, new(), list);
        }
        var runs = new List<(int, int)>();
        if (sparse == 0)
        {
            runs.Add((0, j.Length));
        }
        else
        {
            int runStart = -1;
            for (int off = 0; off < j.Length; off += sparse)
            {
                int len = Math.Min(sparse, j.Length - off);
                bool zero = buf.AsSpan(off, len).IndexOfAnyExcept((byte)0) < 0;
                if (!zero && runStart < 0)
                    runStart = off;
                else if (zero && runStart >= 0)
                {
                    runs.Add((runStart, off - runStart));
                    runStart = -1;
                }
            }
            if (runStart >= 0)
                runs.Add((runStart, j.Length - runStart));
        }
        return new Piece(j.DestOffset, j.Length, buf, runs, null);
    }

    private void Write(Piece p)
    {
        if (p.Data == null)
        {
            if (zeroTarget)
                dest.WriteZeroesAsync(p.DestOffset, p.Length).AsTask().GetAwaiter().GetResult();
            return;
        }
        if (p.Compressed != null)
        {
            var q = (Qcow2Image)dest;
            if (zeroTarget)
                dest.WriteZeroesAsync(p.DestOffset, p.Length).AsTask().GetAwaiter().GetResult();
            foreach (var (off, comp, len, ok) in p.Compressed)
            {
                if (ok)
                    q.WriteCompressedClusterAsync(off, p.Data.AsMemory((int)(off - p.DestOffset), (int)Math.Min(dest.ClusterSize, p.DestOffset + p.Length - off)), comp.AsMemory(0, len), true).AsTask().GetAwaiter().GetResult();
                else
                    dest.WriteAsync(off, comp.AsMemory(0, len)).AsTask().GetAwaiter().GetResult();
            }
            return;
        }
        int at = 0;
        foreach (var (off, len) in p.Runs)
        {
            if (zeroTarget && off > at)
                dest.WriteZeroesAsync(p.DestOffset + at, off - at).AsTask().GetAwaiter().GetResult();
            dest.WriteAsync(p.DestOffset + off, p.Data.AsMemory(off, len)).AsTask().GetAwaiter().GetResult();
            at = off + len;
        }
        if (zeroTarget && at < p.Length)
            dest.WriteZeroesAsync(p.DestOffset + at, p.Length - at).AsTask().GetAwaiter().GetResult();
    }
}
