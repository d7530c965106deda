using Vireo.Daemon.Dispatch;
using Vireo.Drivers.Domains;
using Vireo.Protocol.Remote;
using Vireo.Protocol.Remote.Messages;

namespace Vireo.Daemon.Handlers;

/// <summary>The snapshot procedures beyond create/list/dumpxml/num: lookup, current, parent, children, revert, delete.</summary>
public static class SnapshotHandlers
{
    private static IDomainDriver D(CallContext ctx) => ctx.Driver.Domains;

    private static DomainSnapshotRet Snap(RemoteNonnullDomain dom, string name) => new(new RemoteNonnullDomainSnapshot(name, dom));

    public static void Register(ProcedureRegistry r)
    {
        r.Add<DomainSnapshotLookupByNameArgs, DomainSnapshotRet>(RemoteProcedure.DomainSnapshotLookupByName, async (ctx, a) =>
            Snap(a.Dom, await D(ctx).SnapshotLookupByNameAsync(a.Dom.ToRef(), a.Name, a.Flags).ConfigureAwait(false)));
        r.Add<DomainFlagsArgs, IntRet>(RemoteProcedure.DomainHasCurrentSnapshot, async (ctx, a) =>
            new IntRet(await D(ctx).HasCurrentSnapshotAsync(a.Dom.ToRef(), a.Flags).ConfigureAwait(false) ? 1 : 0));
        r.Add<DomainFlagsArgs, DomainSnapshotRet>(RemoteProcedure.DomainSnapshotCurrent, async (ctx, a) =>
            Snap(a.Dom, await D(ctx).SnapshotCurrentAsync(a.Dom.ToRef(), a.Flags).ConfigureAwait(false)));
        r.Add<DomainSnapshotFlagsArgs, DomainSnapshotRet>(RemoteProcedure.DomainSnapshotGetParent, async (ctx, a) =>
            Snap(a.Snap.Dom, await D(ctx).SnapshotGetParentAsync(a.Snap.Dom.ToRef(), a.Snap.Name, a.Flags).ConfigureAwait(false)));
        r.Add<DomainSnapshotFlagsArgs, IntRet>(RemoteProcedure.DomainSnapshotIsCurrent, async (ctx, a) =>
            new IntRet(await D(ctx).SnapshotIsCurrentAsync(a.Snap.Dom.ToRef(), a.Snap.Name, a.Flags).ConfigureAwait(false) ? 1 : 0));
        r.Add<DomainSnapshotFlagsArgs, IntRet>(RemoteProcedure.DomainSnapshotHasMetadata, async (ctx, a) =>
            new IntRet(await D(ctx).SnapshotHasMetadataAsync(a.Snap.Dom.ToRef(), a.Snap.Name, a.Flags).ConfigureAwait(false) ? 1 : 0));
        r.Add<DomainSnapshotFlagsArgs, IntRet>(RemoteProcedure.DomainSnapshotNumChildren, async (ctx, a) =>
            new IntRet((await D(ctx).SnapshotListAllChildrenAsync(a.Snap.Dom.ToRef(), a.Snap.Name, a.Flags).ConfigureAwait(false)).Count));
        r.Add<DomainSnapshotListChildrenNamesArgs, NameListRet>(RemoteProcedure.DomainSnapshotListChildrenNames, async (ctx, a) =>
            new NameListRet((await D(ctx).SnapshotListAllChildrenAsync(a.Snap.Dom.ToRef(), a.Snap.Name, a.Flags).ConfigureAwait(false))
                .Take(Math.Max(0, a.Maxnames)).ToArray()));
        r.Add<DomainSnapshotListAllChildrenArgs, DomainListAllSnapshotsRet>(RemoteProcedure.DomainSnapshotListAllChildren, async (ctx, a) =>
        {
            var names = await D(ctx).SnapshotListAllChildrenAsync(a.Snap.Dom.ToRef(), a.Snap.Name, a.Flags).ConfigureAwait(false);
            return new DomainListAllSnapshotsRet(a.NeedResults != 0 ? names.Select(n => new RemoteNonnullDomainSnapshot(n, a.Snap.Dom)).ToArray() : [], names.Count);
        });
        r.Add<DomainSnapshotListNamesArgs, NameListRet>(RemoteProcedure.DomainSnapshotListNames, async (ctx, a) =>
            new NameListRet((await D(ctx).ListAllSnapshotsAsync(a.Dom.ToRef(), a.Flags).ConfigureAwait(false)).Take(Math.Max(0, a.Maxnames)).ToArray()));
        r.Add<DomainSnapshotFlagsArgs>(RemoteProcedure.DomainRevertToSnapshot, (ctx, a) =>
            D(ctx).RevertToSnapshotAsync(a.Snap.Dom.ToRef(), a.Snap.Name, a.Flags));
        r.Add<DomainSnapshotFlagsArgs>(RemoteProcedure.DomainSnapshotDelete, (ctx, a) =>
            D(ctx).SnapshotDeleteAsync(a.Snap.Dom.ToRef(), a.Snap.Name, a.Flags));
    }
}
