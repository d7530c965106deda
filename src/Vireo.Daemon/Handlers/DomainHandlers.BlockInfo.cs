using Vireo.Daemon.Dispatch;
using Vireo.Protocol.Remote;
using Vireo.Protocol.Remote.Messages;

namespace Vireo.Daemon.Handlers;

/// <summary>domblkinfo (virDomainGetBlockInfo).</summary>
public static partial class DomainHandlers
{
    private static void RegisterBlockInfo(ProcedureRegistry r)
    {
        r.Add<DomainGetBlockInfoArgs, DomainGetBlockInfoRet>(RemoteProcedure.DomainGetBlockInfo, async (ctx, a) =>
        {
            var info = await D(ctx).GetBlockInfoAsync(a.Dom.ToRef(), a.Path, a.Flags).ConfigureAwait(false);
            return new DomainGetBlockInfoRet(info.Allocation, info.Capacity, info.Physical);
        });
    }
}
