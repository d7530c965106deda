using System.Globalization;
using System.Text;
using Vireo.Images;
using Vireo.Images.Qcow;
using Vireo.Images.Qcow2;
using Vireo.Images.Vmdk;

namespace Vireo.Img.Commands;

/// <summary>vireo-img info [-f fmt] [--output=human|json] [--backing-chain] [-U] filename</summary>
internal static class InfoCommand
{
    public static int Run(string[] argv, TextWriter stdout)
    {
        var a = Args.Parse(argv, new[] { "f", "output", "object", "image-opts" }, new[] { "backing-chain", "U", "force-share", "h", "help" });
        if (a.Positional.Count != 1)
            throw new UsageException(a.Positional.Count == 0 ? "Expecting one image file name" : $"Unexpected argument: {a.Positional[1]}");
        string output = a.Get("output") ?? "human";
        if (output is not ("human" or "json"))
            throw new UsageException($"--output must be used with human or json as argument.");
        var infos = new List<ImageInfo>();
        string path = a.Positional[0];
        string? fmt = a.Get("f");
        var seen = new HashSet<string>();
        while (true)
        {
            if (!seen.Add(Path.GetFullPath(path)))
                throw new IOException($"Backing file '{path}' creates an infinite loop.");
            if (infos.Count > ImageLimits.MaxChainDepth)
                throw new IOException($"Backing chain of '{a.Positional[0]}' is deeper than {ImageLimits.MaxChainDepth}");
            var info = ImageInfo.Read(path, fmt);
            infos.Add(info);
            if (!a.Has("backing-chain") || info.BackingFile == null)
                break;
            path = info.FullBackingFile!;
            fmt = info.BackingFormat;
            if (fmt == null)
            {
                fmt = ImageProbe.Probe(path);
                if (fmt != "raw")
                    throw new IOException($"{info.Filename}: backing file '{info.BackingFile}' has no recorded format and looks like {fmt}; refusing to guess");
            }
        }
        if (output == "json")
        {
            if (a.Has("backing-chain"))
            {
                var arr = new JArray();
                foreach (var i in infos)
                    arr.Items.Add(i.ToJson());
                stdout.WriteLine(arr.ToJson());
            }
            else
            {
                stdout.WriteLine(infos[0].ToJson().ToJson());
            }
        }
        else
        {
            for (int i = 0; i < infos.Count; i++)
            {
                if (i > 0)
                    stdout.WriteLine();
                stdout.Write(infos[i].ToHuman());
            }
        }
        return 0;
    }
}

/// <summary>What qemu-img info reports about one image.</summary>
internal sealed class ImageInfo
{
    public required string Filename { get; init; }
    public required string Format { get; init; }
    public long VirtualSize { get; init; }
    public long ActualSize { get; init; }
    public int? ClusterSize { get; init; }
    public string? BackingFile { get; init; }
    public string? FullBackingFile { get; init; }
    public string? BackingFormat { get; init; }
    public bool Dirty { get; init; }
    public Header? Qcow2Header { get; init; }
    public IReadOnlyList<SnapshotInfo> Snapshots { get; init; } = Array.Empty<SnapshotInfo>();
    public VmdkImage? Vmdk { get; init; }

    public static ImageInfo Read(string path, string? fmt)
    {
        using var img = Program.OpenImage(path, fmt, writable: false, backing: false);
        long actual = HostFileAllocated(path);
        if (img is Qcow2Image q)
        {
            var h = q.Header;
            return new ImageInfo
            {
                Filename = path,
                Format = "qcow2",
                VirtualSize = q.VirtualSize,
                ActualSize = actual,
                ClusterSize = q.ClusterSize,
                BackingFile = q.BackingFileName,
                FullBackingFile = q.BackingFileName == null ? null : Image.ResolveBacking(path, q.BackingFileName),
                BackingFormat = q.BackingFormat,
                Dirty = (h.IncompatibleFeatures & Header.IncompatDirty) != 0,
                Qcow2Header = h,
                Snapshots = q.SnapshotList,
            };
        }
        if (img is VmdkImage v)
            return new ImageInfo { Filename = path, Format = "vmdk", VirtualSize = v.VirtualSize, ActualSize = actual, ClusterSize = v.ClusterSize, Vmdk = v };
        if (img is QcowImage q1)
            return new ImageInfo
            {
                Filename = path, Format = "qcow", VirtualSize = q1.VirtualSize, ActualSize = actual, ClusterSize = q1.ClusterSize,
                BackingFile = q1.BackingFileName,
                FullBackingFile = q1.BackingFileName == null ? null : Image.ResolveBacking(path, q1.BackingFileName),
            };
        return new ImageInfo { Filename = path, Format = img.Format, VirtualSize = img.VirtualSize, ActualSize = actual };
    }

    private static long HostFileAllocated(string path) => Image.AllocatedBytes(path);

