using System.Text;
using System.Xml.Linq;
using Vireo.Client.Api;
using Vireo.Protocol.Errors;
using Vireo.Shell.Output;
using Vireo.Shell.Output.Json;
using Vireo.Shell.Runtime;

namespace Vireo.Shell.Commands;

/// <summary>Memory and vCPU commands: setmem, setmaxmem, setvcpus, vcpuinfo, vcpupin (virsh-domain.c).</summary>
public static class DomainConfigCommands
{
    public static void Register(Dictionary<string, CommandHandler> map)
    {
        map["setmem"] = SetMem;
        map["setmaxmem"] = SetMaxMem;
        map["setvcpus"] = SetVcpus;
        map["vcpuinfo"] = VcpuInfo;
        map["vcpupin"] = VcpuPin;
    }

    private static async Task<bool> SetMem(CommandContext ctx)
    {
        bool config = ctx.Has("config"), live = ctx.Has("live"), current = ctx.Has("current");
        if (!ctx.ExclusiveVar("current", current, "live", live) || !ctx.ExclusiveVar("current", current, "config", config)) return false;
        var flags = DomainMemoryFlags.Live;
        if (config || live || current)
        {
            flags = DomainMemoryFlags.Current;
            if (config) flags |= DomainMemoryFlags.Config;
            if (live) flags |= DomainMemoryFlags.Live;
        }
        var (dom, _) = await ctx.LookupDomainAsync().ConfigureAwait(false);
        if (dom is null) return false;
        if (ctx.OptScaled("size", out ulong bytes, 1024, ulong.MaxValue) < 0) return false;
        await dom.SetMemoryFlagsAsync(DivUp(bytes, 1024), flags).ConfigureAwait(false);
        return true;
    }

    private static async Task<bool> SetMaxMem(CommandContext ctx)
    {
        bool config = ctx.Has("config"), live = ctx.Has("live"), current = ctx.Has("current");
        if (!ctx.ExclusiveVar("current", current, "live", live) || !ctx.ExclusiveVar("current", current, "config", config)) return false;
        var flags = DomainMemoryFlags.Current;
        if (config) flags |= DomainMemoryFlags.Config;
        if (live) flags |= DomainMemoryFlags.Live;
        var (dom, _) = await ctx.LookupDomainAsync().ConfigureAwait(false);
        if (dom is null) return false;
        if (ctx.OptScaled("size", out ulong bytes, 1024, ulong.MaxValue) < 0) return false;
        try
        {
            await dom.SetMemoryFlagsAsync(DivUp(bytes, 1024), flags | DomainMemoryFlags.Maximum).ConfigureAwait(false);
        }
        catch (LibvirtException e)
        {
            ctx.Save(e);
            ctx.Error("Unable to change MaxMemorySize");
            return false;
        }
        return true;
    }

    private static ulong DivUp(ulong v, ulong d) => v / d + (v % d != 0 ? 1UL : 0UL);

    private static async Task<bool> SetVcpus(CommandContext ctx)
    {
        bool maximum = ctx.Has("maximum"), config = ctx.Has("config"), live = ctx.Has("live"), current = ctx.Has("current");
        bool guest = ctx.Has("guest"), hotpluggable = ctx.Has("hotpluggable");
        if (!ctx.ExclusiveVar("current", current, "live", live) || !ctx.ExclusiveVar("current", current, "config", config)
            || !ctx.ExclusiveVar("guest", guest, "config", config) || !ctx.RequireVar("maximum", maximum, "config", config))
            return false;
        var flags = DomainVcpuFlags.Current;
        if (config) flags |= DomainVcpuFlags.Config;
        if (live) flags |= DomainVcpuFlags.Live;
        if (guest) flags |= DomainVcpuFlags.Guest;
        if (maximum) flags |= DomainVcpuFlags.Maximum;
        if (hotpluggable) flags |= DomainVcpuFlags.Hotpluggable;
        var (dom, _) = await ctx.LookupDomainAsync().ConfigureAwait(false);
        if (dom is null) return false;
        if (ctx.OptUInt("count", out uint count) < 0) return false;
        if (count == 0)
        {
            ctx.Error("Can't set 0 processors for a VM");
            return false;
        }
        if (!current && flags == DomainVcpuFlags.Current) await dom.SetVcpusAsync(count).ConfigureAwait(false);
        else await dom.SetVcpusFlagsAsync(count, flags).ConfigureAwait(false);
        return true;
    }

