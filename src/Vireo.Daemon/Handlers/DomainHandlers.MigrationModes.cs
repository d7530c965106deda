using Vireo.Daemon.Dispatch;
using Vireo.Protocol.Remote;
using Vireo.Protocol.Remote.Messages;

namespace Vireo.Daemon.Handlers;

/// <summary>Migration modes (issue 8): the destination of a tunnelled migration (a stream) and the switch to post-copy.</summary>
public static partial class DomainHandlers
{
    private static void RegisterMigrationModes(ProcedureRegistry r)
    {
        r.Add<MigratePrepareTunnel3ParamsArgs, MigratePrepareTunnel3ParamsRet>(RemoteProcedure.DomainMigratePrepareTunnel3Params, async (ctx, a) =>
        {
            var (cookie, sink) = await D(ctx).MigratePrepareTunnel3Async(a.Params, a.CookieIn, a.Flags).ConfigureAwait(false);
            ctx.AttachStream(sink, fromDriver: false, toDriver: true);
            return new MigratePrepareTunnel3ParamsRet(cookie);
        });
        r.Add<DomainFlagsArgs>(RemoteProcedure.DomainMigrateStartPostCopy, (ctx, a) => D(ctx).MigrateStartPostCopyAsync(a.Dom.ToRef(), a.Flags));
    }
}
