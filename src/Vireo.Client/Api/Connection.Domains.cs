using Vireo.Protocol.Errors;
using Vireo.Protocol.Remote;
using Vireo.Protocol.Remote.Messages;

namespace Vireo.Client.Api;

// Connection-level domain calls: lookups, listing, define/create/restore.
public sealed partial class Connection
{
    private const ListDomainsFlags ActivityFilters = ListDomainsFlags.Active | ListDomainsFlags.Inactive;
    private const ListDomainsFlags PersistenceFilters = ListDomainsFlags.Persistent | ListDomainsFlags.Transient;
    private const ListDomainsFlags StateFilters = ListDomainsFlags.Running | ListDomainsFlags.Paused | ListDomainsFlags.Shutoff | ListDomainsFlags.Other;
    private const ListDomainsFlags ManagedSaveFilters = ListDomainsFlags.ManagedSave | ListDomainsFlags.NoManagedSave;
    private const ListDomainsFlags AutostartFilters = ListDomainsFlags.Autostart | ListDomainsFlags.NoAutostart;
    private const ListDomainsFlags SnapshotFilters = ListDomainsFlags.HasSnapshot | ListDomainsFlags.NoSnapshot;

    internal Domain Wrap(RemoteNonnullDomain handle) => new(this, handle);

    /// <summary>virDomainLookupByName.</summary>
    public async Task<Domain> LookupDomainByNameAsync(string name) =>
        Wrap((await CallAsync<DomainLookupByNameArgs, DomainRet>(RemoteProcedure.DomainLookupByName, new(name)).ConfigureAwait(false)).Dom);

    /// <summary>virDomainLookupByID.</summary>
    public async Task<Domain> LookupDomainByIdAsync(int id) =>
        Wrap((await CallAsync<IntArgs, DomainRet>(RemoteProcedure.DomainLookupById, new(id)).ConfigureAwait(false)).Dom);

    /// <summary>virDomainLookupByUUID.</summary>
    public async Task<Domain> LookupDomainByUuidAsync(Guid uuid) =>
        Wrap((await CallAsync<UuidArgs, DomainRet>(RemoteProcedure.DomainLookupByUuid, new(uuid)).ConfigureAwait(false)).Dom);

    /// <summary>virDomainLookupByUUIDString: the text is parsed locally, as libvirt does.</summary>
    public Task<Domain> LookupDomainByUuidStringAsync(string uuid) =>
        UuidText.TryParse(uuid, out var parsed)
            ? LookupDomainByUuidAsync(parsed)
            : throw LibvirtException.InvalidArg($"virDomainLookupByUUIDString: uuid '{uuid}' is not a valid UUID");

    /// <summary>
    /// virConnectListAllDomains. Like virsh, falls back to the legacy id/name lists (filtering locally) when the
    /// server answers NO_SUPPORT, and retries with only the activity filters (filtering the rest locally) when it
    /// rejects the other filter bits as INVALID_ARG.
    /// </summary>
    public async Task<IReadOnlyList<Domain>> ListAllDomainsAsync(ListDomainsFlags flags = ListDomainsFlags.None)
    {
        try
        {
            return await ListAllDomainsRawAsync(flags).ConfigureAwait(false);
        }
        catch (LibvirtException e) when (e.Code == ErrorCode.NoSupport)
        {
            return await FilterDomainsAsync(await ListDomainsLegacyAsync(flags).ConfigureAwait(false), flags).ConfigureAwait(false);
        }
        catch (LibvirtException e) when (e.Code == ErrorCode.InvalidArg && (flags & ~ActivityFilters) != 0)
        {
            var coarse = await ListAllDomainsRawAsync(flags & ActivityFilters).ConfigureAwait(false);
            return await FilterDomainsAsync(coarse, flags).ConfigureAwait(false);
        }
    }

    private async Task<IReadOnlyList<Domain>> ListAllDomainsRawAsync(ListDomainsFlags flags)
    {
        var ret = await CallAsync<ConnectListAllArgs, ConnectListAllDomainsRet>(RemoteProcedure.ConnectListAllDomains, new(1, (uint)flags)).ConfigureAwait(false);
        return ret.Domains.Select(Wrap).ToList();
    }

    /// <summary>virConnectNumOfDomains: running domains.</summary>
    public async Task<int> NumOfDomainsAsync() => (await CallAsync<IntRet>(RemoteProcedure.ConnectNumOfDomains).ConfigureAwait(false)).Value;

    /// <summary>virConnectListDomains: ids of running domains.</summary>
    public async Task<int[]> ListDomainIdsAsync(int max) =>
        (await CallAsync<MaxNamesArgs, ConnectListDomainsRet>(RemoteProcedure.ConnectListDomains, new(max)).ConfigureAwait(false)).Ids;

    /// <summary>virConnectNumOfDefinedDomains: inactive persistent domains.</summary>
    public async Task<int> NumOfDefinedDomainsAsync() => (await CallAsync<IntRet>(RemoteProcedure.ConnectNumOfDefinedDomains).ConfigureAwait(false)).Value;

    /// <summary>virConnectListDefinedDomains: names of inactive persistent domains.</summary>
    public async Task<string[]> ListDefinedDomainNamesAsync(int max) =>
        (await CallAsync<MaxNamesArgs, NameListRet>(RemoteProcedure.ConnectListDefinedDomains, new(max)).ConfigureAwait(false)).Names;

