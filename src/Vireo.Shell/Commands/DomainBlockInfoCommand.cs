using System.Xml.Linq;
using Vireo.Protocol.Errors;
using Vireo.Shell.Output;
using Vireo.Shell.Runtime;

namespace Vireo.Shell.Commands;

/// <summary>domblkinfo (virsh-domain-monitor.c): one disk's capacity, allocation and physical size.</summary>
public static class DomainBlockInfoCommand
{
    public static void Register(Dictionary<string, CommandHandler> map) => map["domblkinfo"] = DomBlkInfo;

    private static async Task<bool> DomBlkInfo(CommandContext ctx)
    {
        if (ctx.Has("all"))
            return await AllDisks(ctx).ConfigureAwait(false);
        if (!ctx.TryString("device", out var device)) return false;
        if (string.IsNullOrEmpty(device))
        {
            ctx.Error("command 'domblkinfo' requires <device> option");
            return false;
        }
        var (dom, _) = await ctx.LookupDomainAsync().ConfigureAwait(false);
        if (dom is null) return false;
        Protocol.Remote.Messages.DomainGetBlockInfoRet info;
        try
        {
            info = await dom.GetBlockInfoAsync(device).ConfigureAwait(false);
        }
        catch (LibvirtException e)
        {
            ctx.Save(e);
            return false;
        }
        ctx.Print(Format(info.Capacity, info.Allocation, info.Physical, ctx.Has("human")));
        return true;
    }

    /// <summary>
    /// domblkinfo --all: a Target/Capacity/Allocation/Physical table over the domain XML's disks, each asked with
    /// virDomainGetBlockInfo by target; a disk without a source (an empty cdrom) shows "-" in every column, as virsh.
    /// </summary>
    private static async Task<bool> AllDisks(CommandContext ctx)
    {
        var (dom, _) = await ctx.LookupDomainAsync().ConfigureAwait(false);
        if (dom is null) return false;
        bool human = ctx.Has("human");
        bool active;
        XElement root;
        try
        {
            active = await dom.IsActiveAsync().ConfigureAwait(false);
            root = XElement.Parse(await dom.GetXmlDescAsync().ConfigureAwait(false));
        }
        catch (LibvirtException e)
        {
            ctx.Save(e);
            return false;
        }
        var table = new TextTable("Target", "Capacity", "Allocation", "Physical");
        foreach (var disk in root.Elements("devices").Elements("disk"))
        {
            string target = disk.Element("target")?.Attribute("dev")?.Value ?? "";
            var source = disk.Element("source");
            ulong cap = 0, alloc = 0, phys = 0;
            if (source is not null)
            {
                try
                {
                    var info = await dom.GetBlockInfoAsync(target).ConfigureAwait(false);
                    (cap, alloc, phys) = (info.Capacity, info.Allocation, info.Physical);
                }
                catch (LibvirtException e) when (source.Attribute("protocol") is not null && !active
                    && e.Code == ErrorCode.InternalError && e.Domain == ErrorDomain.Storage)
                {
                    // Network storage of an inactive domain cannot say: zeros, as virsh does.
                }
                catch (LibvirtException e)
                {
                    ctx.Save(e);
                    return false;
                }
            }
            table.Add(target, Cell(cap, cap, alloc, phys, human), Cell(alloc, cap, alloc, phys, human), Cell(phys, cap, alloc, phys, human));
        }
        ctx.Print(table.Render(!ctx.Out.Quiet));
        return true;
    }

    /// <summary>cmdDomblkinfoGet: "-" when all three are 0, else the number or "%.3lf unit".</summary>
    private static string Cell(ulong value, ulong cap, ulong alloc, ulong phys, bool human)
    {
        if (cap == 0 && alloc == 0 && phys == 0) return "-";
        if (!human) return value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var (v, unit) = Fmt.PrettyCapacity(value);
        return Fmt.Fixed(v, 3) + " " + unit;
    }

    /// <summary>virsh's "%-15s %llu" lines, or with --human "%-15s %-.3lf %s".</summary>
    public static string Format(ulong capacity, ulong allocation, ulong physical, bool human)
    {
        string Value(ulong bytes)
        {
            if (!human) return bytes.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var (v, unit) = Fmt.PrettyCapacity(bytes);
            return Fmt.Fixed(v, 3) + " " + unit;
        }
        return $"{Fmt.Left("Capacity:", 15)} {Value(capacity)}\n{Fmt.Left("Allocation:", 15)} {Value(allocation)}\n{Fmt.Left("Physical:", 15)} {Value(physical)}\n";
    }
}
