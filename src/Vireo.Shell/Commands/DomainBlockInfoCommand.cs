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
        {
            ctx.Error("domblkinfo --all is not supported by vsh yet");
            return false;
        }
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
