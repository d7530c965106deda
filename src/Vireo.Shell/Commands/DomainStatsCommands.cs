using System.Text;
using Vireo.Client.Api;
using Vireo.Protocol.Errors;
using Vireo.Protocol.Remote;
using Vireo.Shell.Output;
using Vireo.Shell.Output.Json;
using Vireo.Shell.Runtime;

namespace Vireo.Shell.Commands;

/// <summary>domblkstat, domifstat, domifaddr, domjobinfo (virsh-domain-monitor.c, virsh-domain.c).</summary>
public static class DomainStatsCommands
{
    /// <summary>domblkstat_output: field, legacy name, human explanation, in virsh's print order.</summary>
    private static readonly (string Field, string? Legacy, string Human)[] BlockFields =
    [
        (BlockStats.ReadRequests, "rd_req", "number of read operations:"),
        (BlockStats.ReadBytes, "rd_bytes", "number of bytes read:"),
        (BlockStats.WriteRequests, "wr_req", "number of write operations:"),
        (BlockStats.WriteBytes, "wr_bytes", "number of bytes written:"),
        (BlockStats.Errors, "errs", "error count:"),
        (BlockStats.FlushRequests, null, "number of flush operations:"),
        (BlockStats.ReadTotalTimes, null, "total duration of reads (ns):"),
        (BlockStats.WriteTotalTimes, null, "total duration of writes (ns):"),
        (BlockStats.FlushTotalTimes, null, "total duration of flushes (ns):"),
    ];

    public static void Register(Dictionary<string, CommandHandler> map)
    {
        map["domblkstat"] = DomBlkStat;
        map["domifstat"] = DomIfStat;
        map["domifaddr"] = DomIfAddr;
        map["domjobinfo"] = DomJobInfo;
        map["domjobabort"] = DomJobAbort;
    }

    private static async Task<bool> DomBlkStat(CommandContext ctx)
    {
        bool human = ctx.Has("human");
        var (dom, name) = await ctx.LookupDomainAsync().ConfigureAwait(false);
        if (dom is null) return false;
        if (!ctx.TryString("device", out var device)) return false;
        device ??= "";
        IReadOnlyList<TypedParameter> parameters;
        try
        {
            parameters = await dom.BlockStatsFlagsAsync(device).ConfigureAwait(false);
        }
        catch (LibvirtException e) when (e.Code == ErrorCode.NoSupport)
        {
            // older servers: the fixed-field call, printing only the counters it knows (those not -1)
            ctx.ResetError();
            Protocol.Remote.Messages.DomainBlockStatsRet legacy;
            try
            {
                legacy = await dom.BlockStatsLegacyAsync(device).ConfigureAwait(false);
            }
            catch (LibvirtException e2)
            {
                ctx.Save(e2);
                ctx.Error($"Failed to get block stats {name} {device}");
                return false;
            }
            var list = new List<TypedParameter>();
            void Add(string f, long v) { if (v >= 0) list.Add(TypedParameter.LLong(f, v)); }
            Add(BlockStats.ReadRequests, legacy.RdReq);
            Add(BlockStats.ReadBytes, legacy.RdBytes);
            Add(BlockStats.WriteRequests, legacy.WrReq);
            Add(BlockStats.WriteBytes, legacy.WrBytes);
            Add(BlockStats.Errors, legacy.Errs);
            parameters = list;
        }
        var stats = new BlockStats(parameters, Legacy: false);

        var sb = new StringBuilder();
        var json = new Dictionary<string, long>();
        string prefix = device;
        if (human)
        {
            sb.Append($"Device: {device}\n");
            prefix = "";
        }
        var printed = new HashSet<string>();
        foreach (var (field, legacy, humanText) in BlockFields)
        {
            var p = stats.Parameters.FirstOrDefault(x => x.Field == field);
            if (p is null) continue;
            printed.Add(field);
            string label = human ? humanText : legacy ?? field;
            string value = Fmt.Param(p);
            sb.Append(prefix).Append(' ').Append(human ? Fmt.Left(label, 31) : label).Append(' ').Append(value).Append('\n');
            json[legacy ?? field] = p.IntegerValue;
        }
        foreach (var p in stats.Parameters.Where(p => !printed.Contains(p.Field)))
        {
            sb.Append(prefix).Append(' ').Append(p.Field).Append(' ').Append(Fmt.Param(p)).Append('\n');
            json[p.Field] = p.IntegerValue;
        }
        if (ctx.Json) ctx.PrintJson(new BlockStatsJson(device, json), VshJson.Output.BlockStatsJson);
        else ctx.Print(sb.ToString());
        return true;
    }

