using System.Globalization;

namespace Vireo.Host;

/// <summary>One CPU line of /proc/stat, in clock ticks (USER_HZ).</summary>
public sealed record CpuTimes(ulong User, ulong Nice, ulong System, ulong Idle, ulong Iowait, ulong Irq, ulong Softirq);

/// <summary>What /proc/cpuinfo says about the processors: model, vendor, flags, MHz and the topology.</summary>
public sealed record CpuInfo(string Model, string Vendor, HashSet<string> Flags, double Mhz, int Cpus, int Sockets, int CoresPerSocket, int ThreadsPerCore);

/// <summary>Parsers for the /proc files the host facts come from (pure: text in, values out).</summary>
public static class ProcFiles
{
    /// <summary>/proc/stat: "cpu" (all) and "cpuN" lines → times; key -1 is the total.</summary>
    public static Dictionary<int, CpuTimes> ParseStat(string text)
    {
        var result = new Dictionary<int, CpuTimes>();
        foreach (var line in text.Split('\n'))
        {
            if (!line.StartsWith("cpu", StringComparison.Ordinal))
                continue;
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            int key = f[0] == "cpu" ? -1 : int.TryParse(f[0].AsSpan(3), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : int.MinValue;
            if (key == int.MinValue || f.Length < 8)
                continue;
            ulong V(int i) => ulong.Parse(f[i], CultureInfo.InvariantCulture);
            result[key] = new CpuTimes(V(1), V(2), V(3), V(4), V(5), V(6), V(7));
        }
        return result;
    }

    /// <summary>/proc/meminfo (and /sys/.../nodeN/meminfo, whose lines start "Node N "): name → KiB.</summary>
    public static Dictionary<string, ulong> ParseMeminfo(string text)
    {
        var result = new Dictionary<string, ulong>(StringComparer.Ordinal);
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.StartsWith("Node ", StringComparison.Ordinal) ? raw[(raw.IndexOf(' ', 5) + 1)..] : raw;
            int colon = line.IndexOf(':');
            if (colon <= 0)
                continue;
            var value = line[(colon + 1)..].Trim().Split(' ')[0];
            if (ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var v))
                result[line[..colon].Trim()] = v;
        }
        return result;
    }

    /// <summary>/proc/cpuinfo (x86): sockets from distinct physical ids, cores from "cpu cores", threads from siblings/cores.</summary>
    public static CpuInfo ParseCpuInfo(string text)
    {
        string model = "", vendor = "";
        double mhz = 0;
        var flags = new HashSet<string>(StringComparer.Ordinal);
        var sockets = new HashSet<string>(StringComparer.Ordinal);
        int cpus = 0, cores = 0, siblings = 0;
        foreach (var line in text.Split('\n'))
        {
            int colon = line.IndexOf(':');
            if (colon < 0)
                continue;
            var key = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            switch (key)
            {
                case "processor": cpus++; break;
                case "model name" when model.Length == 0: model = value; break;
                case "vendor_id" when vendor.Length == 0: vendor = value; break;
                case "cpu MHz" when mhz == 0: double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out mhz); break;
                case "flags" when flags.Count == 0: flags.UnionWith(value.Split(' ', StringSplitOptions.RemoveEmptyEntries)); break;
                case "physical id": sockets.Add(value); break;
                case "cpu cores" when cores == 0: int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out cores); break;
                case "siblings" when siblings == 0: int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out siblings); break;
            }
        }
        int socketCount = Math.Max(1, sockets.Count);
        if (cores <= 0)
            cores = Math.Max(1, cpus / socketCount);
        int threads = siblings > 0 && siblings >= cores ? Math.Max(1, siblings / cores) : 1;
        return new CpuInfo(model, vendor, flags, mhz, cpus, socketCount, cores, threads);
    }
}
