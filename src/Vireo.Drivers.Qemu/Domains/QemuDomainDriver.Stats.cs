using Vireo.Drivers.Domains;
using Vireo.Drivers.Qemu.Qmp;

namespace Vireo.Drivers.Qemu.Domains;

public sealed partial class QemuDomainDriver
{
    /// <summary>domblkstat: the disk's counters from query-blockstats (by target such as "vda", or by source path).</summary>
    public async Task<BlockStats> GetBlockStatsAsync(DomainRef dom, string disk)
    {
        QmpClient qmp;
        string drive, alias = "";
        lock (_lock)
        {
            var d = Get(dom);
            RequireActive(d);
            var dev = d.Live!.Devices.FindDisk(disk) ?? throw QemuErrors.InvalidArgNoDisk(disk);
            drive = "drive-" + dev.Alias;
            alias = dev.Alias ?? "";
            qmp = d.Monitor ?? throw QemuErrors.NotRunning();
        }
        var all = await qmp.QueryBlockstatsAsync().ConfigureAwait(false);
        // A -drive disk is listed by its drive id, a hotplugged (blockdev) one by its device's QOM path.
        var s = all.FirstOrDefault(x => x.Device == drive || (x.Qdev is { } q && (q == alias || q.StartsWith($"/machine/peripheral/{alias}/", StringComparison.Ordinal))))?.Stats ?? throw QemuErrors.Internal($"cannot find statistics for device '{drive}'");
        return new BlockStats(s.RdOperations, s.RdBytes, s.WrOperations, s.WrBytes, s.FailedRdOperations + s.FailedWrOperations,
            s.FlushOperations, s.RdTotalTimeNs, s.WrTotalTimeNs, s.FlushTotalTimeNs);
    }

    /// <summary>vcpuinfo: each vCPU's host thread CPU time (from /proc) the CPU it last ran on and its affinity (sched_getaffinity).</summary>
    public async Task<IReadOnlyList<VcpuInfo>> GetVcpusAsync(DomainRef dom)
    {
        QmpClient qmp;
        int pid;
        lock (_lock)
        {
            var d = Get(dom);
            RequireActive(d);
            qmp = d.Monitor ?? throw QemuErrors.NotRunning();
            pid = d.Pid;
        }
        var cpus = await qmp.QueryCpusFastAsync().ConfigureAwait(false);
        int host = Environment.ProcessorCount;
        var result = new List<VcpuInfo>();
        foreach (var c in cpus)
        {
            var (time, last) = ThreadStat(pid, c.ThreadId);
            result.Add(new VcpuInfo(c.CpuIndex, 1, time, last, Supervision.Affinity.Get(c.ThreadId, host)));
        }
        return result;
    }

    private static (ulong TimeNs, int Cpu) ThreadStat(int pid, int tid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/task/{tid}/stat");
            var f = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            ulong ticks = ulong.Parse(f[11], System.Globalization.CultureInfo.InvariantCulture) + ulong.Parse(f[12], System.Globalization.CultureInfo.InvariantCulture);
            // Field 39 (processor) is index 36 after "pid (comm)".
            return (ticks * (1_000_000_000UL / ClockTicksPerSecond), int.Parse(f[36], System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is IOException or FormatException or IndexOutOfRangeException)
        {
            return (0, -1);
        }
    }
}
