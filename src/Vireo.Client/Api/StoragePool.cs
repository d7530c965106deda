using Vireo.Protocol.Remote;
using Vireo.Protocol.Remote.Messages;

namespace Vireo.Client.Api;

/// <summary>virStoragePoolInfo: sizes in bytes.</summary>
public sealed record StoragePoolInfo(StoragePoolState State, ulong Capacity, ulong Allocation, ulong Available);

/// <summary>A storage pool handle (virStoragePoolPtr): name and UUID; the daemon resolves it by UUID.</summary>
public sealed class StoragePool
{
    internal StoragePool(Connection connection, RemoteNonnullStoragePool handle)
    {
        Connection = connection;
        Handle = handle;
    }

    public Connection Connection { get; }

    /// <summary>The identity sent on the wire (remote_nonnull_storage_pool).</summary>
    public RemoteNonnullStoragePool Handle { get; }

    /// <summary>virStoragePoolGetName.</summary>
    public string Name => Handle.Name;

    /// <summary>virStoragePoolGetUUID.</summary>
    public Guid Uuid => Handle.Uuid;

    /// <summary>virStoragePoolGetUUIDString.</summary>
    public string UuidString => UuidText.Format(Handle.Uuid);

    public override string ToString() => Name;

    private StoragePoolArgs Args => new(Handle);

    private StoragePoolFlagsArgs ArgsWith(uint flags) => new(Handle, flags);

    /// <summary>virStoragePoolCreate: starts (activates) a defined pool.</summary>
    public Task CreateAsync(StoragePoolCreateFlags flags = StoragePoolCreateFlags.Normal) =>
        Connection.CallVoidAsync(RemoteProcedure.StoragePoolCreate, ArgsWith((uint)flags));

    /// <summary>Same as <see cref="CreateAsync"/> (virsh pool-start).</summary>
    public Task StartAsync(StoragePoolCreateFlags flags = StoragePoolCreateFlags.Normal) => CreateAsync(flags);

    /// <summary>virStoragePoolBuild.</summary>
    public Task BuildAsync(StoragePoolBuildFlags flags = StoragePoolBuildFlags.New) =>
        Connection.CallVoidAsync(RemoteProcedure.StoragePoolBuild, ArgsWith((uint)flags));

    /// <summary>virStoragePoolDestroy: deactivates the pool (the data stays).</summary>
    public Task DestroyAsync() => Connection.CallVoidAsync(RemoteProcedure.StoragePoolDestroy, Args);

    /// <summary>virStoragePoolDelete: deletes the pool's underlying storage.</summary>
    public Task DeleteAsync(uint flags = 0) => Connection.CallVoidAsync(RemoteProcedure.StoragePoolDelete, ArgsWith(flags));

    /// <summary>virStoragePoolUndefine.</summary>
    public Task UndefineAsync() => Connection.CallVoidAsync(RemoteProcedure.StoragePoolUndefine, Args);

    /// <summary>virStoragePoolRefresh: rescans the volumes.</summary>
    public Task RefreshAsync() => Connection.CallVoidAsync(RemoteProcedure.StoragePoolRefresh, ArgsWith(0));

    /// <summary>virStoragePoolGetInfo.</summary>
    public async Task<StoragePoolInfo> GetInfoAsync()
    {
        var r = await Connection.CallAsync<StoragePoolArgs, StoragePoolGetInfoRet>(RemoteProcedure.StoragePoolGetInfo, Args).ConfigureAwait(false);
        return new StoragePoolInfo((StoragePoolState)r.State, r.Capacity, r.Allocation, r.Available);
    }

    /// <summary>virStoragePoolGetXMLDesc (flag 1 = inactive definition).</summary>
    public async Task<string> GetXmlDescAsync(uint flags = 0) =>
        (await Connection.CallAsync<StoragePoolFlagsArgs, StringRet>(RemoteProcedure.StoragePoolGetXmlDesc, ArgsWith(flags)).ConfigureAwait(false)).Value;

    /// <summary>virStoragePoolGetAutostart.</summary>
    public async Task<bool> GetAutostartAsync() =>
        (await Connection.CallAsync<StoragePoolArgs, IntRet>(RemoteProcedure.StoragePoolGetAutostart, Args).ConfigureAwait(false)).Value != 0;

    /// <summary>virStoragePoolSetAutostart.</summary>
    public Task SetAutostartAsync(bool autostart) =>
        Connection.CallVoidAsync(RemoteProcedure.StoragePoolSetAutostart, new StoragePoolSetAutostartArgs(Handle, autostart ? 1 : 0));

    /// <summary>virStoragePoolIsActive.</summary>
    public async Task<bool> IsActiveAsync() =>
        (await Connection.CallAsync<StoragePoolArgs, IntRet>(RemoteProcedure.StoragePoolIsActive, Args).ConfigureAwait(false)).Value != 0;

    /// <summary>virStoragePoolIsPersistent.</summary>
    public async Task<bool> IsPersistentAsync() =>
        (await Connection.CallAsync<StoragePoolArgs, IntRet>(RemoteProcedure.StoragePoolIsPersistent, Args).ConfigureAwait(false)).Value != 0;

    /// <summary>virStoragePoolNumOfVolumes.</summary>
    public async Task<int> NumOfVolumesAsync() =>
        (await Connection.CallAsync<StoragePoolArgs, IntRet>(RemoteProcedure.StoragePoolNumOfVolumes, Args).ConfigureAwait(false)).Value;

    /// <summary>virStoragePoolListAllVolumes.</summary>
    public async Task<IReadOnlyList<StorageVolume>> ListAllVolumesAsync(uint flags = 0) =>
        (await Connection.CallAsync<StoragePoolListAllVolumesArgs, StoragePoolListAllVolumesRet>(RemoteProcedure.StoragePoolListAllVolumes,
            new(Handle, 1, flags)).ConfigureAwait(false)).Vols.Select(v => new StorageVolume(Connection, v)).ToList();

    /// <summary>virStorageVolLookupByName within this pool.</summary>
    public async Task<StorageVolume> LookupVolumeByNameAsync(string name) =>
        new(Connection, (await Connection.CallAsync<StorageVolLookupByNameArgs, StorageVolRet>(RemoteProcedure.StorageVolLookupByName,
            new(Handle, name)).ConfigureAwait(false)).Vol);

    /// <summary>virStorageVolCreateXML.</summary>
    public async Task<StorageVolume> CreateVolumeXmlAsync(string xml, StorageVolumeCreateFlags flags = StorageVolumeCreateFlags.None) =>
        new(Connection, (await Connection.CallAsync<StorageVolCreateXmlArgs, StorageVolRet>(RemoteProcedure.StorageVolCreateXml,
            new(Handle, xml, (uint)flags)).ConfigureAwait(false)).Vol);

    /// <summary>virStorageVolCreateXMLFrom: a new volume initialised from <paramref name="clone"/>.</summary>
    public async Task<StorageVolume> CreateVolumeXmlFromAsync(string xml, StorageVolume clone, StorageVolumeCreateFlags flags = StorageVolumeCreateFlags.None) =>
        new(Connection, (await Connection.CallAsync<StorageVolCreateXmlFromArgs, StorageVolRet>(RemoteProcedure.StorageVolCreateXmlFrom,
            new(Handle, xml, clone.Handle, (uint)flags)).ConfigureAwait(false)).Vol);
}
