using System.Globalization;
using Vireo.Drivers.Domains;
using Vireo.Drivers.Qemu.Qmp;
using Vireo.Protocol.Remote;

namespace Vireo.Drivers.Qemu.Domains;

/// <summary>
/// domstats (virConnectGetAllDomainStats): the state, cpu-total, balloon, vcpu and block groups with libvirt's field
/// names. An inactive domain reports its state and the config's sizes only, as libvirt does.
/// </summary>
public sealed partial class QemuDomainDriver
{
    // VIR_DOMAIN_STATS_* groups this driver fills.
    private const uint StatsState = 1, StatsCpuTotal = 2, StatsBalloon = 4, StatsVcpu = 8, StatsBlock = 32;

    public async Task<IReadOnlyList<TypedParameter>> GetDomainStatsAsync(DomainRef dom, uint stats, uint flags)
    {
        if (stats == 0)
            stats = StatsState | StatsCpuTotal | StatsBalloon | StatsVcpu | StatsBlock;
        var p = new List<TypedParameter>();
        Model.Domain.DomainDefinition def;
        DomainState state;
        int reason, pid;
        QmpClient? qmp;
        lock (_lock)
        {
            var d = Get(dom);
            def = d.Current.Clone();
            state = d.State;
            reason = d.Reason;
            pid = d.IsActive ? d.Pid : 0;
            qmp = d.IsActive ? d.Monitor : null;
        }
        if ((stats & StatsState) != 0)
        {
            p.Add(TypedParameter.Int("state.state", (int)state));
            p.Add(TypedParameter.Int("state.reason", reason));
        }
        if ((stats & StatsCpuTotal) != 0 && pid > 0)
        {
            var (user, system) = UserSystemNs(pid);
            p.Add(TypedParameter.ULLong("cpu.time", user + system));
            p.Add(TypedParameter.ULLong("cpu.user", user));
            p.Add(TypedParameter.ULLong("cpu.system", system));
        }
        if ((stats & StatsBalloon) != 0)
        {
            ulong current = def.CurrentMemoryKiB ?? def.MemoryKiB;
            IReadOnlyList<(int Tag, ulong Value)> mem = [];
            if (qmp is not null)
            {
                mem = await GetMemoryStatsAsync(dom, 0).ConfigureAwait(false);
                current = mem.Where(m => m.Tag == ActualBalloon).Select(m => m.Value).DefaultIfEmpty(current).First();
            }
            p.Add(TypedParameter.ULLong("balloon.current", current));
            p.Add(TypedParameter.ULLong("balloon.maximum", def.MemoryKiB));
            foreach (var (tag, value) in mem.Where(m => m.Tag != ActualBalloon))
                p.Add(TypedParameter.ULLong("balloon." + BalloonField(tag), value));
        }
        if ((stats & StatsVcpu) != 0)
        {
            p.Add(TypedParameter.UInt("vcpu.current", def.VcpusCurrent ?? def.Vcpus));
            p.Add(TypedParameter.UInt("vcpu.maximum", def.Vcpus));
            if (qmp is not null)
                foreach (var v in await GetVcpusAsync(dom).ConfigureAwait(false))
                {
                    var n = v.Number.ToString(CultureInfo.InvariantCulture);
                    p.Add(TypedParameter.Int($"vcpu.{n}.state", v.State));
                    p.Add(TypedParameter.ULLong($"vcpu.{n}.time", v.CpuTimeNs));
                }
        }
        if ((stats & StatsBlock) != 0)
        {
            var disks = def.Devices.Disks;
            IReadOnlyList<BlockStatsEntry> all = [];
            if (qmp is not null)
            {
                try
                {
                    all = await qmp.QueryBlockstatsAsync().ConfigureAwait(false);
                }
                catch (Exception e) when (e is QmpErrorException or QmpDisconnectedException)
                {
                    // Counters left out, names and paths still reported.
                }
            }
            p.Add(TypedParameter.UInt("block.count", (uint)disks.Count));
            for (int i = 0; i < disks.Count; i++)
            {
                var disk = disks[i];
                var n = "block." + i.ToString(CultureInfo.InvariantCulture);
                p.Add(TypedParameter.Str(n + ".name", disk.TargetDev));
                if (disk.SourcePath is { } path)
                    p.Add(TypedParameter.Str(n + ".path", path));
                var s = all.FirstOrDefault(x => x.Device == "drive-" + disk.Alias
                    || (x.Qdev is { } q && disk.Alias is not null && q.StartsWith($"/machine/peripheral/{disk.Alias}/", StringComparison.Ordinal)))?.Stats;
                if (s is not null)
                {
                    p.Add(TypedParameter.ULLong(n + ".rd.reqs", (ulong)s.RdOperations));
                    p.Add(TypedParameter.ULLong(n + ".rd.bytes", (ulong)s.RdBytes));
                    p.Add(TypedParameter.ULLong(n + ".rd.times", (ulong)s.RdTotalTimeNs));
                    p.Add(TypedParameter.ULLong(n + ".wr.reqs", (ulong)s.WrOperations));
                    p.Add(TypedParameter.ULLong(n + ".wr.bytes", (ulong)s.WrBytes));
                    p.Add(TypedParameter.ULLong(n + ".wr.times", (ulong)s.WrTotalTimeNs));
                    p.Add(TypedParameter.ULLong(n + ".fl.reqs", (ulong)s.FlushOperations));
                    p.Add(TypedParameter.ULLong(n + ".fl.times", (ulong)s.FlushTotalTimeNs));
                }
                if (disk.SourcePath is { } file && File.Exists(file))
                {
                    try
                    {
                        var info = ReadBlockInfo(file, disk.DriverType ?? "raw");
                        p.Add(TypedParameter.ULLong(n + ".allocation", info.Allocation));
                        p.Add(TypedParameter.ULLong(n + ".capacity", info.Capacity));
                        p.Add(TypedParameter.ULLong(n + ".physical", info.Physical));
                    }
                    catch (Vireo.Protocol.Errors.LibvirtException)
                    {
                        // An unreadable image: its sizes are left out, as libvirt leaves out what it cannot query.
                    }
                }
            }
        }
        return p;
    }

    private static string BalloonField(int tag) => tag switch
    {
        SwapIn => "swap_in",
        SwapOut => "swap_out",
        MajorFault => "major_fault",
        MinorFault => "minor_fault",
        Unused => "unused",
        Available => "available",
        Rss => "rss",
        Usable => "usable",
        LastUpdate => "last-update",
        DiskCaches => "disk_caches",
        HugetlbAlloc => "hugetlb_pgalloc",
        HugetlbFail => "hugetlb_pgfail",
        _ => "tag" + tag.ToString(CultureInfo.InvariantCulture),
    };

    private static (ulong User, ulong System) UserSystemNs(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var f = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            ulong ns = 1_000_000_000UL / ClockTicksPerSecond;
            return (ulong.Parse(f[11], CultureInfo.InvariantCulture) * ns, ulong.Parse(f[12], CultureInfo.InvariantCulture) * ns);
        }
        catch (Exception e) when (e is IOException or FormatException or IndexOutOfRangeException)
        {
            return (0, 0);
        }
    }
}