    private static int MapLength(int maxcpu) => (maxcpu + 7) / 8;

    private static bool CpuUsed(ReadOnlySpan<byte> map, int cpu) => cpu / 8 < map.Length && (map[cpu / 8] & (1 << (cpu % 8))) != 0;

    private static string Affinity(ReadOnlySpan<byte> map, int maxcpu, bool pretty)
    {
        if (pretty) return $"{Fmt.BitmapRanges(map)} (out of {maxcpu})";
        var sb = new StringBuilder(maxcpu);
        for (int i = 0; i < maxcpu; i++) sb.Append(CpuUsed(map, i) ? 'y' : '-');
        return sb.ToString();
    }

    private static List<int> AffinityList(ReadOnlySpan<byte> map, int maxcpu)
    {
        var list = new List<int>();
        for (int i = 0; i < maxcpu; i++) if (CpuUsed(map, i)) list.Add(i);
        return list;
    }

    private static async Task<bool> VcpuInfo(CommandContext ctx)
    {
        bool pretty = ctx.Has("pretty");
        var (dom, _) = await ctx.LookupDomainAsync().ConfigureAwait(false);
        if (dom is null) return false;
        int maxcpu = await ctx.Conn.GetCpuCountWithFallbackAsync().ConfigureAwait(false);
        var info = await dom.GetInfoAsync().ConfigureAwait(false);
        int maplen = MapLength(maxcpu);
        var sb = new StringBuilder();
        var json = new List<VcpuInfoJson>();
        DomainVcpus vcpus;
        try
        {
            vcpus = await dom.GetVcpusAsync(info.VirtualCpus, maplen).ConfigureAwait(false);
        }
        catch (LibvirtException) when (info.State == DomainState.Shutoff)
        {
            ctx.ResetError();
            return await VcpuInfoInactiveAsync(ctx, dom, maxcpu, pretty).ConfigureAwait(false);
        }
        for (int n = 0; n < vcpus.Vcpus.Count; n++)
        {
            var v = vcpus.Vcpus[n];
            sb.Append(Fmt.Left("VCPU:", 15)).Append(' ').Append(v.Number).Append('\n');
            sb.Append(Fmt.Left("CPU:", 15)).Append(' ').Append(v.Cpu).Append('\n');
            sb.Append(Fmt.Left("State:", 15)).Append(' ').Append(DomainText.VcpuState(v.State)).Append('\n');
            double used = v.CpuTime / 1000000000.0;
            if (v.CpuTime != 0) sb.Append(Fmt.Left("CPU time:", 15)).Append(' ').Append(Fmt.Fixed(used, 1)).Append("s\n");
            sb.Append(Fmt.Left("CPU Affinity:", 15)).Append(' ').Append(Affinity(vcpus.MapOf(n), maxcpu, pretty)).Append('\n');
            if (n < vcpus.Vcpus.Count - 1) sb.Append('\n');
            json.Add(new VcpuInfoJson((int)v.Number, v.Cpu, DomainText.VcpuState(v.State), used,
                Fmt.BitmapRanges(vcpus.MapOf(n)), AffinityList(vcpus.MapOf(n), maxcpu)));
        }
        if (ctx.Json) ctx.PrintJson(json, VshJson.Output.ListVcpuInfoJson);
        else ctx.Print(sb.ToString());
        return true;
    }