    private static async Task<bool> DomIfStat(CommandContext ctx)
    {
        var (dom, name) = await ctx.LookupDomainAsync().ConfigureAwait(false);
        if (dom is null) return false;
        if (!ctx.TryString("interface", out var device)) return false;
        InterfaceStats s;
        try
        {
            s = await dom.InterfaceStatsAsync(device!).ConfigureAwait(false);
        }
        catch (LibvirtException e)
        {
            ctx.Save(e);
            ctx.Error($"Failed to get interface stats {name} {device}");
            return false;
        }
        if (ctx.Json)
        {
            static long? N(long v) => v >= 0 ? v : null;
            ctx.PrintJson(new InterfaceStatsJson(device!, N(s.RxBytes), N(s.RxPackets), N(s.RxErrors), N(s.RxDrops),
                N(s.TxBytes), N(s.TxPackets), N(s.TxErrors), N(s.TxDrops)), VshJson.Output.InterfaceStatsJson);
            return true;
        }
        var sb = new StringBuilder();
        void Line(string field, long v)
        {
            if (v >= 0) sb.Append(device).Append(' ').Append(field).Append(' ').Append(Fmt.Num(v)).Append('\n');
        }
        Line("rx_bytes", s.RxBytes);
        Line("rx_packets", s.RxPackets);
        Line("rx_errs", s.RxErrors);
        Line("rx_drop", s.RxDrops);
        Line("tx_bytes", s.TxBytes);
        Line("tx_packets", s.TxPackets);
        Line("tx_errs", s.TxErrors);
        Line("tx_drop", s.TxDrops);
        ctx.Print(sb.ToString());
        return true;
    }

    private static async Task<bool> DomIfAddr(CommandContext ctx)
    {
        bool full = ctx.Has("full");
        if (!ctx.TryString("interface", out var iface) || !ctx.TryString("source", out var sourceText)) return false;
        var source = InterfaceAddressSource.Lease;
        if (sourceText is not null)
        {
            int idx = Array.IndexOf(["lease", "agent", "arp"], sourceText);
            if (idx < 0)
            {
                ctx.Error($"Unknown data source '{sourceText}'");
                return false;
            }
            source = (InterfaceAddressSource)idx;
        }
        var (dom, _) = await ctx.LookupDomainAsync().ConfigureAwait(false);
        if (dom is null) return false;
        IReadOnlyList<DomainInterfaceAddresses> ifaces;
        try
        {
            ifaces = await dom.InterfaceAddressesAsync(source).ConfigureAwait(false);
        }
        catch (LibvirtException e)
        {
            ctx.Save(e);
            ctx.Error("Failed to query for interfaces addresses");
            return false;
        }
        if (ctx.Json)
        {
            var list = ifaces.Where(i => iface is null || i.Name == iface)
                .Select(i => new InterfaceAddressesJson(i.Name, i.HardwareAddress,
                    i.Addresses.Select(a => new IpAddressJson(a.Type == 1 ? "ipv6" : "ipv4", a.Address, a.Prefix)).ToList()))
                .ToList();
            ctx.PrintJson(list, VshJson.Output.ListInterfaceAddressesJson);
            return true;
        }
        var sb = new StringBuilder();
        if (!ctx.Out.Quiet)
            sb.Append(' ').Append(Fmt.Left("Name", 10)).Append(' ').Append(Fmt.Left("MAC address", 20)).Append(' ')
              .Append(Fmt.Left("Protocol", 8)).Append("     Address\n")
              .Append("-------------------------------------------------").Append("------------------------------").Append('\n');
        foreach (var i in ifaces)
        {
            if (iface is not null && iface != i.Name) continue;
            if (i.Addresses.Count == 0)
            {
                sb.Append(' ').Append(Fmt.Left(i.Name, 10)).Append(' ').Append(Fmt.Left(i.HardwareAddress ?? "N/A", 17)).Append("    ")
                  .Append(Fmt.Left("N/A", 12)).Append(" N/A\n");
                continue;
            }
            for (int j = 0; j < i.Addresses.Count; j++)
            {
                var a = i.Addresses[j];
                string type = a.Type switch { 0 => "ipv4", 1 => "ipv6", _ => "" };
                string addr = Fmt.Left(type, 12) + " " + a.Address + "/" + a.Prefix;
                if (full || j == 0)
                    sb.Append(' ').Append(Fmt.Left(i.Name, 10)).Append(' ').Append(Fmt.Left(i.HardwareAddress ?? "", 17)).Append("    ").Append(addr).Append('\n');
                else
                    sb.Append(' ').Append(Fmt.Left("-", 10)).Append(' ').Append(Fmt.Left("-", 17)).Append("    ").Append(addr).Append('\n');
            }
        }
        ctx.Print(sb.ToString());
        return true;
    }

