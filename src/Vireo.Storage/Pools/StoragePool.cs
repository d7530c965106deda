using Vireo.Drivers.Storage;
using Vireo.Model.Storage;
using Vireo.Storage.Backends;
using Vireo.Storage.Volumes;

namespace Vireo.Storage.Pools;

/// <summary>One pool of the driver: its configuration, its live state and the volumes its last refresh found.</summary>
internal sealed class StoragePool(StoragePoolDefinition def, bool persistent, PoolBackend backend)
{
    /// <summary>The definition in force (the config of an inactive pool, the running definition of an active one).</summary>
    public StoragePoolDefinition Def { get; set; } = def;

    /// <summary>A redefinition of a running pool: it becomes <see cref="Def"/> when the pool stops.</summary>
    public StoragePoolDefinition? NewDef { get; set; }

    public bool Persistent { get; set; } = persistent;
    public bool Active { get; set; }
    public bool Autostart { get; set; }
    public PoolBackend Backend { get; set; } = backend;

    /// <summary>Capacity, allocation and available bytes from the last refresh.</summary>
    public PoolUsage Usage { get; set; }

    /// <summary>Permissions of the target as the last refresh saw them (libvirt shows them in the live XML).</summary>
    public StoragePermissions? LiveTargetPermissions { get; set; }

    public List<Volume> Volumes { get; } = [];

    public string Name => Def.Name;
    public Guid Uuid => Def.Uuid;
    public StoragePoolRef Ref => new(Name, Uuid);

    public StorageVolRef VolRef(Volume v) => new(Name, v.Name, v.Key);

    /// <summary>The live XML: the definition with sizes and the target's current permissions.</summary>
    public StoragePoolDefinition LiveDefinition()
    {
        var d = Def.Clone();
        d.CapacityBytes = Usage.Capacity;
        d.AllocationBytes = Usage.Allocation;
        d.AvailableBytes = Usage.Available;
        if (Active && LiveTargetPermissions is not null)
            d.TargetPermissions = LiveTargetPermissions;
        return d;
    }
}

/// <summary>Pool sizes in bytes.</summary>
internal readonly record struct PoolUsage(ulong Capacity, ulong Allocation, ulong Available);
