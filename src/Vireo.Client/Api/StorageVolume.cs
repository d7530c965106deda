using Vireo.Protocol.Remote;
using Vireo.Protocol.Remote.Messages;

namespace Vireo.Client.Api;

/// <summary>virStorageVolInfo: sizes in bytes.</summary>
public sealed record StorageVolumeInfo(StorageVolumeType Type, ulong Capacity, ulong Allocation);

/// <summary>A storage volume handle (virStorageVolPtr): pool name, volume name and key (usually the path).</summary>
public sealed class StorageVolume
{
    /// <summary>VIR_STORAGE_VOL_GET_PHYSICAL: report the physical size instead of the allocation.</summary>
    public const uint GetPhysicalFlag = 1;

    internal StorageVolume(Connection connection, RemoteNonnullStorageVol handle)
    {
        Connection = connection;
        Handle = handle;
    }

    public Connection Connection { get; }

    /// <summary>The identity sent on the wire (remote_nonnull_storage_vol).</summary>
    public RemoteNonnullStorageVol Handle { get; }

    /// <summary>virStorageVolGetName.</summary>
    public string Name => Handle.Name;

    /// <summary>virStorageVolGetKey.</summary>
    public string Key => Handle.Key;

    /// <summary>The name of the pool the volume belongs to.</summary>
    public string PoolName => Handle.Pool;

    public override string ToString() => Name;

    private StorageVolArgs Args => new(Handle);

    /// <summary>virStorageVolGetPath.</summary>
    public async Task<string> GetPathAsync() =>
        (await Connection.CallAsync<StorageVolArgs, StringRet>(RemoteProcedure.StorageVolGetPath, Args).ConfigureAwait(false)).Value;

    /// <summary>virStorageVolGetInfo, or virStorageVolGetInfoFlags when flags are given.</summary>
    public async Task<StorageVolumeInfo> GetInfoAsync(uint flags = 0)
    {
        var r = flags == 0
            ? await Connection.CallAsync<StorageVolArgs, StorageVolGetInfoRet>(RemoteProcedure.StorageVolGetInfo, Args).ConfigureAwait(false)
            : await Connection.CallAsync<StorageVolFlagsArgs, StorageVolGetInfoRet>(RemoteProcedure.StorageVolGetInfoFlags, new(Handle, flags)).ConfigureAwait(false);
        return new StorageVolumeInfo((StorageVolumeType)r.Type, r.Capacity, r.Allocation);
    }

    /// <summary>virStorageVolGetXMLDesc.</summary>
    public async Task<string> GetXmlDescAsync(uint flags = 0) =>
        (await Connection.CallAsync<StorageVolFlagsArgs, StringRet>(RemoteProcedure.StorageVolGetXmlDesc, new(Handle, flags)).ConfigureAwait(false)).Value;

    /// <summary>virStorageVolDelete.</summary>
    public Task DeleteAsync(StorageVolumeDeleteFlags flags = StorageVolumeDeleteFlags.Normal) =>
        Connection.CallVoidAsync(RemoteProcedure.StorageVolDelete, new StorageVolFlagsArgs(Handle, (uint)flags));

    /// <summary>virStorageVolWipe.</summary>
    public Task WipeAsync(uint flags = 0) => Connection.CallVoidAsync(RemoteProcedure.StorageVolWipe, new StorageVolFlagsArgs(Handle, flags));

    /// <summary>virStoragePoolLookupByVolume: the pool holding this volume.</summary>
    public async Task<StoragePool> GetPoolAsync() =>
        new(Connection, (await Connection.CallAsync<StorageVolArgs, StoragePoolRet>(RemoteProcedure.StoragePoolLookupByVolume, Args).ConfigureAwait(false)).Pool);

    /// <summary>VIR_STORAGE_VOL_UPLOAD_SPARSE_STREAM / VIR_STORAGE_VOL_DOWNLOAD_SPARSE_STREAM.</summary>
    public const uint SparseStreamFlag = 1;

    /// <summary>virStorageVolUpload: a stream to send the new content into (length 0 = to the end), then finish.</summary>
    public async Task<VirStream> UploadAsync(ulong offset, ulong length, uint flags = 0) =>
        (await VirStream.OpenAsync(Connection.Rpc, (int)RemoteProcedure.StorageVolUpload,
            new StorageVolTransferArgs(Handle, offset, length, flags).Encode).ConfigureAwait(false)).Stream;

    /// <summary>virStorageVolDownload: a stream of the volume's content (length 0 = to the end); receive to the end, then finish.</summary>
    public async Task<VirStream> DownloadAsync(ulong offset, ulong length, uint flags = 0) =>
        (await VirStream.OpenAsync(Connection.Rpc, (int)RemoteProcedure.StorageVolDownload,
            new StorageVolTransferArgs(Handle, offset, length, flags).Encode).ConfigureAwait(false)).Stream;
}
