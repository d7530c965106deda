using Vireo.Daemon.Dispatch;
using Vireo.Daemon.Migration;
using Vireo.Protocol.Remote;
using Vireo.Protocol.Remote.Messages;

namespace Vireo.Daemon.Handlers;

/// <summary>Migration procedures (issue 8): version 3 with parameters, jobs and the migration tunables.</summary>
public static partial class DomainHandlers
{
    private static void RegisterMigration(ProcedureRegistry r)
    {
        r.Add<MigrateBegin3ParamsArgs, MigrateBegin3ParamsRet>(RemoteProcedure.DomainMigrateBegin3Params, async (ctx, a) =>
        {
            var (cookie, xml) = await D(ctx).MigrateBegin3Async(a.Dom.ToRef(), a.Params, a.Flags).ConfigureAwait(false);
            return new MigrateBegin3ParamsRet(cookie, xml);
        });
        r.Add<MigratePrepare3ParamsArgs, MigratePrepare3ParamsRet>(RemoteProcedure.DomainMigratePrepare3Params, async (ctx, a) =>
        {
            var (cookie, uri) = await D(ctx).MigratePrepare3Async(a.Params, a.CookieIn, a.Flags, ctx.Session.LocalAddress).ConfigureAwait(false);
            if (D(ctx).MigrateIncomingAbandoner(a.Params) is { } abandon)
                ctx.Session.OnClosed(abandon); // the client gone before Finish (keepalive, link cut): discard the incoming guest
            return new MigratePrepare3ParamsRet(cookie, uri);
        });
        r.Add<MigratePerform3ParamsArgs, MigrateCookieRet>(RemoteProcedure.DomainMigratePerform3Params, async (ctx, a) =>
        {
            if (a.Dconnuri is not null)
            {
                await PeerToPeerMigration.RunAsync(D(ctx), a.Dom.ToRef(), a.Dconnuri, a.Params, a.Flags).ConfigureAwait(false);
                return new MigrateCookieRet([]);
            }
            return new MigrateCookieRet(await D(ctx).MigratePerform3Async(a.Dom.ToRef(), a.Params, a.CookieIn, a.Flags).ConfigureAwait(false));
        });
        r.Add<MigrateFinish3ParamsArgs, MigrateFinish3ParamsRet>(RemoteProcedure.DomainMigrateFinish3Params, async (ctx, a) =>
        {
            var (dom, cookie) = await D(ctx).MigrateFinish3Async(a.Params, a.CookieIn, a.Flags, a.Cancelled != 0).ConfigureAwait(false);
            return new MigrateFinish3ParamsRet(dom.ToWire(), cookie);
        });
        r.Add<MigrateConfirm3ParamsArgs>(RemoteProcedure.DomainMigrateConfirm3Params, (ctx, a) =>
            D(ctx).MigrateConfirm3Async(a.Dom.ToRef(), a.Params, a.CookieIn, a.Flags, a.Cancelled != 0));

        r.Add<DomainFlagsArgs, DomainGetJobStatsRet>(RemoteProcedure.DomainGetJobStats, async (ctx, a) =>
        {
            var (type, prms) = await D(ctx).GetJobStatsAsync(a.Dom.ToRef(), a.Flags).ConfigureAwait(false);
            return new DomainGetJobStatsRet(type, [.. prms]);
        });
        r.Add<DomainArgs>(RemoteProcedure.DomainAbortJob, (ctx, a) => D(ctx).AbortJobAsync(a.Dom.ToRef(), 0));
        r.Add<DomainFlagsArgs>(RemoteProcedure.DomainAbortJobFlags, (ctx, a) => D(ctx).AbortJobAsync(a.Dom.ToRef(), a.Flags));
        r.Add<DomainMigrateSetValueArgs>(RemoteProcedure.DomainMigrateSetMaxDowntime, (ctx, a) =>
            D(ctx).MigrateSetMaxDowntimeAsync(a.Dom.ToRef(), a.Value, a.Flags));
        r.Add<DomainFlagsArgs, UHyperRet>(RemoteProcedure.DomainMigrateGetMaxDowntime, async (ctx, a) =>
            new UHyperRet(await D(ctx).MigrateGetMaxDowntimeAsync(a.Dom.ToRef(), a.Flags).ConfigureAwait(false)));
        r.Add<DomainMigrateSetValueArgs>(RemoteProcedure.DomainMigrateSetMaxSpeed, (ctx, a) =>
            D(ctx).MigrateSetMaxSpeedAsync(a.Dom.ToRef(), a.Value, a.Flags));
        r.Add<DomainFlagsArgs, UHyperRet>(RemoteProcedure.DomainMigrateGetMaxSpeed, async (ctx, a) =>
            new UHyperRet(await D(ctx).MigrateGetMaxSpeedAsync(a.Dom.ToRef(), a.Flags).ConfigureAwait(false)));
    }
}
