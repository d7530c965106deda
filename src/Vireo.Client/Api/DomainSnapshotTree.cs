using Vireo.Protocol.Remote;
using Vireo.Protocol.Remote.Messages;

namespace Vireo.Client.Api;

/// <summary>Snapshot tree calls: virDomainSnapshotListAllChildren and virDomainSnapshotHasMetadata.</summary>
public static class DomainSnapshotTree
{
    /// <summary>virDomainSnapshotListAllChildren (flag 1 = all descendants).</summary>
    public static async Task<IReadOnlyList<DomainSnapshot>> ListAllChildrenAsync(this DomainSnapshot snap, uint flags = 0)
    {
        var r = await snap.Domain.Connection.CallAsync<DomainSnapshotListAllChildrenArgs, DomainListAllSnapshotsRet>(
            RemoteProcedure.DomainSnapshotListAllChildren, new(snap.Handle, 1, flags)).ConfigureAwait(false);
        return r.Snapshots.Select(s => new DomainSnapshot(snap.Domain, s)).ToList();
    }

    /// <summary>virDomainSnapshotHasMetadata.</summary>
    public static async Task<bool> HasMetadataAsync(this DomainSnapshot snap) =>
        (await snap.Domain.Connection.CallAsync<DomainSnapshotFlagsArgs, IntRet>(RemoteProcedure.DomainSnapshotHasMetadata,
            new(snap.Handle, 0)).ConfigureAwait(false)).Value != 0;
}
