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
    private readonly BufferPool chunkPool;
    private readonly BufferPool clusterPool;

    public ConvertEngine(List<IBlockImage> sources, IBlockImage dest, bool compress, int sparse, bool zeroTarget, CancellationToken ct)
    {
        this.sources = sources;
        this.dest = dest;
        this.compress = compress;
        this.sparse = sparse;
        this.zeroTarget = zeroTarget;
        this.ct = ct;
        chunk = Math.Max(1 << 20, dest.ClusterSize);
        chunkPool = new BufferPool(chunk);
        clusterPool = new BufferPool(dest.ClusterSize);
    }

    /// <summary>Chunks prepared (read, scanned, compressed) at once: qemu-img's -m (default 8 coroutines).</summary>
    public int Parallelism { get; set; } = 8;

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
        // dedicated worker threads fill result slots; this thread writes them in order. Monitor waits instead
        // of thread-pool tasks: on a loaded 2-core host the pool's spinning cost more than the copying.
        int workers = Math.Clamp(Parallelism, 1, 16);
        int window = workers * 3;
        var slots = new Piece?[jobs.Count];
        var gate = new object();
        int nextJob = 0, written = 0;
        Exception? failure = null;
        var threads = new List<Thread>();
        for (int w = 0; w < workers; w++)
        {
            var t = new Thread(() =>
            {
                while (true)
                {
                    int i;
                    lock (gate)
                    {
                        while (nextJob < jobs.Count && nextJob - written >= window && failure == null && !ct.IsCancellationRequested)
                            Monitor.Wait(gate);
                        if (nextJob >= jobs.Count || failure != null || ct.IsCancellationRequested)
                            return;
                        i = nextJob++;
                    }
                    Piece? piece = null;
                    try
                    {
                        piece = Prepare(jobs[i]);
                    }
                    catch (Exception e)
                    {
                        lock (gate)
                        {
                            failure ??= e;
                            Monitor.PulseAll(gate);
                        }
                        return;
                    }
                    lock (gate)
                    {
                        slots[i] = piece;
                        Monitor.PulseAll(gate);
                    }
                }
            })
            { IsBackground = true, Name = "convert-worker" };
            t.Start();
            threads.Add(t);
        }
        using var reg = ct.Register(() => { lock (gate) Monitor.PulseAll(gate); });
        long done = 0;
        double lastReported = -1;
        try
        {
            for (int i = 0; i < jobs.Count; i++)
            {
                Piece piece;
                lock (gate)
                {
                    while (slots[i] == null && failure == null && !ct.IsCancellationRequested)
                        Monitor.Wait(gate);
                    if (failure != null)
                        System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
                    ct.ThrowIfCancellationRequested();
                    piece = slots[i]!;
                    slots[i] = null;
                }
                try
                {
                    Write(piece);
                }
                finally
                {
                    if (piece.Data != null)
                        chunkPool.Return(piece.Data);
                    if (piece.Compressed != null)
                        foreach (var c in piece.Compressed)
                            clusterPool.Return(c.Comp);
                }
                lock (gate)
                {
                    written = i + 1;
                    Monitor.PulseAll(gate);
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
        finally
        {
            lock (gate)
            {
                failure ??= new OperationCanceledException();
                Monitor.PulseAll(gate);
            }
            foreach (var t in threads)
                t.Join();
        }
    }

    private Piece Prepare(Job j)
    {
        ct.ThrowIfCancellationRequested();
        if (j.Zero)
            return new Piece(j.DestOffset, j.Length, null, new(), null);
        // pooled: a fresh 1 MiB array per chunk would keep the GC busy with large-object collections
        var buf = chunkPool.Rent();
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
                var comp = clusterPool.Rent();
                int n = len == cs ? Compression.Compress(span, comp.AsSpan(0, cs - 1), ((Qcow2Image)dest).CompressionType) : -1;
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

/// <summary>Reuses same-sized buffers: the convert loop keeps a bounded number in flight, and fresh large arrays
/// cost page faults and collections (measured: a third of convert's system time).</summary>
internal sealed class BufferPool
{
    private readonly Stack<byte[]> free = new();
    private readonly int size;

    public BufferPool(int size) => this.size = size;

    public byte[] Rent()
    {
        lock (free)
            if (free.Count > 0)
                return free.Pop();
        return new byte[size];
    }

    public void Return(byte[] b)
    {
        lock (free)
            free.Push(b);
    }
}
