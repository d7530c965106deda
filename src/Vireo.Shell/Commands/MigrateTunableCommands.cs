using Vireo.Client.Api;
using Vireo.Protocol.Errors;
using Vireo.Shell.Runtime;

namespace Vireo.Shell.Commands;

/// <summary>migrate-setmaxdowntime, migrate-getmaxdowntime, migrate-setspeed, migrate-getspeed (virsh-domain.c).</summary>
public static class MigrateTunableCommands
{
    private const uint MaxSpeedPostcopy = 1;

    public static void Register(Dictionary<string, CommandHandler> map)
    {
        map["migrate-setmaxdowntime"] = SetMaxDowntime;
        map["migrate-getmaxdowntime"] = GetMaxDowntime;
        map["migrate-setspeed"] = SetSpeed;
        map["migrate-getspeed"] = GetSpeed;
    }

    private static async Task<bool> SetMaxDowntime(CommandContext ctx)
    {
        var (dom, _) = await ctx.LookupDomainAsync().ConfigureAwait(false);
        if (dom is null) return false;
        if (ctx.OptULong("downtime", out ulong downtime) < 0) return false;
        if (downtime < 1)
        {
            ctx.Error("migrate: Invalid downtime");
            return false;
        }
        return await Run(ctx, () => dom.MigrateSetMaxDowntimeAsync(downtime)).ConfigureAwait(false);
    }

    private static async Task<bool> GetMaxDowntime(CommandContext ctx)
    {
        var (dom, _) = await ctx.LookupDomainAsync().ConfigureAwait(false);
        if (dom is null) return false;
        ulong value = 0;
        if (!await Run(ctx, async () => value = await dom.MigrateGetMaxDowntimeAsync().ConfigureAwait(false)).ConfigureAwait(false)) return false;
        ctx.Print(value.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\n");
        return true;
    }

    private static async Task<bool> SetSpeed(CommandContext ctx)
    {
        var (dom, _) = await ctx.LookupDomainAsync().ConfigureAwait(false);
        if (dom is null) return false;
        if (ctx.OptULong("bandwidth", out ulong bandwidth) < 0) return false;
        uint flags = ctx.Has("postcopy") ? MaxSpeedPostcopy : 0;
        return await Run(ctx, () => dom.MigrateSetMaxSpeedAsync(bandwidth, flags)).ConfigureAwait(false);
    }

    private static async Task<bool> GetSpeed(CommandContext ctx)
    {
        var (dom, _) = await ctx.LookupDomainAsync().ConfigureAwait(false);
        if (dom is null) return false;
        uint flags = ctx.Has("postcopy") ? MaxSpeedPostcopy : 0;
        ulong value = 0;
        if (!await Run(ctx, async () => value = await dom.MigrateGetMaxSpeedAsync(flags).ConfigureAwait(false)).ConfigureAwait(false)) return false;
        ctx.Print(value.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\n");
        return true;
    }

    private static async Task<bool> Run(CommandContext ctx, Func<Task> call)
    {
        try
        {
            await call().ConfigureAwait(false);
            return true;
        }
        catch (LibvirtException e)
        {
            ctx.Save(e);
            return false;
        }
    }
}
