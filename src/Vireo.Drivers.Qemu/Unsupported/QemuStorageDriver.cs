using Vireo.Drivers.Storage;
using Vireo.Protocol.Errors;

namespace Vireo.Drivers.Qemu.Unsupported;

/// <summary>Storage pools on qemu:/// until the storage issue lands: none exist, and creating them is not supported.</summary>
internal sealed class QemuStorageDriver : IStorageDriver
{
    private static LibvirtException NoPool(string detail) => new(ErrorCode.NoStoragePool, ErrorDomain.Storage, "Storage pool not found: " + detail);
    private static LibvirtException NoVol(string detail) => new(ErrorCode.NoStorageVol, ErrorDomain.Storage, "Storage volume not found: " + detail);
    private static LibvirtException NotYet(string api) => LibvirtException.NoSupport(api, ErrorDomain.Storage);

    public Task<IReadOnlyList<StoragePoolRef>> ListAllPoolsAsync(uint flags) => Task.FromResult<IReadOnlyList<StoragePoolRef>>([]);
    public Task<StoragePoolRef> LookupPoolByNameAsync(string name) => throw NoPool($"no storage pool with matching name '{name}'");
    public Task<StoragePoolRef> LookupPoolByUuidAsync(Guid uuid) => throw NoPool($"no storage pool with matching uuid '{uuid:D}'");
    public Task<StoragePoolRef> LookupPoolByVolumeAsync(StorageVolRef vol) => throw NoPool($"no storage pool with matching name '{vol.Pool}'");
    public Task<StoragePoolRef> DefinePoolXmlAsync(string xml, uint flags) => throw NotYet("virStoragePoolDefineXML");
    public Task<StoragePoolRef> CreatePoolXmlAsync(string xml, uint flags) => throw NotYet("virStoragePoolCreateXML");
    public Task BuildPoolAsync(StoragePoolRef pool, uint flags) => throw NotYet("virStoragePoolBuild");
    public Task CreatePoolAsync(StoragePoolRef pool, uint flags) => throw NotYet("virStoragePoolCreate");
    public Task DestroyPoolAsync(StoragePoolRef pool) => throw NotYet("virStoragePoolDestroy");
    public Task DeletePoolAsync(StoragePoolRef pool, uint flags) => throw NotYet("virStoragePoolDelete");
    public Task UndefinePoolAsync(StoragePoolRef pool) => throw NotYet("virStoragePoolUndefine");
    public Task RefreshPoolAsync(StoragePoolRef pool, uint flags) => throw NotYet("virStoragePoolRefresh");
    public Task<StoragePoolInfo> GetPoolInfoAsync(StoragePoolRef pool) => throw NoPool($"no storage pool with matching name '{pool.Name}'");
    public Task<string> GetPoolXmlDescAsync(StoragePoolRef pool, uint flags) => throw NoPool($"no storage pool with matching name '{pool.Name}'");
    public Task<bool> GetPoolAutostartAsync(StoragePoolRef pool) => throw NoPool($"no storage pool with matching name '{pool.Name}'");
    public Task SetPoolAutostartAsync(StoragePoolRef pool, bool autostart) => throw NotYet("virStoragePoolSetAutostart");
    public Task<bool> IsPoolActiveAsync(StoragePoolRef pool) => throw NoPool($"no storage pool with matching name '{pool.Name}'");
    public Task<bool> IsPoolPersistentAsync(StoragePoolRef pool) => throw NoPool($"no storage pool with matching name '{pool.Name}'");
    public Task<IReadOnlyList<StorageVolRef>> ListAllVolumesAsync(StoragePoolRef pool, uint flags) => throw NoPool($"no storage pool with matching name '{pool.Name}'");
    public Task<StorageVolRef> LookupVolByNameAsync(StoragePoolRef pool, string name) => throw NoPool($"no storage pool with matching name '{pool.Name}'");
    public Task<StorageVolRef> LookupVolByKeyAsync(string key) => throw NoVol($"no storage vol with matching key {key}");
    public Task<StorageVolRef> LookupVolByPathAsync(string path) => throw NoVol($"no storage vol with matching path '{path}'");
    public Task<StorageVolRef> CreateVolXmlAsync(StoragePoolRef pool, string xml, uint flags) => throw NotYet("virStorageVolCreateXML");
    public Task<StorageVolRef> CreateVolXmlFromAsync(StoragePoolRef pool, string xml, StorageVolRef source, uint flags) => throw NotYet("virStorageVolCreateXMLFrom");
    public Task DeleteVolAsync(StorageVolRef vol, uint flags) => throw NotYet("virStorageVolDelete");
    public Task<StorageVolInfo> GetVolInfoAsync(StorageVolRef vol, uint flags) => throw NoVol($"no storage vol with matching name '{vol.Name}'");
    public Task<string> GetVolXmlDescAsync(StorageVolRef vol, uint flags) => throw NoVol($"no storage vol with matching name '{vol.Name}'");
    public Task<string> GetVolPathAsync(StorageVolRef vol) => throw NoVol($"no storage vol with matching name '{vol.Name}'");
}
