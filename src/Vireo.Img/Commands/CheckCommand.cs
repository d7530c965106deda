using System.Globalization;
using Vireo.Images;
using Vireo.Images.Qcow2;
using Vireo.Images.Vmdk;

namespace Vireo.Img.Commands;

/// <summary>vireo-img check [-q] [-f fmt] [--output=human|json] [-r leaks|all] filename.
/// Exit status as qemu-img: 0 clean, 1 check not completed, 2 corruptions, 3 leaks only, 63 format without checks.</summary>
internal static class CheckCommand
{
    public static int Run(string[] argv, TextWriter stdout, TextWriter stderr)
    {
        var a = Args.Parse(argv, new[] { "f", "output", "r", "T", "object", "image-opts" }, new[] { "q", "U", "force-share", "h", "help" });
        if (a.Positional.Count != 1)
            throw new UsageException("Expecting one image file name");
        string path = a.Positional[0];
        string output = a.Get("output") ?? "human";
        if (output is not ("human" or "json"))
            throw new UsageException("--output must be used with human or json as argument.");
        string? repair = a.Get("r");
        if (repair is not (null or "leaks" or "all"))
            throw new UsageException("Unknown option value for -r (expecting 'leaks' or 'all'): " + repair);
        bool quiet = a.Has("q");
        string fmt = a.Get("f") ?? (File.Exists(path) ? ImageProbe.Probe(path) : "raw");
        if (!File.Exists(path))
            throw new IOException($"Could not open '{path}': Could not open '{path}': No such file or directory");
        if (fmt != "qcow2")
        {
            if (fmt == "vmdk")
                return CheckVmdk(path, output, quiet, stdout, stderr);
            if (fmt == "qcow")
                Image.Open(path, new ImageOpenOptions { Format = "qcow", OpenBacking = false }).Dispose(); // refuses AES before saying "no checks"
            if (fmt is "raw" or "qcow")
            {
                stderr.WriteLine($"vireo-img: This image format does not support checks");
                return 63;
            }
            throw new ImageNotSupportedException(path, ImageProbe.Unsupported(fmt));
        }
        var opts = new ImageOpenOptions { Format = "qcow2", Writable = repair != null, OpenBacking = false, IgnoreCorruptBit = true };
        CheckResult r;
        using (var img = Qcow2Image.Open(path, opts))
        {
            r = Qcow2Checker.Check(img, fixLeaks: repair != null, fixErrors: repair == "all");
            foreach (var m in r.Messages)
                stderr.WriteLine(m);
            if (r.LeaksFixed > 0 || r.CorruptionsFixed > 0)
            {
                if (output == "human" && !quiet)
                {
                    stdout.WriteLine("The following inconsistencies were found and repaired:\n");
                    stdout.WriteLine($"    {r.LeaksFixed} leaked clusters");
                    stdout.WriteLine($"    {r.CorruptionsFixed} corruptions\n");
                    stdout.WriteLine("Double checking the fixed image now...");
                }
                var fixedR = r;
                r = Qcow2Checker.Check(img, false, false);
                r.LeaksFixed = fixedR.LeaksFixed;
                r.CorruptionsFixed = fixedR.CorruptionsFixed;
                foreach (var m in r.Messages)
                    stderr.WriteLine(m);
            }
        }
        if (output == "json")
        {
            // key order as qemu-img 7.2 prints it (its hash table's order, measured)
            var o = new JObject();
            o.Add("image-end-offset", r.ImageEndOffset);
            if (r.CompressedClusters > 0)
                o.Add("compressed-clusters", r.CompressedClusters);
            o.Add("total-clusters", r.TotalClusters);
            if (r.Corruptions > 0)
                o.Add("corruptions", r.Corruptions);
            if (r.CorruptionsFixed > 0)
                o.Add("corruptions-fixed", r.CorruptionsFixed);
            o.Add("check-errors", r.CheckErrors);
            if (r.Leaks > 0)
                o.Add("leaks", r.Leaks);
            if (r.LeaksFixed > 0)
                o.Add("leaks-fixed", r.LeaksFixed);
            if (r.AllocatedClusters > 0)
                o.Add("allocated-clusters", r.AllocatedClusters);
            o.Add("filename", path);
            o.Add("format", "qcow2");
            if (r.FragmentedClusters > 0)
                o.Add("fragmented-clusters", r.FragmentedClusters);
            stdout.WriteLine(o.ToJson());
        }
        else if (!quiet)
        {
            if (r.Corruptions == 0 && r.Leaks == 0 && r.CheckErrors == 0)
                stdout.WriteLine("No errors were found on the image.");
            if (r.Corruptions > 0)
                stdout.Write($"\n{r.Corruptions} errors were found on the image.\nData may be corrupted, or further writes to the image may corrupt it.\n");
            if (r.Leaks > 0)
                stdout.Write($"\n{r.Leaks} leaked clusters were found on the image.\nThis means waste of disk space, but no harm to data.\n");
            if (r.CheckErrors > 0)
                stdout.Write($"\n{r.CheckErrors} internal errors have occurred during the check.\n");
            if (r.TotalClusters != 0 && r.AllocatedClusters != 0)
                stdout.Write(string.Format(CultureInfo.InvariantCulture, "{0}/{1} = {2:F2}% allocated, {3:F2}% fragmented, {4:F2}% compressed clusters\n",
                    r.AllocatedClusters, r.TotalClusters, r.AllocatedClusters * 100.0 / r.TotalClusters,
                    r.FragmentedClusters * 100.0 / r.AllocatedClusters, r.CompressedClusters * 100.0 / r.AllocatedClusters));
            if (r.ImageEndOffset > 0)
                stdout.WriteLine($"Image end offset: {r.ImageEndOffset}");
        }
        if (r.CheckErrors > 0)
            return 1;
        if (r.Corruptions > 0)
            return 2;
        if (r.Leaks > 0)
            return 3;
        return 0;
    }

    /// <summary>qemu's vmdk check: every grain must lie inside the file; corruptions are counted, never repaired.</summary>
    private static int CheckVmdk(string path, string output, bool quiet, TextWriter stdout, TextWriter stderr)
    {
        List<string> errors;
        using (var img = VmdkImage.Open(path, writable: false))
            errors = img.Check();
        foreach (var e in errors)
            stderr.WriteLine(e);
        if (output == "json")
        {
            var o = new JObject();
            if (errors.Count > 0)
                o.Add("corruptions", errors.Count);
            o.Add("check-errors", 0);
            o.Add("filename", path);
            o.Add("format", "vmdk");
            stdout.WriteLine(o.ToJson());
        }
        else if (!quiet)
        {
            if (errors.Count == 0)
                stdout.WriteLine("No errors were found on the image.");
            else
                stdout.Write($"\n{errors.Count} errors were found on the image.\nData may be corrupted, or further writes to the image may corrupt it.\n");
        }
        return errors.Count > 0 ? 2 : 0;
    }
}
