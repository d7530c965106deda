namespace Vireo.Drivers.Storage;

/// <summary>Storage pool and volume operations (pool-* and vol-* commands).</summary>
public interface IStorageDriver
{
    Task<IReadOnlyList<StoragePoolRef>> ListAllPoolsAsync(uint flags);
    Task<StoragePoolRef> LookupPoolByNameAsync(string name);
    Task<StoragePoolRef> LookupPoolByUuidAsync(Guid uuid);
    Task<StoragePoolRef> LookupPoolByVolumeAsync(StorageVolRef vol);
    Task<StoragePoolRef> DefinePoolXmlAsync(string xml, uint flags);
    Task<StoragePoolRef> CreatePoolXmlAsync(string xml, uint flags);
    Task BuildPoolAsync(StoragePoolRef pool, uint flags);
    Task CreatePoolAsync(StoragePoolRef pool, uint flags);
    Task DestroyPoolAsync(StoragePoolRef pool);
    Task DeletePoolAsync(StoragePoolRef pool, uint flags);
    Task UndefinePoolAsync(StoragePoolRef pool);
    Task RefreshPoolAsync(StoragePoolRef pool, uint flags);
    Task<StoragePoolInfo> GetPoolInfoAsync(StoragePoolRef pool);
    Task<string> GetPoolXmlDescAsync(StoragePoolRef pool, uint flags);
    Task<bool> GetPoolAutostartAsync(StoragePoolRef pool);
    Task SetPoolAutostartAsync(StoragePoolRef pool, bool autostart);
    Task<bool> IsPoolActiveAsync(StoragePoolRef pool);
    Task<bool> IsPoolPersistentAsync(StoragePoolRef pool);

    Task<IReadOnlyList<StorageVolRef>> ListAllVolumesAsync(StoragePoolRef pool, uint flags);
    Task<StorageVolRef> LookupVolByNameAsync(StoragePoolRef pool, string name);
    Task<StorageVolRef> LookupVolByKeyAsync(string key);
    Task<StorageVolRef> LookupVolByPathAsync(string path);
    Task<StorageVolRef> CreateVolXmlAsync(StoragePoolRef pool, string xml, uint flags);
    Task<StorageVolRef> CreateVolXmlFromAsync(StoragePoolRef pool, string xml, StorageVolRef source, uint flags);
    Task DeleteVolAsync(StorageVolRef vol, uint flags);
    Task<StorageVolInfo> GetVolInfoAsync(StorageVolRef vol, uint flags);
    Task<string> GetVolXmlDescAsync(StorageVolRef vol, uint flags);
    Task<string> GetVolPathAsync(StorageVolRef vol);

    // Streams (vol-upload / vol-download): the daemon pumps the returned stream over the call's RPC stream.
    // Upload: the daemon writes the client's bytes, then flushes and disposes it on finish (disposes only on abort).
    /// <summary>virStorageVolUpload: a writable stream into the volume at offset (length 0 = to the end).</summary>
    Task<Stream> UploadVolAsync(StorageVolRef vol, ulong offset, ulong length, uint flags) =>
        throw Vireo.Protocol.Errors.LibvirtException.NoSupport("virStorageVolUpload", Vireo.Protocol.Errors.ErrorDomain.Storage);
    /// <summary>virStorageVolDownload: a readable stream of the volume from offset (length 0 = to the end).</summary>
    Task<Stream> DownloadVolAsync(StorageVolRef vol, ulong offset, ulong length, uint flags) =>
        throw Vireo.Protocol.Errors.LibvirtException.NoSupport("virStorageVolDownload", Vireo.Protocol.Errors.ErrorDomain.Storage);

    /// <summary>virStorageVolResize (flags: 1 delta, 2 allocate, 4 shrink); drivers without it say "not supported".</summary>
    Task ResizeVolAsync(StorageVolRef vol, ulong capacity, uint flags) =>
        throw Vireo.Protocol.Errors.LibvirtException.NoSupport("virStorageVolResize", Vireo.Protocol.Errors.ErrorDomain.Storage);

    /// <summary>virStorageVolWipePattern (virStorageVolWipe is algorithm 0, zero); drivers without it say "not supported".</summary>
    Task WipeVolAsync(StorageVolRef vol, uint algorithm, uint flags) =>
        throw Vireo.Protocol.Errors.LibvirtException.NoSupport(algorithm == 0 ? "virStorageVolWipe" : "virStorageVolWipePattern", Vireo.Protocol.Errors.ErrorDomain.Storage);
}
