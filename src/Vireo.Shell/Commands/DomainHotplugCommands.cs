using System.Globalization;
using System.Xml.Linq;
using Vireo.Client.Api;
using Vireo.Protocol.Errors;
using Vireo.Shell.Runtime;

namespace Vireo.Shell.Commands;

/// <summary>dommemstat, vcpucount, emulatorpin, update-device and change-media (virsh-domain.c, virsh-domain-monitor.c).</summary>
public static class DomainHotplugCommands
{
    public static void Register(Dictionary<string, CommandHandler> map)
    {
        map["dommemstat"] = DomMemStat;
        map["vcpucount"] = VcpuCount;
        map["emulatorpin"] = EmulatorPin;
        map["update-device"] = UpdateDevice;
        map["change-media"] = ChangeMedia;
    }

    // VIR_DOMAIN_MEMORY_STAT_* names as virsh prints them.
    private static readonly string[] MemStatNames =
        ["swap_in", "swap_out", "major_fault", "minor_fault", "unused", "available", "actual", "rss", "usable", "last_update", "disk_caches", "hugetlb_pgalloc", "hugetlb_pgfail"];

    private static async Task<bool> DomMemStat(CommandContext ctx)
    {
        bool config = ctx.Has("config"), live = ctx.Has("live"), current = ctx.Has("current");
        if (!ctx.ExclusiveVar("current", current, "live", live) || !ctx.ExclusiveVar("current", current, "config", config))
            return false;
        var (dom, _) = await ctx.LookupDomainAsync().ConfigureAwait(false);
        if (dom is null) return false;
        int rv = ctx.OptInt("period", out int period);
        if (rv < 0)
            return false;
        if (rv > 0)
        {
            // As virsh: setting the period prints nothing; the statistics are not shown.
            if (period < 0)
            {
                ctx.Error($"Invalid collection period value '{period}'");
                return false;
            }
            var impact = DomainAffect.Current;
            if (config) impact |= DomainAffect.Config;
            if (live) impact |= DomainAffect.Live;
            // virsh: with no impact option, a running domain is changed live.
            if (!current && !live && !config && await dom.IsActiveAsync().ConfigureAwait(false))
                impact |= DomainAffect.Live;
            try
            {
                await dom.SetMemoryStatsPeriodAsync(period, impact).ConfigureAwait(false);
                return true;
            }
            catch (LibvirtException e)
            {
                ctx.Save(e);
                ctx.Error("Unable to change balloon collection period.");
                return false;
            }
        }
        IReadOnlyList<Protocol.Remote.Messages.DomainMemoryStat> stats;
        try
        {
            stats = await dom.MemoryStatsAsync(13, 0).ConfigureAwait(false);
        }
        catch (LibvirtException e)
        {
            ctx.Save(e);
            ctx.Error("Failed to get memory statistics for domain");
            return false;
        }
        var sb = new System.Text.StringBuilder();
        foreach (var s in stats)
            if (s.Tag >= 0 && s.Tag < MemStatNames.Length)
                sb.Append(CultureInfo.InvariantCulture, $"{MemStatNames[s.Tag]} {s.Val}\n");
        ctx.Print(sb.ToString());
        return true;
    }

    private static async Task<bool> VcpuCount(CommandContext ctx)
    {
        bool maximum = ctx.Has("maximum"), active = ctx.Has("active"), live = ctx.Has("live"), config = ctx.Has("config"), current = ctx.Has("current");
        if (!ctx.ExclusiveVar("current", current, "live", live) || !ctx.ExclusiveVar("current", current, "config", config)
            || !ctx.ExclusiveVar("active", active, "maximum", maximum))
            return false;
        var (dom, _) = await ctx.LookupDomainAsync().ConfigureAwait(false);
        if (dom is null) return false;
        try
        {
            if (maximum || active || live || config || current)
            {
                var f = DomainVcpuFlags.Current;
                if (live) f |= DomainVcpuFlags.Live;
                if (config) f |= DomainVcpuFlags.Config;
                if (maximum) f |= DomainVcpuFlags.Maximum;
                ctx.Print((await dom.GetVcpusFlagsAsync(f).ConfigureAwait(false)).ToString(CultureInfo.InvariantCulture) + "\n");
                return true;
            }
            bool running = await dom.IsActiveAsync().ConfigureAwait(false);
            var sb = new System.Text.StringBuilder();
            foreach (var (what, m) in new[] { ("maximum", DomainVcpuFlags.Maximum), ("current", DomainVcpuFlags.Current) })
                foreach (var (where, w) in new[] { ("config", DomainVcpuFlags.Config), ("live", DomainVcpuFlags.Live) })
                {
                    if (w == DomainVcpuFlags.Live && !running) continue;
                    int n = await dom.GetVcpusFlagsAsync(m | w).ConfigureAwait(false);
                    sb.Append(CultureInfo.InvariantCulture, $"{what,-12} {where,-12} {n,3}\n");
                }
            ctx.Print(sb.ToString());
            return true;
        }
        catch (LibvirtException e)
        {
            ctx.Save(e);
            return false;
        }
    }

