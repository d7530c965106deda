using Vireo.Model.Identity;
using Vireo.Model.Storage;

namespace Vireo.Model.Defaults;

/// <summary>Fills in parsed pools and volumes the way libvirt does on pool-define and vol-create.</summary>
public static class StorageDefaults
{
    /// <summary>The size libvirt's test driver gives every pool: 100 GiB.</summary>
    public const ulong TestPoolCapacity = 100UL * 1024 * 1024 * 1024;

    /// <summary>Source format libvirt picks when a pool of this type gives none (null: no format element).</summary>
    public static string? DefaultPoolFormat(string poolType) => poolType switch
    {
        "fs" or "netfs" => "auto",
        "logical" => "lvm2",
        "disk" => "unknown",
        _ => null,
    };

    /// <summary>Generic defaults plus the test driver's: a UUID, the default source format, and a 100 GiB empty pool.</summary>
    public static void ApplyPoolForTestDriver(StoragePoolDefinition pool, Func<Guid>? newUuid = null)
    {
        ApplyPool(pool, newUuid);
        pool.CapacityBytes = TestPoolCapacity;
        pool.AllocationBytes = 0;
        pool.AvailableBytes = TestPoolCapacity;
    }

    /// <summary>Driver-independent pool defaults: a UUID and the default source format.</summary>
    public static void ApplyPool(StoragePoolDefinition pool, Func<Guid>? newUuid = null)
    {
        if (!pool.HasUuid)
            pool.Uuid = (newUuid ?? Uuid.Generate)();
        pool.Source.Format ??= DefaultPoolFormat(pool.Type);
        if (pool.Type == "logical")
            pool.Source.Name ??= pool.Name; // the volume group is named after the pool
    }

    /// <summary>What the test driver does on vol-create in <paramref name="pool"/>: key and path under the pool's target, type file, raw format, fully allocated unless told otherwise.</summary>
    public static void ApplyVolumeForTestDriver(StorageVolumeDefinition vol, StoragePoolDefinition pool)
    {
        vol.Type ??= "file";
        vol.TargetPath = pool.TargetPath + "/" + vol.Name;
        vol.Key = vol.TargetPath;
        vol.AllocationBytes ??= vol.CapacityBytes;
        vol.TargetFormat ??= "raw";
    }
}