    /// <summary>virshVcpuinfoInactive: pinning of the persistent definition, for a domain that is not running.</summary>
    private static async Task<bool> VcpuInfoInactiveAsync(CommandContext ctx, Domain dom, int maxcpu, bool pretty)
    {
        var enabled = await VcpuBitmapAsync(ctx, dom).ConfigureAwait(false);
        if (enabled is null) return false;
        int maplen = MapLength(maxcpu);
        var pins = await dom.GetVcpuPinInfoAsync(enabled.Length, maplen, DomainAffect.Config).ConfigureAwait(false);
        var sb = new StringBuilder();
        var json = new List<VcpuInfoJson>();
        bool first = true;
        for (int v = 0; v < enabled.Length; v++)
        {
            if (!enabled[v]) continue;
            if (!first) sb.Append('\n');
            first = false;
            var map = v < pins.Vcpus.Count ? pins.MapOf(v) : ReadOnlySpan<byte>.Empty;
            sb.Append(Fmt.Left("VCPU:", 15)).Append(' ').Append(v).Append('\n');
            sb.Append(Fmt.Left("CPU:", 15)).Append(" N/A\n");
            sb.Append(Fmt.Left("State:", 15)).Append(" N/A\n");
            sb.Append(Fmt.Left("CPU time", 15)).Append(" N/A\n");
            sb.Append(Fmt.Left("CPU Affinity:", 15)).Append(' ').Append(Affinity(map, maxcpu, pretty)).Append('\n');
            json.Add(new VcpuInfoJson(v, null, null, null, Fmt.BitmapRanges(map), AffinityList(map, maxcpu)));
        }
        if (ctx.Json) ctx.PrintJson(json, VshJson.Output.ListVcpuInfoJson);
        else ctx.Print(sb.ToString());
        return true;
    }

    /// <summary>virshDomainGetVcpuBitmap: which vCPUs of the inactive definition are enabled.</summary>
    private static async Task<bool[]?> VcpuBitmapAsync(CommandContext ctx, Domain dom)
    {
        string xml;
        try
        {
            xml = await dom.GetXmlDescAsync(DomainXmlFlags.Inactive).ConfigureAwait(false);
        }
        catch (LibvirtException e)
        {
            ctx.Save(e);
            ctx.Error("Failed to get domain description xml");
            return null;
        }
        var root = XDocument.Parse(xml).Root!;
        var vcpu = root.Element("vcpu");
        if (vcpu is null || !uint.TryParse(vcpu.Value.Trim(), out uint max))
        {
            ctx.Error("Failed to retrieve maximum vcpu count");
            return null;
        }
        uint cur = uint.TryParse(vcpu.Attribute("current")?.Value, out uint c) ? c : 0;
        if (cur == 0) cur = max;
        var map = new bool[max];
        var nodes = root.Element("vcpus")?.Elements("vcpu").ToList() ?? [];
        if (nodes.Count == 0)
        {
            for (int i = 0; i < cur && i < map.Length; i++) map[i] = true;
            return map;
        }
        foreach (var n in nodes)
        {
            if (!uint.TryParse(n.Attribute("id")?.Value, out uint id) || n.Attribute("enabled")?.Value is not { } on) continue;
            if (on == "yes" && id < map.Length) map[id] = true;
        }
        if (map.Count(b => b) != cur)
        {
            ctx.Error("Failed to retrieve vcpu state bitmap");
            return null;
        }
        return map;
    }

