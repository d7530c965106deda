using Vireo.Drivers.Storage;
using Vireo.Model.Storage;

namespace Vireo.Drivers.Test.Storage;

/// <summary>One storage pool of the test driver with its volumes; sizes are bookkeeping only. Guarded by the driver's lock.</summary>
internal sealed class TestPool(StoragePoolDefinition def, bool persistent)
{
    /// <summary>Every pool of the test driver claims 100 GiB (defaultPoolCap).</summary>
    public const ulong DefaultCapacity = 100UL * 1024 * 1024 * 1024;

    public StoragePoolDefinition Def { get; set; } = def;

    /// <summary>A redefinition of a running pool, applied to nothing (libvirt keeps it aside as newDef).</summary>
    public StoragePoolDefinition? NewDef { get; set; }

    /// <summary>Persistent pools have a (here: empty) config file; transient ones, created with pool-create, do not.</summary>
    public bool Persistent { get; } = persistent;
    public bool Active { get; set; }
    public bool Autostart { get; set; }
    public List<StorageVolumeDefinition> Volumes { get; } = [];

    public string Name => Def.Name;
    public Guid Uuid => Def.Uuid;
    public StoragePoolRef Ref => new(Name, Uuid);

    public ulong Capacity => Def.CapacityBytes ?? 0;
    public ulong Allocation => Def.AllocationBytes ?? 0;

    /// <summary>testStoragePoolObjSetDefaults: 100 GiB, nothing allocated.</summary>
    public void SetDefaults()
    {
        Def.CapacityBytes = DefaultCapacity;
        Def.AllocationBytes = 0;
        Def.AvailableBytes = DefaultCapacity;
    }

    /// <summary>Adds (or with a negative value removes) volume allocation and recomputes what is available.</summary>
    public void Allocate(long bytes)
    {
        Def.AllocationBytes = (ulong)((long)Allocation + bytes);
        Def.AvailableBytes = Capacity - Allocation;
    }

    public StorageVolRef VolRef(StorageVolumeDefinition v) => new(Name, v.Name, v.Key ?? v.TargetPath ?? v.Name);
}