    private async Task<List<Domain>> ListDomainsLegacyAsync(ListDomainsFlags flags)
    {
        var result = new List<Domain>();
        bool anyActivity = (flags & ActivityFilters) != 0;
        if (!anyActivity || flags.HasFlag(ListDomainsFlags.Active))
        {
            int n = await NumOfDomainsAsync().ConfigureAwait(false);
            var ids = n > 0 ? await ListDomainIdsAsync(n).ConfigureAwait(false) : [];
            foreach (var id in ids)
            {
                try { result.Add(await LookupDomainByIdAsync(id).ConfigureAwait(false)); }
                catch (LibvirtException e) when (e.Code == ErrorCode.NoDomain) { /* gone meanwhile */ }
            }
        }
        if (!anyActivity || flags.HasFlag(ListDomainsFlags.Inactive))
        {
            int n = await NumOfDefinedDomainsAsync().ConfigureAwait(false);
            var names = n > 0 ? await ListDefinedDomainNamesAsync(n).ConfigureAwait(false) : [];
            foreach (var name in names)
            {
                try { result.Add(await LookupDomainByNameAsync(name).ConfigureAwait(false)); }
                catch (LibvirtException e) when (e.Code == ErrorCode.NoDomain) { /* gone meanwhile */ }
            }
        }
        return result;
    }

    /// <summary>Applies the filters a server could not apply itself (virsh's virshDomainListCollect "filter" step).</summary>
    private static async Task<IReadOnlyList<Domain>> FilterDomainsAsync(IReadOnlyList<Domain> domains, ListDomainsFlags flags)
    {
        var kept = new List<Domain>();
        foreach (var d in domains)
        {
            if ((flags & PersistenceFilters) != 0)
            {
                bool persistent = await d.IsPersistentAsync().ConfigureAwait(false);
                if (!(flags.HasFlag(ListDomainsFlags.Persistent) && persistent || flags.HasFlag(ListDomainsFlags.Transient) && !persistent)) continue;
            }
            if ((flags & StateFilters) != 0)
            {
                var (state, _) = await d.GetStateAsync().ConfigureAwait(false);
                bool other = state is not (DomainState.Running or DomainState.Paused or DomainState.Shutoff);
                if (!(flags.HasFlag(ListDomainsFlags.Running) && state == DomainState.Running
                      || flags.HasFlag(ListDomainsFlags.Paused) && state == DomainState.Paused
                      || flags.HasFlag(ListDomainsFlags.Shutoff) && state == DomainState.Shutoff
                      || flags.HasFlag(ListDomainsFlags.Other) && other)) continue;
            }
            if ((flags & AutostartFilters) != 0)
            {
                bool autostart = await d.GetAutostartAsync().ConfigureAwait(false);
                if (!(flags.HasFlag(ListDomainsFlags.Autostart) && autostart || flags.HasFlag(ListDomainsFlags.NoAutostart) && !autostart)) continue;
            }
            if ((flags & ManagedSaveFilters) != 0)
            {
                bool saved = await d.HasManagedSaveImageAsync().ConfigureAwait(false);
                if (!(flags.HasFlag(ListDomainsFlags.ManagedSave) && saved || flags.HasFlag(ListDomainsFlags.NoManagedSave) && !saved)) continue;
            }
            if ((flags & SnapshotFilters) != 0)
            {
                int snapshots = await d.SnapshotNumAsync().ConfigureAwait(false);
                if (!(flags.HasFlag(ListDomainsFlags.HasSnapshot) && snapshots > 0 || flags.HasFlag(ListDomainsFlags.NoSnapshot) && snapshots == 0)) continue;
            }
            kept.Add(d);
        }
        return kept;
    }

    /// <summary>virDomainDefineXML, or virDomainDefineXMLFlags when flags are given.</summary>
    public async Task<Domain> DefineDomainXmlAsync(string xml, DomainDefineFlags flags = DomainDefineFlags.None)
    {
        var ret = flags == DomainDefineFlags.None
            ? await CallAsync<StringArgs, DomainRet>(RemoteProcedure.DomainDefineXml, new(xml)).ConfigureAwait(false)
            : await CallAsync<XmlFlagsArgs, DomainRet>(RemoteProcedure.DomainDefineXmlFlags, new(xml, (uint)flags)).ConfigureAwait(false);
        return Wrap(ret.Dom);
    }

    /// <summary>virDomainCreateXML: creates and starts a transient domain.</summary>
    public async Task<Domain> CreateDomainXmlAsync(string xml, DomainStartFlags flags = DomainStartFlags.None) =>
        Wrap((await CallAsync<XmlFlagsArgs, DomainRet>(RemoteProcedure.DomainCreateXml, new(xml, (uint)flags)).ConfigureAwait(false)).Dom);

    /// <summary>virDomainRestore, or virDomainRestoreFlags when an XML override or flags are given.</summary>
    public async Task RestoreDomainAsync(string from, string? xml = null, DomainSaveFlags flags = DomainSaveFlags.None)
    {
        if (xml is null && flags == DomainSaveFlags.None)
            await CallVoidAsync(RemoteProcedure.DomainRestore, new StringArgs(from)).ConfigureAwait(false);
        else
            await CallVoidAsync(RemoteProcedure.DomainRestoreFlags, new DomainRestoreFlagsArgs(from, xml, (uint)flags)).ConfigureAwait(false);
    }
}