    private static async Task<bool> VcpuPin(CommandContext ctx)
    {
        bool config = ctx.Has("config"), live = ctx.Has("live"), current = ctx.Has("current");
        if (!ctx.ExclusiveVar("current", current, "live", live) || !ctx.ExclusiveVar("current", current, "config", config)) return false;
        var flags = DomainAffect.Current;
        if (config) flags |= DomainAffect.Config;
        if (live) flags |= DomainAffect.Live;
        if (!ctx.TryString("cpulist", out var cpulist)) return false;
        if (cpulist is null && !ctx.ExclusiveVar("live", live, "config", config)) return false;
        int gotVcpu = ctx.OptUInt("vcpu", out uint vcpu);
        if (gotVcpu < 0) return false;
        if (cpulist is not null && gotVcpu == 0)
        {
            ctx.Error("vcpupin: Missing vCPU number in pin mode.");
            return false;
        }
        int maxcpu = await ctx.Conn.GetCpuCountWithFallbackAsync().ConfigureAwait(false);
        var (dom, _) = await ctx.LookupDomainAsync().ConfigureAwait(false);
        if (dom is null) return false;

        if (cpulist is null) return await VcpuPinQueryAsync(ctx, dom, vcpu, gotVcpu > 0, maxcpu, flags).ConfigureAwait(false);

        var cpumap = ParseCpuList(ctx, cpulist, maxcpu);
        if (cpumap is null) return false;
        if (flags == DomainAffect.Current && !current) await dom.PinVcpuAsync(vcpu, cpumap).ConfigureAwait(false);
        else await dom.PinVcpuFlagsAsync(vcpu, cpumap, flags).ConfigureAwait(false);
        return true;
    }

    private static async Task<bool> VcpuPinQueryAsync(CommandContext ctx, Domain dom, uint vcpu, bool gotVcpu, int maxcpu, DomainAffect flags)
    {
        int ncpus = await CpuCountCollectAsync(ctx, dom, (DomainVcpuFlags)flags | DomainVcpuFlags.Maximum, checkState: true).ConfigureAwait(false);
        if (ncpus < 0)
        {
            if (ncpus == -1)
                ctx.Error(flags.HasFlag(DomainAffect.Live) ? "cannot get vcpupin for offline domain" : "cannot get vcpupin for transient domain");
            return false;
        }
        if (gotVcpu && vcpu >= ncpus)
        {
            bool liveCount = flags.HasFlag(DomainAffect.Live)
                || !flags.HasFlag(DomainAffect.Config) && await dom.IsActiveAsync().ConfigureAwait(false);
            ctx.Error(liveCount
                ? $"vcpu {vcpu} is out of range of live cpu count {ncpus}"
                : $"vcpu {vcpu} is out of range of persistent cpu count {ncpus}");
            return false;
        }
        int maplen = MapLength(maxcpu);
        DomainVcpus pins;
        try
        {
            pins = await dom.GetVcpuPinInfoAsync(ncpus, maplen, flags).ConfigureAwait(false);
        }
        catch (LibvirtException e)
        {
            // virsh ignores a failing virDomainGetVcpuPinInfo here and prints nothing
            ctx.Save(e);
            return true;
        }
        var table = new TextTable("VCPU", "CPU Affinity");
        for (int i = 0; i < pins.Vcpus.Count; i++)
        {
            if (gotVcpu && i != vcpu) continue;
            table.Add(i.ToString(System.Globalization.CultureInfo.InvariantCulture), Fmt.BitmapRanges(pins.MapOf(i)));
        }
        ctx.Print(table.Render(!ctx.Out.Quiet));
        return true;
    }

