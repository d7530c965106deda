using Vireo.Images;

namespace Vireo.Img.Commands;

/// <summary>vireo-img measure [--output=human|json] [-O fmt] [-o options] [--size N | [-f fmt] filename]</summary>
internal static class MeasureCommand
{
    public static int Run(string[] argv, TextWriter stdout)
    {
        var a = Args.Parse(argv, new[] { "f", "O", "o", "output", "size", "l", "object" }, new[] { "U", "force-share", "image-opts", "h", "help" });
        string outFmt = a.Get("O") ?? "raw";
        var o = Args.ParseOptions(a.All("o"));
        int cs = 65536;
        if (o.LastOrDefault(x => x.Key == "cluster_size").Value is { } c && Sizes.TryParse(c, out long cv))
            cs = (int)cv;
        long virtualSize;
        long allocatedData;
        if (a.Get("size") is { } sz)
        {
            if (a.Positional.Count > 0)
                throw new UsageException("--size N cannot be used together with a filename.");
            if (!Sizes.TryParse(sz, out virtualSize))
                throw new UsageException("Invalid image size specified.");
            allocatedData = 0;
        }
        else
        {
            if (a.Positional.Count != 1)
                throw new UsageException("Either --size N or one filename must be specified.");
            using var img = Program.OpenImage(a.Positional[0], a.Get("f"), false);
            virtualSize = img.VirtualSize;
            allocatedData = 0;
            foreach (var e in ChainStatus.Map(img, 0, img.VirtualSize))
            {
                if (!e.Data)
                    continue;
                long first = e.Start / cs * cs;
                long last = (e.Start + e.Length + cs - 1) / cs * cs;
                allocatedData += last - first;
            }
        }
        long required, fully;
        if (outFmt == "raw")
        {
            required = a.Get("size") != null ? virtualSize : allocatedData;
            fully = virtualSize;
        }
        else if (outFmt == "qcow2")
        {
            long meta = Qcow2Metadata(virtualSize, cs);
            required = meta + allocatedData;
            fully = meta + (virtualSize + cs - 1) / cs * cs;
        }
        else
        {
            throw new UsageException($"Unknown file format '{outFmt}'");
        }
        if (a.Get("output") == "json")
            stdout.WriteLine(new JObject().Add("required", required).Add("fully-allocated", fully).ToJson());
        else
            stdout.Write($"required size: {required}\nfully allocated size: {fully}\n");
        return 0;
    }

    /// <summary>qemu's qcow2_calc_prealloc_size metadata part: header, L1, L2 tables, refcount table and blocks.</summary>
    private static long Qcow2Metadata(long size, int cs)
    {
        long align(long v) => (v + cs - 1) / cs * cs;
        long clusters = (size + cs - 1) / cs;
        long l2Tables = (clusters * 8 + cs - 1) / cs;
        long meta = cs + align(l2Tables * 8) + l2Tables * cs;
        // refcounts for everything, refcount table growing with them (qemu's iteration)
        long refcountBits = 16;
        long blocksPerCluster = cs * 8 / refcountBits;
        long total = meta + clusters * (long)cs;
        long rb = 0, rt = 0;
        for (int i = 0; i < 10; i++)
        {
            long allClusters = (total + rb * cs + rt * cs + cs - 1) / cs;
            long nrb = (allClusters + blocksPerCluster - 1) / blocksPerCluster;
            long nrt = (nrb * 8 + cs - 1) / cs;
            if (nrb == rb && nrt == rt)
                break;
            rb = nrb;
            rt = nrt;
        }
        return meta + (rb + rt) * cs;
    }
}
