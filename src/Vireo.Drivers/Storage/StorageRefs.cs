namespace Vireo.Drivers.Storage;

/// <summary>Identity of a storage pool.</summary>
public sealed record StoragePoolRef(string Name, Guid Uuid);

/// <summary>Identity of a storage volume: its pool, name and key (the path for file-based pools).</summary>
public sealed record StorageVolRef(string Pool, string Name, string Key);

/// <summary>virStoragePoolInfo: state (0 inactive, 1 building, 2 running, 3 degraded, 4 inaccessible), sizes in bytes.</summary>
public sealed record StoragePoolInfo(int State, ulong Capacity, ulong Allocation, ulong Available);

/// <summary>virStorageVolInfo: type (0 file, 1 block, 2 dir, 3 network, 4 netdir, 5 ploop), sizes in bytes.</summary>
public sealed record StorageVolInfo(int Type, ulong Capacity, ulong Allocation);

/// <summary>Flags of the storage APIs.</summary>
public static class StorageFlags
{
    public const uint ListInactive = 1, ListActive = 2, ListPersistent = 4, ListTransient = 8, ListAutostart = 16, ListNoAutostart = 32;
}