    /// <summary>
    /// virshCPUCountCollect: a vCPU count by virDomainGetVcpusFlags, with virsh's fallbacks for older servers.
    /// -1 = not applicable to the domain's state (with <paramref name="checkState"/>), -2 = error.
    /// </summary>
    private static async Task<int> CpuCountCollectAsync(CommandContext ctx, Domain dom, DomainVcpuFlags flags, bool checkState)
    {
        if (checkState)
        {
            if (flags.HasFlag(DomainVcpuFlags.Live) && !await dom.IsActiveAsync().ConfigureAwait(false)) return -1;
            if (flags.HasFlag(DomainVcpuFlags.Config) && !await dom.IsPersistentAsync().ConfigureAwait(false)) return -1;
        }
        try
        {
            return await dom.GetVcpusFlagsAsync(flags).ConfigureAwait(false);
        }
        catch (LibvirtException e) when (e.Code is ErrorCode.NoSupport or ErrorCode.InvalidArg)
        {
            if (flags.HasFlag(DomainVcpuFlags.Guest))
            {
                ctx.Save(e);
                ctx.Error("Failed to retrieve vCPU count from the guest");
                return -2;
            }
            ctx.ResetError();
        }
        catch (LibvirtException e)
        {
            ctx.Save(e);
            return -2;
        }
        if ((flags & (DomainVcpuFlags.Live | DomainVcpuFlags.Config)) == 0 && await dom.IsActiveAsync().ConfigureAwait(false))
            flags |= DomainVcpuFlags.Live;
        if (flags.HasFlag(DomainVcpuFlags.Live))
        {
            if (flags.HasFlag(DomainVcpuFlags.Maximum)) return await dom.GetMaxVcpusAsync().ConfigureAwait(false);
            return (await dom.GetInfoAsync().ConfigureAwait(false)).VirtualCpus;
        }
        var xml = await dom.GetXmlDescAsync(DomainXmlFlags.Inactive).ConfigureAwait(false);
        var vcpu = XDocument.Parse(xml).Root?.Element("vcpu");
        string? text = flags.HasFlag(DomainVcpuFlags.Maximum) ? vcpu?.Value : vcpu?.Attribute("current")?.Value;
        if (!int.TryParse(text?.Trim(), out int count))
        {
            ctx.Error(flags.HasFlag(DomainVcpuFlags.Maximum) ? "Failed to retrieve maximum vcpu count" : "Failed to retrieve current vcpu count");
            return -2;
        }
        return count;
    }

    /// <summary>virshParseCPUList: "r" = all CPUs, else virBitmapParse syntax ("0-3,^2,5"); returns the map trimmed to its last CPU.</summary>
    private static byte[]? ParseCpuList(CommandContext ctx, string cpulist, int maxcpu)
    {
        var set = new SortedSet<int>();
        if (cpulist.StartsWith('r'))
        {
            for (int i = 0; i < maxcpu; i++) set.Add(i);
        }
        else if (!CpuSet.TryParse(cpulist, 1024, set))
        {
            ctx.Save(new LibvirtException(ErrorCode.InvalidArg, ErrorDomain.None, $"invalid argument: Failed to parse bitmap '{cpulist}'"));
            ctx.Error($"Invalid cpulist '{cpulist}'");
            return null;
        }
        else if (set.Count == 0)
        {
            ctx.Error($"Invalid cpulist '{cpulist}'");
            return null;
        }
        else if (set.Max >= maxcpu)
        {
            ctx.Error($"CPU {set.Max} in cpulist '{cpulist}' exceed the maxcpu {maxcpu}");
            return null;
        }
        if (set.Count == 0) return [];
        var map = new byte[set.Max / 8 + 1];
        foreach (int cpu in set) map[cpu / 8] |= (byte)(1 << (cpu % 8));
        return map;
    }
}

/// <summary>virBitmapParse: "0-3,^2,5" style CPU lists.</summary>
public static class CpuSet
{
    public static bool TryParse(string text, int size, SortedSet<int> set)
    {
        var exclude = new HashSet<int>();
        foreach (var raw in text.Split(','))
        {
            string part = raw.Trim();
            if (part.Length == 0) return false;
            bool neg = part.StartsWith('^');
            if (neg) part = part[1..];
            int dash = part.IndexOf('-');
            if (!int.TryParse(dash < 0 ? part : part[..dash], out int lo) || lo < 0 || lo >= size) return false;
            int hi = lo;
            if (dash >= 0)
            {
                if (neg || !int.TryParse(part[(dash + 1)..], out hi) || hi < lo || hi >= size) return false;
            }
            for (int i = lo; i <= hi; i++)
                if (neg) exclude.Add(i); else set.Add(i);
        }
        set.ExceptWith(exclude);
        return true;
    }
}