    private static async Task<bool> DomJobAbort(CommandContext ctx)
    {
        var (dom, _) = await ctx.LookupDomainAsync().ConfigureAwait(false);
        if (dom is null) return false;
        if (ctx.Has("postcopy")) await dom.AbortJobFlagsAsync(1).ConfigureAwait(false);
        else await dom.AbortJobAsync().ConfigureAwait(false);
        return true;
    }

    private static async Task<bool> DomJobInfo(CommandContext ctx)
    {
        bool raw = ctx.Has("rawstats");
        if (!ctx.Require("keep-completed", "completed")) return false;
        var (dom, _) = await ctx.LookupDomainAsync().ConfigureAwait(false);
        if (dom is null) return false;
        var flags = DomainJobStatsFlags.None;
        if (ctx.Has("completed")) flags |= DomainJobStatsFlags.Completed;
        if (ctx.Has("keep-completed")) flags |= DomainJobStatsFlags.KeepCompleted;

        DomainJobStats stats;
        try
        {
            stats = await dom.GetJobStatsRawAsync(flags).ConfigureAwait(false);
        }
        catch (LibvirtException e) when (e.Code == ErrorCode.NoSupport)
        {
            if (flags != DomainJobStatsFlags.None || raw)
            {
                ctx.Error("Optional flags or --rawstats are not supported by the daemon");
                return false;
            }
            ctx.ResetError();
            var legacy = await dom.GetJobInfoAsync().ConfigureAwait(false);
            stats = new DomainJobStats(legacy.Type, [], Legacy: true);
            return Print(ctx, stats, legacy, flags, raw);
        }
        return Print(ctx, stats, stats.ToJobInfo(), flags, raw);
    }