    private static async Task<bool> EmulatorPin(CommandContext ctx)
    {
        bool config = ctx.Has("config"), live = ctx.Has("live"), current = ctx.Has("current");
        if (!ctx.ExclusiveVar("current", current, "live", live) || !ctx.ExclusiveVar("current", current, "config", config)) return false;
        var flags = DomainAffect.Current;
        if (config) flags |= DomainAffect.Config;
        if (live) flags |= DomainAffect.Live;
        if (!ctx.TryString("cpulist", out var cpulist)) return false;
        var (dom, _) = await ctx.LookupDomainAsync().ConfigureAwait(false);
        if (dom is null) return false;
        int maxcpu = await ctx.Conn.GetCpuCountWithFallbackAsync().ConfigureAwait(false);
        try
        {
            if (cpulist is null)
            {
                var map = await dom.GetEmulatorPinInfoAsync((maxcpu + 7) / 8, flags).ConfigureAwait(false);
                ctx.PrintExtra("emulator: CPU Affinity\n----------------------------------\n");
                ctx.Print($"       *: {Output.Fmt.BitmapRanges(map)}\n");
                return true;
            }
            var set = new SortedSet<int>();
            if (cpulist.StartsWith('r'))
                for (int i = 0; i < maxcpu; i++) set.Add(i);
            else if (!CpuSet.TryParse(cpulist, 1024, set) || set.Count == 0 || set.Max >= maxcpu)
            {
                ctx.Error($"Invalid cpulist '{cpulist}'");
                return false;
            }
            var bytes = new byte[set.Max / 8 + 1];
            foreach (int cpu in set) bytes[cpu / 8] |= (byte)(1 << (cpu % 8));
            await dom.PinEmulatorAsync(bytes, flags).ConfigureAwait(false);
            return true;
        }
        catch (LibvirtException e)
        {
            ctx.Save(e);
            return false;
        }
    }

    private static bool Affect(CommandContext ctx, out DomainAffect flags)
    {
        bool current = ctx.Has("current"), config = ctx.Has("config") || ctx.Has("persistent"), live = ctx.Has("live");
        flags = DomainAffect.Current;
        if (!ctx.ExclusiveVar("current", current, "live", live) || !ctx.ExclusiveVar("current", current, "config", config)) return false;
        if (config) flags |= DomainAffect.Config;
        if (live) flags |= DomainAffect.Live;
        return true;
    }

    private static async Task<bool> UpdateDevice(CommandContext ctx)
    {
        if (!Affect(ctx, out var flags)) return false;
        var (dom, _) = await ctx.LookupDomainAsync().ConfigureAwait(false);
        if (dom is null) return false;
        if (ctx.Has("persistent") && await dom.IsActiveAsync().ConfigureAwait(false)) flags |= DomainAffect.Live;
        if (!ctx.TryString("file", out var from)) return false;
        var xml = ctx.ReadFile(from!);
        if (xml is null) return false;
        uint force = ctx.Has("force") ? 4u : 0;
        return await DomainLifecycleCommands.Act(ctx, () => dom.UpdateDeviceFlagsAsync(xml, flags | (DomainAffect)force),
            $"Failed to update device from {from}", "Device updated successfully\n").ConfigureAwait(false);
    }

    /// <summary>change-media: the disk's element from the domain XML with its source removed (--eject) or replaced (--insert/--update).</summary>
    private static async Task<bool> ChangeMedia(CommandContext ctx)
    {
        bool eject = ctx.Has("eject"), insert = ctx.Has("insert"), update = ctx.Has("update");
        if (!ctx.ExclusiveVar("eject", eject, "insert", insert) || !ctx.ExclusiveVar("eject", eject, "update", update)
            || !ctx.ExclusiveVar("insert", insert, "update", update))
            return false;
        if (!eject && !insert) update = true;
        if (!Affect(ctx, out var flags)) return false;
        if (!ctx.TryString("path", out var path) || !ctx.TryString("source", out var source)) return false;
        if (source is null && !eject)
        {
            ctx.Error("No disk source specified for change-media action");
            return false;
        }
        var (dom, _) = await ctx.LookupDomainAsync().ConfigureAwait(false);
        if (dom is null) return false;
        var domXml = await dom.GetXmlDescAsync(flags.HasFlag(DomainAffect.Config) ? DomainXmlFlags.Inactive : 0).ConfigureAwait(false);
        var disk = XDocument.Parse(domXml).Root?.Element("devices")?.Elements("disk").FirstOrDefault(d =>
            (string?)d.Element("target")?.Attribute("dev") == path || d.Element("source")?.Attributes().Any(a => a.Value == path) == true);
        if (disk is null)
        {
            ctx.Error($"No disk found whose source path or target is {path}");
            return false;
        }
        if ((string?)disk.Attribute("device") is not ("cdrom" or "floppy"))
        {
            ctx.Error($"The disk device '{path}' is not removable");
            return false;
        }
        if (insert && disk.Element("source") is not null)
        {
            ctx.Error($"The disk device '{path}' already has media");
            return false;
        }
        disk.Element("source")?.Remove();
        disk.Element("alias")?.Remove();
        if (!eject)
        {
            var src = new XElement("source", new XAttribute((string?)disk.Attribute("type") == "block" ? "dev" : "file", source!));
            if (disk.Element("driver") is { } drv) drv.AddAfterSelf(src);
            else disk.AddFirst(src);
        }
        if (ctx.Has("print-xml"))
        {
            ctx.Print(disk.ToString() + "\n");
            return true;
        }
        uint force = ctx.Has("force") ? 4u : 0;
        string ok = eject ? "Successfully ejected media.\n" : insert ? "Successfully inserted media.\n" : "Successfully updated media.\n";
        string fail = eject ? "Failed to complete action eject on media" : insert ? "Failed to complete action insert on media" : "Failed to complete action update on media";
        return await DomainLifecycleCommands.Act(ctx, () => dom.UpdateDeviceFlagsAsync(disk.ToString(), flags | (DomainAffect)force), fail, ok).ConfigureAwait(false);
    }
}