    public JObject ToJson()
    {
        var o = new JObject();
        if (Snapshots.Count > 0)
        {
            var arr = new JArray();
            foreach (var s in Snapshots)
            {
                var so = new JObject();
                if (s.Icount is { } ic && ic != ulong.MaxValue)
                    so.Add("icount", (long)ic);
                so.Add("vm-clock-nsec", (long)(s.VmClockNsec % 1_000_000_000));
                so.Add("name", s.Name);
                so.Add("date-sec", (long)s.DateSec);
                so.Add("date-nsec", (long)s.DateNsec);
                so.Add("vm-clock-sec", (long)(s.VmClockNsec / 1_000_000_000));
                so.Add("id", s.Id);
                so.Add("vm-state-size", s.VmStateSize);
                arr.Items.Add(so);
            }
            o.Add("snapshots", arr);
        }
        if (BackingFormat != null)
            o.Add("backing-filename-format", BackingFormat);
        o.Add("virtual-size", VirtualSize);
        o.Add("filename", Filename);
        if (ClusterSize is { } cs)
            o.Add("cluster-size", cs);
        o.Add("format", Format);
        o.Add("actual-size", ActualSize);
        if (Qcow2Header is { } h)
        {
            var data = new JObject();
            data.Add("compat", h.Version >= 3 ? "1.1" : "0.10");
            data.Add("compression-type", h.CompressionType == 1 ? "zstd" : "zlib");
            if (h.Version >= 3)
                data.Add("lazy-refcounts", (h.CompatibleFeatures & Header.CompatLazyRefcounts) != 0);
            data.Add("refcount-bits", 1 << h.RefcountOrder);
            if (h.Version >= 3)
            {
                data.Add("corrupt", (h.IncompatibleFeatures & Header.IncompatCorrupt) != 0);
                data.Add("extended-l2", (h.IncompatibleFeatures & Header.IncompatExtendedL2) != 0);
            }
            o.Add("format-specific", new JObject().Add("type", "qcow2").Add("data", data));
        }
        if (Vmdk is { } v)
        {
            var ext = new JObject();
            if (v.Header.Compressed)
                ext.Add("compressed", true);
            ext.Add("virtual-size", v.VirtualSize).Add("filename", Filename).Add("cluster-size", v.ClusterSize).Add("format", "");
            var extents = new JArray();
            extents.Items.Add(ext);
            var data = new JObject().Add("cid", v.Descriptor.Cid).Add("parent-cid", v.Descriptor.ParentCid)
                .Add("create-type", v.Descriptor.CreateType).Add("extents", extents);
            o.Add("format-specific", new JObject().Add("type", "vmdk").Add("data", data));
        }
        if (BackingFile != null)
        {
            o.Add("full-backing-filename", FullBackingFile!);
            o.Add("backing-filename", BackingFile);
        }
        o.Add("dirty-flag", Dirty);
        return o;
    }

    public string ToHuman()
    {
        var sb = new StringBuilder();
        sb.Append($"image: {Filename}\n");
        sb.Append($"file format: {Format}\n");
        sb.Append($"virtual size: {Sizes.Human(VirtualSize)} ({VirtualSize} bytes)\n");
        sb.Append($"disk size: {Sizes.Human(ActualSize)}\n");
        if (ClusterSize is { } cs)
            sb.Append($"cluster_size: {cs}\n");
        if (BackingFile != null)
        {
            sb.Append($"backing file: {BackingFile}");
            if (FullBackingFile != BackingFile)
                sb.Append($" (actual path: {FullBackingFile})");
            sb.Append('\n');
            if (BackingFormat != null)
                sb.Append($"backing file format: {BackingFormat}\n");
        }
        if (Dirty)
            sb.Append("cleanly shut down: no\n");
        if (Snapshots.Count > 0)
        {
            sb.Append("Snapshot list:\n");
            sb.Append(string.Format(CultureInfo.InvariantCulture, "{0,-10}{1,-17}{2,8}{3,20}{4,13}{5,11}\n", "ID", "TAG", "VM SIZE", "DATE", "VM CLOCK", "ICOUNT"));
            foreach (var s in Snapshots)
            {
                var date = DateTimeOffset.FromUnixTimeSeconds(s.DateSec).ToLocalTime();
                ulong ms = s.VmClockNsec / 1_000_000;
                string clock = string.Format(CultureInfo.InvariantCulture, "{0:00}:{1:00}:{2:00}.{3:000}", ms / 3600000, ms / 60000 % 60, ms / 1000 % 60, ms % 1000);
                string icount = s.Icount is { } ic && ic != ulong.MaxValue ? ic.ToString(CultureInfo.InvariantCulture) : "";
                sb.Append(string.Format(CultureInfo.InvariantCulture, "{0,-9} {1,-16} {2,8}{3,20}{4,13}{5,11}\n",
                    s.Id, s.Name, Sizes.Human(s.VmStateSize), date.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), clock, icount));
            }
        }
        if (Vmdk is { } v)
        {
            sb.Append("Format specific information:\n");
            sb.Append($"    cid: {v.Descriptor.Cid}\n");
            sb.Append($"    parent cid: {v.Descriptor.ParentCid}\n");
            sb.Append($"    create type: {v.Descriptor.CreateType}\n");
            sb.Append("    extents:\n");
            sb.Append("        [0]:\n");
            if (v.Header.Compressed)
                sb.Append("            compressed: true\n");
            sb.Append($"            virtual size: {v.VirtualSize}\n");
            sb.Append($"            filename: {Filename}\n");
            sb.Append($"            cluster size: {v.ClusterSize}\n");
            sb.Append("            format: \n");
        }
        if (Qcow2Header is { } h)
        {
            sb.Append("Format specific information:\n");
            sb.Append($"    compat: {(h.Version >= 3 ? "1.1" : "0.10")}\n");
            sb.Append($"    compression type: {(h.CompressionType == 1 ? "zstd" : "zlib")}\n");
            if (h.Version >= 3)
                sb.Append($"    lazy refcounts: {((h.CompatibleFeatures & Header.CompatLazyRefcounts) != 0 ? "true" : "false")}\n");
            sb.Append($"    refcount bits: {1 << h.RefcountOrder}\n");
            if (h.Version >= 3)
            {
                sb.Append($"    corrupt: {((h.IncompatibleFeatures & Header.IncompatCorrupt) != 0 ? "true" : "false")}\n");
                sb.Append($"    extended l2: {((h.IncompatibleFeatures & Header.IncompatExtendedL2) != 0 ? "true" : "false")}\n");
            }
        }
        return sb.ToString();
    }
}