    private static bool Print(CommandContext ctx, DomainJobStats stats, DomainJobInfo info, DomainJobStatsFlags flags, bool raw)
    {
        if (ctx.Json)
        {
            int? op = stats.GetInt("operation");
            var dict = stats.Parameters.ToDictionary(p => p.Field, Fmt.Param);
            if (stats.Legacy)
            {
                dict["time_elapsed"] = Fmt.Num(info.TimeElapsed);
                dict["time_remaining"] = Fmt.Num(info.TimeRemaining);
                dict["data_total"] = Fmt.Num(info.DataTotal);
                dict["data_processed"] = Fmt.Num(info.DataProcessed);
                dict["data_remaining"] = Fmt.Num(info.DataRemaining);
            }
            ctx.PrintJson(new JobInfoJson(DomainText.JobType(info.Type), info.Type == DomainJobType.None ? null : DomainText.JobOperation(op ?? 0), dict),
                VshJson.Output.JobInfoJson);
            return true;
        }
        var sb = new StringBuilder();
        if (raw)
        {
            sb.Append($"Job type: {(int)info.Type}\n\n");
            foreach (var p in stats.Parameters) sb.Append(p.Field).Append(": ").Append(Fmt.Param(p)).Append('\n');
            ctx.Print(sb.ToString());
            return true;
        }
        void L(string key, string value) => sb.Append(Fmt.Left(key, 17)).Append(' ').Append(value).Append('\n');
        string U12(ulong v) => Fmt.Left(Fmt.Num(v), 12);
        string Size(ulong v)
        {
            var (val, unit) = Fmt.PrettyCapacity(v);
            return Fmt.Fixed(val, 3) + " " + unit;
        }
        L("Job type:", Fmt.Left(DomainText.JobType(info.Type), 12));
        if (info.Type == DomainJobType.None)
        {
            ctx.Print(sb.ToString());
            return true;
        }
        L("Operation:", Fmt.Left(DomainText.JobOperation(stats.GetInt("operation") ?? 0), 12));
        if (!ctx.Has("anystats") && info.Type != DomainJobType.Bounded && info.Type != DomainJobType.Unbounded
            && (!flags.HasFlag(DomainJobStatsFlags.Completed) || info.Type != DomainJobType.Completed))
        {
            ctx.Print(sb.ToString());
            return true;
        }
        L("Time elapsed:", U12(info.TimeElapsed) + " ms");
        if (stats.GetULong("time_elapsed_net") is { } ten) L("Time elapsed w/o network:", U12(ten) + " ms");
        if (info.Type == DomainJobType.Bounded) L("Time remaining:", U12(info.TimeRemaining) + " ms");
        if (info.DataTotal != 0 || info.DataRemaining != 0 || info.DataProcessed != 0)
        {
            L("Data processed:", Size(info.DataProcessed));
            L("Data remaining:", Size(info.DataRemaining));
            L("Data total:", Size(info.DataTotal));
        }
        if (info.MemoryTotal != 0 || info.MemoryRemaining != 0 || info.MemoryProcessed != 0)
        {
            L("Memory processed:", Size(info.MemoryProcessed));
            L("Memory remaining:", Size(info.MemoryRemaining));
            L("Memory total:", Size(info.MemoryTotal));
            if (stats.GetULong("memory_bps") is { } bps and not 0) L("Memory bandwidth:", Size(bps) + "/s");
            if (stats.GetULong("memory_dirty_rate") is { } dr) L("Dirty rate:", U12(dr) + " pages/s");
            if (stats.GetULong("memory_page_size") is { } ps) L("Page size:", U12(ps) + " bytes");
            if (stats.GetULong("memory_iteration") is { } it) L("Iteration:", U12(it));
            if (stats.GetULong("memory_postcopy_requests") is { } pr) L("Postcopy requests:", U12(pr));
        }
        if (info.FileTotal != 0 || info.FileRemaining != 0 || info.FileProcessed != 0)
        {
            L("File processed:", Size(info.FileProcessed));
            L("File remaining:", Size(info.FileRemaining));
            L("File total:", Size(info.FileTotal));
            if (stats.GetULong("disk_bps") is { } dbps and not 0) L("File bandwidth:", Size(dbps) + "/s");
        }
        if (stats.GetULong("memory_constant") is { } mc) L("Constant pages:", U12(mc));
        if (stats.GetULong("memory_normal") is { } mn) L("Normal pages:", U12(mn));
        if (stats.GetULong("memory_normal_bytes") is { } mnb) L("Normal data:", Size(mnb));
        if (stats.GetULong("downtime") is { } dt) L(info.Type == DomainJobType.Completed ? "Total downtime:" : "Expected downtime:", U12(dt) + " ms");
        if (stats.GetULong("downtime_net") is { } dtn) L("Downtime w/o network:", U12(dtn) + " ms");
        if (stats.GetULong("setup_time") is { } st) L("Setup time:", U12(st) + " ms");
        if (stats.GetULong("compression_cache") is { } cc) L("Compression cache:", Size(cc));
        if (stats.GetULong("compression_bytes") is { } cb) L("Compressed data:", Size(cb));
        if (stats.GetULong("compression_pages") is { } cp) L("Compressed pages:", Fmt.Left(Fmt.Num(cp), 13));
        if (stats.GetULong("compression_cache_misses") is { } cm) L("Compression cache misses:", Fmt.Left(Fmt.Num(cm), 13));
        if (stats.GetULong("compression_overflow") is { } co) L("Compression overflows:", Fmt.Left(Fmt.Num(co), 13));
        if (stats.GetInt("auto_converge_throttle") is { } act) L("Auto converge throttle:", Fmt.Left(Fmt.Num(act), 13));
        if (stats.GetULong("disk_temp_used") is { } dtu) L("Temporary disk space use:", Size(dtu));
        if (stats.GetULong("disk_temp_total") is { } dtt) L("Temporary disk space total:", Size(dtt));
        if (stats.GetString("errmsg") is { } err) L("Error message:", err);
        ctx.Print(sb.ToString());
        return true;
    }
}
