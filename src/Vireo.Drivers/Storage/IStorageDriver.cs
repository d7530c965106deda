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

    /// <summary>virStorageVolResize (flags: 1 delta, 2 allocate, 4 shrink); drivers without it say "not supported".</summary>
    Task ResizeVolAsync(StorageVolRef vol, ulong capacity, uint flags) =>
        throw Vireo.Protocol.Errors.LibvirtException.NoSupport("virStorageVolResize", Vireo.Protocol.Errors.ErrorDomain.Storage);

    /// <summary>virStorageVolWipePattern (virStorageVolWipe is algorithm 0, zero); drivers without it say "not supported".</summary>
    Task WipeVolAsync(StorageVolRef vol, uint algorithm, uint flags) =>
        throw Vireo.Protocol.Errors.LibvirtException.NoSupport(algorithm == 0 ? "virStorageVolWipe" : "virStorageVolWipePattern", Vireo.Protocol.Errors.ErrorDomain.Storage);
}
