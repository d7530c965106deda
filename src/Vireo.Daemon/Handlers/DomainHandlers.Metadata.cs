using Vireo.Daemon.Dispatch;
using Vireo.Drivers.Domains;
using Vireo.Protocol.Remote;
using Vireo.Protocol.Remote.Messages;

namespace Vireo.Daemon.Handlers;

/// <summary>virsh metadata / desc (virDomainSetMetadata, virDomainGetMetadata).</summary>
public static partial class DomainHandlers
{
    private static void RegisterMetadata(ProcedureRegistry r)
    {
        r.Add<DomainSetMetadataArgs>(RemoteProcedure.DomainSetMetadata, (ctx, a) =>
        {
            DomainMetadata.CheckSetArguments(a.Type, a.Metadata, a.Key, a.Uri);
            return D(ctx).SetMetadataAsync(a.Dom.ToRef(), a.Type, a.Metadata, a.Key, a.Uri, a.Flags);
        });
        r.Add<DomainGetMetadataArgs, StringRet>(RemoteProcedure.DomainGetMetadata, async (ctx, a) =>
            new StringRet(await D(ctx).GetMetadataAsync(a.Dom.ToRef(), a.Type, a.Uri, a.Flags).ConfigureAwait(false)));
    }
}
