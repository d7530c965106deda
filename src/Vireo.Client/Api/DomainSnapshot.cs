using Vireo.Protocol.Remote;
using Vireo.Protocol.Remote.Messages;

namespace Vireo.Client.Api;

/// <summary>A domain snapshot handle (virDomainSnapshotPtr): its name and the domain it belongs to.</summary>
public sealed class DomainSnapshot
{
    internal DomainSnapshot(Domain domain, RemoteNonnullDomainSnapshot handle)
    {
        Domain = domain;
        Handle = handle;
    }

    public Domain Domain { get; }

    /// <summary>The identity sent on the wire (remote_nonnull_domain_snapshot).</summary>
    public RemoteNonnullDomainSnapshot Handle { get; }

    /// <summary>virDomainSnapshotGetName.</summary>
    public string Name => Handle.Name;

    public override string ToString() => Name;

    private Connection Connection => Domain.Connection;

    /// <summary>virDomainSnapshotGetXMLDesc (the SECURE flag is refused on a read-only connection).</summary>
    public async Task<string> GetXmlDescAsync(uint flags = 0)
    {
        if (Connection.ReadOnly && (flags & 1) != 0)
            throw Connection.ReadOnlyFlagDenied("virDomainSnapshotGetXMLDesc with secure flag");
        return (await Connection.CallAsync<DomainSnapshotFlagsArgs, StringRet>(RemoteProcedure.DomainSnapshotGetXmlDesc,
            new(Handle, flags)).ConfigureAwait(false)).Value;
    }

    /// <summary>virDomainSnapshotGetParent.</summary>
    public async Task<DomainSnapshot> GetParentAsync() =>
        new(Domain, (await Connection.CallAsync<DomainSnapshotFlagsArgs, DomainSnapshotRet>(RemoteProcedure.DomainSnapshotGetParent,
            new(Handle, 0)).ConfigureAwait(false)).Snap);

    /// <summary>virDomainSnapshotIsCurrent.</summary>
    public async Task<bool> IsCurrentAsync() =>
        (await Connection.CallAsync<DomainSnapshotFlagsArgs, IntRet>(RemoteProcedure.DomainSnapshotIsCurrent, new(Handle, 0)).ConfigureAwait(false)).Value != 0;

    /// <summary>virDomainSnapshotDelete.</summary>
    public Task DeleteAsync(SnapshotDeleteFlags flags = SnapshotDeleteFlags.None) =>
        Connection.CallVoidAsync(RemoteProcedure.DomainSnapshotDelete, new DomainSnapshotFlagsArgs(Handle, (uint)flags));

    /// <summary>virDomainRevertToSnapshot.</summary>
    public Task RevertAsync(SnapshotRevertFlags flags = SnapshotRevertFlags.None) =>
        Connection.CallVoidAsync(RemoteProcedure.DomainRevertToSnapshot, new DomainSnapshotFlagsArgs(Handle, (uint)flags));
}

// Snapshot calls on a domain.
public sealed partial class Domain
{
    /// <summary>virDomainSnapshotCreateXML.</summary>
    public async Task<DomainSnapshot> CreateSnapshotXmlAsync(string xml, SnapshotCreateFlags flags = SnapshotCreateFlags.None) =>
        new(this, (await CallAsync<DomainXmlFlagsArgs, DomainSnapshotRet>(RemoteProcedure.DomainSnapshotCreateXml,
            new(Handle, xml, (uint)flags)).ConfigureAwait(false)).Snap);

    /// <summary>virDomainListAllSnapshots.</summary>
    public async Task<IReadOnlyList<DomainSnapshot>> ListAllSnapshotsAsync(SnapshotListFlags flags = SnapshotListFlags.None)
    {
        var r = await CallAsync<DomainListAllSnapshotsArgs, DomainListAllSnapshotsRet>(RemoteProcedure.DomainListAllSnapshots,
            new(Handle, 1, (uint)flags)).ConfigureAwait(false);
        return r.Snapshots.Select(s => new DomainSnapshot(this, s)).ToList();
    }

    /// <summary>virDomainSnapshotNum.</summary>
    public async Task<int> SnapshotNumAsync(SnapshotListFlags flags = SnapshotListFlags.None) =>
        (await CallAsync<DomainFlagsArgs, IntRet>(RemoteProcedure.DomainSnapshotNum, ArgsWith((uint)flags)).ConfigureAwait(false)).Value;

    /// <summary>virDomainSnapshotLookupByName.</summary>
    public async Task<DomainSnapshot> LookupSnapshotByNameAsync(string name) =>
        new(this, (await CallAsync<DomainSnapshotLookupByNameArgs, DomainSnapshotRet>(RemoteProcedure.DomainSnapshotLookupByName,
            new(Handle, name, 0)).ConfigureAwait(false)).Snap);

    /// <summary>virDomainHasCurrentSnapshot.</summary>
    public async Task<bool> HasCurrentSnapshotAsync() =>
        (await CallAsync<DomainFlagsArgs, IntRet>(RemoteProcedure.DomainHasCurrentSnapshot, ArgsWith(0)).ConfigureAwait(false)).Value != 0;

    /// <summary>virDomainSnapshotCurrent.</summary>
    public async Task<DomainSnapshot> GetCurrentSnapshotAsync() =>
        new(this, (await CallAsync<DomainFlagsArgs, DomainSnapshotRet>(RemoteProcedure.DomainSnapshotCurrent, ArgsWith(0)).ConfigureAwait(false)).Snap);
}
