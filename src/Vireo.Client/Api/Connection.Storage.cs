using Vireo.Protocol.Errors;
using Vireo.Protocol.Remote;
using Vireo.Protocol.Remote.Messages;

namespace Vireo.Client.Api;

// Connection-level storage pool and volume calls.
public sealed partial class Connection
{
    internal StoragePool Wrap(RemoteNonnullStoragePool handle) => new(this, handle);

    internal StorageVolume Wrap(RemoteNonnullStorageVol handle) => new(this, handle);

    /// <summary>virStoragePoolLookupByName.</summary>
    public async Task<StoragePool> LookupStoragePoolByNameAsync(string name) =>
        Wrap((await CallAsync<StringArgs, StoragePoolRet>(RemoteProcedure.StoragePoolLookupByName, new(name)).ConfigureAwait(false)).Pool);

    /// <summary>virStoragePoolLookupByUUID.</summary>
    public async Task<StoragePool> LookupStoragePoolByUuidAsync(Guid uuid) =>
        Wrap((await CallAsync<UuidArgs, StoragePoolRet>(RemoteProcedure.StoragePoolLookupByUuid, new(uuid)).ConfigureAwait(false)).Pool);

    /// <summary>virStoragePoolLookupByUUIDString (parsed locally).</summary>
    public Task<StoragePool> LookupStoragePoolByUuidStringAsync(string uuid) =>
        UuidText.TryParse(uuid, out var parsed)
            ? LookupStoragePoolByUuidAsync(parsed)
            : throw LibvirtException.InvalidArg($"virStoragePoolLookupByUUIDString: uuid '{uuid}' is not a valid UUID", ErrorDomain.Storage);

    /// <summary>virConnectListAllStoragePools.</summary>
    public async Task<IReadOnlyList<StoragePool>> ListAllStoragePoolsAsync(ListStoragePoolsFlags flags = ListStoragePoolsFlags.None) =>
        (await CallAsync<ConnectListAllArgs, ConnectListAllStoragePoolsRet>(RemoteProcedure.ConnectListAllStoragePools, new(1, (uint)flags)).ConfigureAwait(false))
            .Pools.Select(Wrap).ToList();

    /// <summary>virStoragePoolDefineXML.</summary>
    public async Task<StoragePool> DefineStoragePoolXmlAsync(string xml, uint flags = 0) =>
        Wrap((await CallAsync<XmlFlagsArgs, StoragePoolRet>(RemoteProcedure.StoragePoolDefineXml, new(xml, flags)).ConfigureAwait(false)).Pool);

    /// <summary>virStoragePoolCreateXML: a transient, started pool.</summary>
    public async Task<StoragePool> CreateStoragePoolXmlAsync(string xml, StoragePoolCreateFlags flags = StoragePoolCreateFlags.Normal) =>
        Wrap((await CallAsync<XmlFlagsArgs, StoragePoolRet>(RemoteProcedure.StoragePoolCreateXml, new(xml, (uint)flags)).ConfigureAwait(false)).Pool);

    /// <summary>virStorageVolLookupByKey.</summary>
    public async Task<StorageVolume> LookupStorageVolumeByKeyAsync(string key) =>
        Wrap((await CallAsync<StringArgs, StorageVolRet>(RemoteProcedure.StorageVolLookupByKey, new(key)).ConfigureAwait(false)).Vol);

    /// <summary>virStorageVolLookupByPath.</summary>
    public async Task<StorageVolume> LookupStorageVolumeByPathAsync(string path) =>
        Wrap((await CallAsync<StringArgs, StorageVolRet>(RemoteProcedure.StorageVolLookupByPath, new(path)).ConfigureAwait(false)).Vol);
}
