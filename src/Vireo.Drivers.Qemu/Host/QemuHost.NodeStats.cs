using Vireo.Drivers.Host;
using Vireo.Host;
using Vireo.Protocol.Errors;

namespace Vireo.Drivers.Qemu.Host;

/// <summary>virNodeGetCPUStats and virNodeGetMemoryStats from /proc/stat, /proc/meminfo and the NUMA nodes' meminfo.</summary>
public sealed partial class QemuHost
{
    // USER_HZ is 100 on Linux: one tick is 10 ms.
    private const ulong NsPerTick = 10_000_000;

    /// <summary>kernel, user, idle, iowait in ns, as libvirt's linuxNodeGetCPUStats sums them.</summary>
    public Task<IReadOnlyList<(string Field, ulong Value)>> GetCpuStatsAsync(int cpuNum, uint flags)
    {
        QemuErrors.CheckFlags(flags, 0, "virNodeGetCPUStats");
        var stats = ProcFiles.ParseStat(SafeRead("/proc/stat"));
        if (!stats.TryGetValue(cpuNum, out var t))
            throw new LibvirtException(ErrorCode.InvalidArg, ErrorDomain.None, $"invalid argument: Invalid cpuNum in linuxNodeGetCPUStats");
        IReadOnlyList<(string, ulong)> r =
        [
            ("kernel", (t.System + t.Irq + t.Softirq) * NsPerTick),
            ("user", (t.User + t.Nice) * NsPerTick),
            ("idle", t.Idle * NsPerTick),
            ("iowait", t.Iowait * NsPerTick),
        ];
        return Task.FromResult(r);
    }

    /// <summary>total, free, buffers, cached in KiB for the host (cell -1) or one NUMA cell.</summary>
    public Task<IReadOnlyList<(string Field, ulong Value)>> GetMemoryStatsAsync(int cellNum, uint flags)
    {
        QemuErrors.CheckFlags(flags, 0, "virNodeGetMemoryStats");
        string text = cellNum == -1 ? SafeRead("/proc/meminfo") : SafeRead($"/sys/devices/system/node/node{cellNum}/meminfo");
        if (text.Length == 0)
            throw new LibvirtException(ErrorCode.InvalidArg, ErrorDomain.None, $"invalid argument: cell number {cellNum} is out of range");
        var m = ProcFiles.ParseMeminfo(text);
        ulong Get(string k) => m.GetValueOrDefault(k);
        IReadOnlyList<(string, ulong)> r = [("total", Get("MemTotal")), ("free", Get("MemFree")), ("buffers", Get("Buffers")), ("cached", Get("Cached"))];
        return Task.FromResult(r);
    }
}
