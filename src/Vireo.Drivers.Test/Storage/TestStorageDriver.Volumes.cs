using Vireo.Drivers.Storage;
using Vireo.Model.Storage;
using Vireo.Protocol.Errors;

namespace Vireo.Drivers.Test.Storage;

/// <summary>Volumes: records inside their pool, path = pool target + "/" + name, key = path; sizes count against the pool.</summary>
public sealed partial class TestStorageDriver
{
    public Task<IReadOnlyList<StorageVolRef>> ListAllVolumesAsync(StoragePoolRef pool, uint flags)
    {
        TestErrors.CheckFlags(flags, 0, "testStoragePoolListAllVolumes");
        lock (_lock)
        {
            var p = ByUuid(pool.Uuid);
            if (!p.Active)
                throw TestErrors.Invalid("storage pool is not active");
            return Task.FromResult<IReadOnlyList<StorageVolRef>>(p.Volumes.Select(p.VolRef).ToList());
        }
    }

    public Task<StorageVolRef> LookupVolByNameAsync(StoragePoolRef pool, string name)
    {
        lock (_lock)
        {
            var p = Active(pool.Name);
            return Task.FromResult(p.VolRef(Volume(p, name)));
        }
    }

    /// <summary>Searches the running pools only, as libvirt does.</summary>
    public Task<StorageVolRef> LookupVolByKeyAsync(string key)
    {
        lock (_lock)
        {
            foreach (var p in _pools.Where(p => p.Active))
            {
                if (p.Volumes.FirstOrDefault(v => v.Key == key) is { } v)
                    return Task.FromResult(p.VolRef(v));
            }
        }
        throw NoVol($"no storage vol with matching key '{key}'");
    }

    public Task<StorageVolRef> LookupVolByPathAsync(string path)
    {
        lock (_lock)
        {
            foreach (var p in _pools.Where(p => p.Active))
            {
                if (p.Volumes.FirstOrDefault(v => v.TargetPath == path) is { } v)
                    return Task.FromResult(p.VolRef(v));
            }
        }
        throw NoVol($"no storage vol with matching path '{path}'");
    }

    public Task<StorageVolRef> CreateVolXmlAsync(StoragePoolRef pool, string xml, uint flags)
    {
        TestErrors.CheckFlags(flags, 0, "testStorageVolCreateXML");
        return Task.FromResult(Change(_ =>
        {
            var p = Active(pool.Name);
            var v = ParseVolume(p, xml);
            return AddVolume(p, v);
        }));
    }

    /// <summary>testStorageVolCreateXMLFrom: the clone takes its sizes from the new XML; the source must be in the same pool.</summary>
    public Task<StorageVolRef> CreateVolXmlFromAsync(StoragePoolRef pool, string xml, StorageVolRef source, uint flags)
    {
        TestErrors.CheckFlags(flags, 0, "testStorageVolCreateXMLFrom");
        return Task.FromResult(Change(events =>
        {
            var p = Active(pool.Name);
            var v = ParseVolume(p, xml);
            if (p.Volumes.Any(x => x.Name == v.Name))
                throw TestErrors.OperationFailed("storage vol already exists", ErrorDomain.Test);
            _ = Volume(p, source.Name);
            return AddVolume(p, v);
        }));
    }

    public Task DeleteVolAsync(StorageVolRef vol, uint flags)
    {
        TestErrors.CheckFlags(flags, 0, "testStorageVolDelete");
        return Change(_ =>
        {
            var p = Active(vol.Pool);
            var v = Volume(p, vol.Name);
            p.Allocate(-(long)(v.AllocationBytes ?? 0));
            p.Volumes.Remove(v);
        });
    }

    /// <summary>testStorageVolGetInfo. The test driver has no virStorageVolGetInfoFlags, so any flag is "not supported".</summary>
    public Task<StorageVolInfo> GetVolInfoAsync(StorageVolRef vol, uint flags)
    {
        if (flags != 0)
            throw TestErrors.NoSupport("virStorageVolGetInfoFlags", ErrorDomain.Storage);
        lock (_lock)
        {
            var p = Active(vol.Pool);
            var v = Volume(p, vol.Name);
            return Task.FromResult(new StorageVolInfo(VolumeTypeForPool(p.Def.Type), v.CapacityBytes, v.AllocationBytes ?? v.CapacityBytes));
        }
    }

    public Task<string> GetVolXmlDescAsync(StorageVolRef vol, uint flags)
    {
        TestErrors.CheckFlags(flags, 0, "testStorageVolGetXMLDesc");
        lock (_lock)
        {
            var p = Active(vol.Pool);
            return Task.FromResult(Volume(p, vol.Name).ToXml());
        }
    }

    public Task<string> GetVolPathAsync(StorageVolRef vol)
    {
        lock (_lock)
        {
            var p = Active(vol.Pool);
            return Task.FromResult(Volume(p, vol.Name).TargetPath ?? "");
        }
    }

    // ---- helpers (call with _lock held) ----

    private static LibvirtException NoVol(string detail) =>
        new(ErrorCode.NoStorageVol, ErrorDomain.Test, "Storage volume not found: " + detail);

    private static StorageVolumeDefinition Volume(TestPool p, string name) =>
        p.Volumes.FirstOrDefault(v => v.Name == name) ?? throw NoVol($"no storage vol with matching name '{name}'");

    private static StorageVolumeDefinition ParseVolume(TestPool p, string xml)
    {
        var v = TestErrors.Model(() => StorageVolumeDefinition.Parse(xml));
        CompleteVolume(p, v);
        return v;
    }

    /// <summary>virStorageVolDefParseXML's defaults in a pool: type file, allocation = capacity, raw format in file-based pools.</summary>
    private static void CompleteVolume(TestPool p, StorageVolumeDefinition v)
    {
        v.Type ??= "file";
        v.AllocationBytes ??= v.CapacityBytes;
        if (p.Def.Type is "dir" or "fs" or "netfs" or "vstorage")
            v.TargetFormat ??= "raw";
    }

    private static StorageVolRef AddVolume(TestPool p, StorageVolumeDefinition v)
    {
        if (p.Volumes.Any(x => x.Name == v.Name))
            throw TestErrors.OperationFailed("storage vol already exists", ErrorDomain.Test);
        ulong allocation = v.AllocationBytes ?? 0;
        if (p.Allocation + allocation > p.Capacity)
            throw TestErrors.Internal($"Not enough free space in pool for volume '{v.Name}'");
        v.TargetPath = p.Def.TargetPath + "/" + v.Name;
        v.Key = v.TargetPath;
        p.Volumes.Add(v);
        p.Allocate((long)allocation);
        return p.VolRef(v);
    }

    /// <summary>testStorageVolumeTypeForPool: 0 file, 1 block, 3 network.</summary>
    private static int VolumeTypeForPool(string poolType) => poolType switch
    {
        "dir" or "fs" or "netfs" or "vstorage" => 0,
        "sheepdog" or "iscsi-direct" or "gluster" or "rbd" => 3,
        _ => 1,
    };
}
