using System.Globalization;
using System.Text.RegularExpressions;

namespace Vireo.Drivers.Qemu.Host;

/// <summary>One online host CPU as /sys/devices/system/cpu/cpuN/topology describes it.</summary>
public sealed record HostCpuCore(int Id, int SocketId, int DieId, int CoreId, string Siblings);

/// <summary>One NUMA cell: memory, free-page counts per page size, distances to every cell, its CPUs.</summary>
public sealed record HostNumaCell(int Id, ulong MemoryKiB, IReadOnlyList<(ulong SizeKiB, ulong Count)> Pages, IReadOnlyList<(int Id, int Value)> Distances, IReadOnlyList<HostCpuCore> Cpus);

/// <summary>
/// The host's CPU and NUMA topology from /sys (capabilities' &lt;topology&gt;&lt;cells&gt; and the CPU's
/// sockets/dies/cores/threads). A kernel without /sys/devices/system/node gives one cell with all memory and CPUs.
/// </summary>
public sealed partial record HostTopology(IReadOnlyList<HostNumaCell> Cells)
{
    public IEnumerable<HostCpuCore> AllCpus => Cells.SelectMany(c => c.Cpus);
    public int Sockets => Math.Max(1, AllCpus.Select(c => c.SocketId).Distinct().Count());
    public int DiesPerSocket => Math.Max(1, AllCpus.GroupBy(c => c.SocketId).Max(g => g.Select(c => c.DieId).Distinct().Count()));
    public int CoresPerDie => Math.Max(1, AllCpus.GroupBy(c => (c.SocketId, c.DieId)).Max(g => g.Select(c => c.CoreId).Distinct().Count()));
    public int ThreadsPerCore => Math.Max(1, AllCpus.GroupBy(c => (c.SocketId, c.DieId, c.CoreId)).Max(g => g.Count()));

    public static HostTopology Read(string sys = "/sys/devices/system")
    {
        var online = ParseCpuList(Safe(Path.Combine(sys, "cpu", "online")));
        if (online.Count == 0)
            online = [.. Enumerable.Range(0, Environment.ProcessorCount)];
        var cores = online.Select(id => ReadCore(sys, id)).ToList();
        var nodeDir = Path.Combine(sys, "node");
        var nodes = Directory.Exists(nodeDir)
            ? Directory.GetDirectories(nodeDir, "node*").Select(d => Path.GetFileName(d)[4..])
                .Where(n => n.All(char.IsAsciiDigit)).Select(n => int.Parse(n, CultureInfo.InvariantCulture)).Order().ToList()
            : [];
        if (nodes.Count == 0)
        {
            ulong mem = MemTotal(Safe("/proc/meminfo"));
            return new HostTopology([new HostNumaCell(0, mem, BasePages(mem, []), [(0, 10)], cores)]);
        }
        var cells = new List<HostNumaCell>();
        foreach (var n in nodes)
        {
            var dir = Path.Combine(nodeDir, "node" + n.ToString(CultureInfo.InvariantCulture));
            ulong mem = MemTotal(Safe(Path.Combine(dir, "meminfo")));
            var huge = HugePages(Path.Combine(dir, "hugepages"));
            var dist = Safe(Path.Combine(dir, "distance")).Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Select((v, i) => (nodes.ElementAtOrDefault(i), int.Parse(v, CultureInfo.InvariantCulture))).ToList();
            var cpus = ParseCpuList(Safe(Path.Combine(dir, "cpulist"))).Select(id => cores.FirstOrDefault(c => c.Id == id)).OfType<HostCpuCore>().ToList();
            cells.Add(new HostNumaCell(n, mem, BasePages(mem, huge), dist, cpus));
        }
        return new HostTopology(cells);
    }

    /// <summary>The cell's memory in base pages (what hugepages do not hold), then each hugepage size's pool.</summary>
    private static List<(ulong, ulong)> BasePages(ulong memKiB, List<(ulong Size, ulong Count)> huge)
    {
        ulong basePage = (ulong)Environment.SystemPageSize / 1024;
        ulong inHuge = huge.Aggregate(0UL, (s, h) => s + h.Size * h.Count);
        var pages = new List<(ulong, ulong)> { (basePage, (memKiB - Math.Min(memKiB, inHuge)) / basePage) };
        pages.AddRange(huge.OrderBy(h => h.Size).Select(h => (h.Size, h.Count)));
        return pages;
    }

    private static List<(ulong Size, ulong Count)> HugePages(string dir)
    {
        if (!Directory.Exists(dir))
            return [];
        var result = new List<(ulong, ulong)>();
        foreach (var d in Directory.GetDirectories(dir))
            if (HugeDir().Match(Path.GetFileName(d)) is { Success: true } m
                && ulong.TryParse(Safe(Path.Combine(d, "nr_hugepages")).Trim(), CultureInfo.InvariantCulture, out var count))
                result.Add((ulong.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), count));
        return result;
    }

    private static HostCpuCore ReadCore(string sys, int id)
    {
        var t = Path.Combine(sys, "cpu", "cpu" + id.ToString(CultureInfo.InvariantCulture), "topology");
        int Get(string f) => int.TryParse(Safe(Path.Combine(t, f)).Trim(), CultureInfo.InvariantCulture, out var v) ? Math.Max(v, 0) : 0;
        var siblings = Safe(Path.Combine(t, "thread_siblings_list")).Trim();
        return new HostCpuCore(id, Get("physical_package_id"), Get("die_id"), Get("core_id"), siblings.Length > 0 ? siblings : id.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>"0-3,8,10-11" → 0,1,2,3,8,10,11.</summary>
    public static List<int> ParseCpuList(string text)
    {
        var result = new List<int>();
        foreach (var part in text.Trim().Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var ends = part.Split('-');
            if (!int.TryParse(ends[0], CultureInfo.InvariantCulture, out var a))
                continue;
            int b = ends.Length > 1 && int.TryParse(ends[1], CultureInfo.InvariantCulture, out var e) ? e : a;
            for (int i = a; i <= b; i++)
                result.Add(i);
        }
        return result;
    }

    private static ulong MemTotal(string meminfo) =>
        MemTotalRe().Match(meminfo) is { Success: true } m ? ulong.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;

    private static string Safe(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path) : "";
        }
        catch (IOException)
        {
            return "";
        }
    }

    [GeneratedRegex(@"MemTotal:\s*(\d+)")]
    private static partial Regex MemTotalRe();

    [GeneratedRegex(@"^hugepages-(\d+)kB$")]
    private static partial Regex HugeDir();
}
