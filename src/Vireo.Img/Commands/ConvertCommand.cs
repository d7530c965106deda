using System.Globalization;
using System.Runtime.InteropServices;
using Vireo.Images;
using Vireo.Images.Qcow2;

namespace Vireo.Img.Commands;

/// <summary>vireo-img convert [-p] [-q] [-n] [-c] [-W] [-m N] [-f fmt] [-O fmt] [-o options] [-S size] src... dest.
/// The destination is written under a temporary name and renamed only once complete and synced (unless -n).</summary>
internal static class ConvertCommand
{
    public static int Run(string[] argv, TextWriter stdout, TextWriter stderr)
    {
        var a = Args.Parse(argv, new[] { "f", "O", "o", "S", "m", "t", "T", "B", "l", "object", "target-image-opts" },
            new[] { "p", "q", "n", "c", "W", "U", "C", "image-opts", "force-share", "h", "help" });
        if (a.Positional.Count < 2)
            throw new UsageException("Expecting image file name");
        if (a.Has("B"))
            throw new UsageException("-B (backing file for the output) is not supported by vireo-img yet");
        var sources = a.Positional.Take(a.Positional.Count - 1).ToList();
        string dest = a.Positional[^1];
        string outFmt = a.Get("O") ?? "raw";
        bool compress = a.Has("c");
        if (compress && outFmt != "qcow2")
            throw new UsageException(outFmt == "vmdk" ? "Compression not supported for this file format (vireo-img writes monolithicSparse vmdk only; qemu-img writes compressed streamOptimized)" : "Compression not supported for this file format");
        long sparse = 4096;
        if (a.Get("S") is { } st && (!Sizes.TryParse(st, out sparse) || (sparse != 0 && sparse % 512 != 0)))
            throw new UsageException("Invalid buffer size for sparse output specified. Valid sizes are multiples of 512 up to 2147483647 bytes.");
        bool progress = a.Has("p") && !a.Has("q");
        // as qemu-img: the output is written with cache=unsafe unless -t says otherwise (then it is synced
        // before the rename); the temporary name protects against interruption either way
        string cache = a.Get("t") ?? "unsafe";
        if (cache is not ("unsafe" or "writeback" or "none" or "writethrough" or "directsync"))
            throw new UsageException($"Invalid cache option: {cache}");
        Image.CheckFilename(dest, false, "output");

        var srcImages = new List<IBlockImage>();
        try
        {
            foreach (var s in sources)
                srcImages.Add(Program.OpenImage(s, a.Get("f"), writable: false));
            long total = srcImages.Sum(s => s.VirtualSize);
            var o = Args.ParseOptions(a.All("o"));
            string? Opt(string k) => o.LastOrDefault(x => x.Key == k).Value;
            int cs = 65536;
            if (Opt("cluster_size") is { } csText && Sizes.TryParse(csText, out long csv))
                cs = (int)csv;
            var createOpts = outFmt == "vmdk" ? VmdkOptions.Parse(o, dest, total) with { VmdkExtentName = Path.GetFileName(dest) } : new Qcow2CreateOptions
            {
                Size = total,
                ClusterSize = cs,
                Compat = Opt("compat") ?? "1.1",
                LazyRefcounts = Opt("lazy_refcounts") == "on",
                RefcountBits = Opt("refcount_bits") is { } rb ? int.Parse(rb, CultureInfo.InvariantCulture) : 16,
                Preallocation = Opt("preallocation") ?? "off",
                CompressionType = Opt("compression_type") ?? "zlib",
            };

            using var cts = new CancellationTokenSource();
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; cts.Cancel(); });
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; cts.Cancel(); });

            bool existing = a.Has("n");
            string target = existing ? dest : TempName(dest);
            try
            {
                if (!existing)
                {
                    try
                    {
                        Image.Create(target, outFmt, createOpts);
                    }
                    catch (ArgumentException e)
                    {
                        throw new UsageException($"{dest}: {e.Message}");
                    }
                }
                using (var outImg = Image.Open(target, new ImageOpenOptions { Format = outFmt, Writable = true, OpenBacking = false, CacheUnsafe = cache == "unsafe" }))
                {
                    if (existing && outImg.VirtualSize < total)
                        throw new IOException($"{dest}: output image is smaller ({outImg.VirtualSize} bytes) than the input ({total} bytes)");
                    var engine = new ConvertEngine(srcImages, outImg, compress, (int)sparse, zeroTarget: existing, cts.Token);
                    if (a.Get("m") is { } m)
                    {
                        if (!int.TryParse(m, out int mv) || mv < 1 || mv > 16)
                            throw new UsageException("Invalid number of coroutines. Allowed number of coroutines is between 1 and 16");
                        engine.Parallelism = mv;
                    }
                    if (progress)
                        engine.Progress = p => stdout.Write(string.Format(CultureInfo.InvariantCulture, "    ({0:F2}/100%)\r", p));
                    engine.Run();
                    outImg.FlushAsync().AsTask().GetAwaiter().GetResult();
                }
                if (progress)
                    stdout.WriteLine(string.Format(CultureInfo.InvariantCulture, "    ({0:F2}/100%)", 100.0));
                if (!existing)
                    File.Move(target, dest, overwrite: true);
            }
            catch (OperationCanceledException)
            {
                if (!existing)
                    TryDelete(target);
                stderr.WriteLine("vireo-img: convert interrupted; no output written");
                return 1;
            }
            catch
            {
                if (!existing)
                    TryDelete(target);
                throw;
            }
            return 0;
        }
        finally
        {
            foreach (var s in srcImages)
                s.Dispose();
        }
    }

    /// <summary>A hidden name beside the destination, so the rename is atomic (same file system).</summary>
    private static string TempName(string dest)
    {
        string dir = Path.GetDirectoryName(dest) ?? "";
        string name = $".{Path.GetFileName(dest)}.vireo-convert-{Environment.ProcessId}";
        return dir.Length == 0 ? name : Path.Combine(dir, name);
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
