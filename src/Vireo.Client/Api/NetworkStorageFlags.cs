namespace Vireo.Client.Api;

// Flag sets of the network and storage APIs, with libvirt's values (libvirt-network.h, libvirt-storage.h, 9.0).

/// <summary>virConnectListAllNetworksFlags.</summary>
[Flags]
public enum ListNetworksFlags : uint
{
    None = 0,
    Inactive = 1 << 0,
    Active = 1 << 1,
    Persistent = 1 << 2,
    Transient = 1 << 3,
    Autostart = 1 << 4,
    NoAutostart = 1 << 5,
}

/// <summary>virNetworkUpdateCommand.</summary>
public enum NetworkUpdateCommand : uint
{
    None = 0,
    Modify = 1,
    Delete = 2,
    AddLast = 3,
    AddFirst = 4,
}

/// <summary>virNetworkUpdateSection.</summary>
public enum NetworkUpdateSection : uint
{
    None = 0,
    Bridge = 1,
    Domain = 2,
    Ip = 3,
    IpDhcpHost = 4,
    IpDhcpRange = 5,
    Forward = 6,
    ForwardInterface = 7,
    ForwardPf = 8,
    Portgroup = 9,
    DnsHost = 10,
    DnsTxt = 11,
    DnsSrv = 12,
}

/// <summary>virConnectListAllStoragePoolsFlags.</summary>
[Flags]
public enum ListStoragePoolsFlags : uint
{
    None = 0,
    Inactive = 1 << 0,
    Active = 1 << 1,
    Persistent = 1 << 2,
    Transient = 1 << 3,
    Autostart = 1 << 4,
    NoAutostart = 1 << 5,
    Dir = 1 << 6,
    Fs = 1 << 7,
    Netfs = 1 << 8,
    Logical = 1 << 9,
    Disk = 1 << 10,
    Iscsi = 1 << 11,
    Scsi = 1 << 12,
    Mpath = 1 << 13,
    Rbd = 1 << 14,
    Sheepdog = 1 << 15,
    Gluster = 1 << 16,
    Zfs = 1 << 17,
    Vstorage = 1 << 18,
    IscsiDirect = 1 << 19,
}

/// <summary>virStoragePoolState.</summary>
public enum StoragePoolState
{
    Inactive = 0,
    Building = 1,
    Running = 2,
    Degraded = 3,
    Inaccessible = 4,
}

/// <summary>virStorageVolType.</summary>
public enum StorageVolumeType
{
    File = 0,
    Block = 1,
    Dir = 2,
    Network = 3,
    Netdir = 4,
    Ploop = 5,
}

/// <summary>virStoragePoolBuildFlags.</summary>
[Flags]
public enum StoragePoolBuildFlags : uint
{
    New = 0,
    Repair = 1 << 0,
    Resize = 1 << 1,
    NoOverwrite = 1 << 2,
    Overwrite = 1 << 3,
}

/// <summary>virStoragePoolCreateFlags.</summary>
[Flags]
public enum StoragePoolCreateFlags : uint
{
    Normal = 0,
    WithBuild = 1 << 0,
    WithBuildOverwrite = 1 << 1,
    WithBuildNoOverwrite = 1 << 2,
}

/// <summary>virStorageVolCreateFlags.</summary>
[Flags]
public enum StorageVolumeCreateFlags : uint
{
    None = 0,
    PreallocMetadata = 1 << 0,
    Reflink = 1 << 1,
    Validate = 1 << 2,
}

/// <summary>virStorageVolDeleteFlags.</summary>
[Flags]
public enum StorageVolumeDeleteFlags : uint
{
    Normal = 0,
    Zeroed = 1 << 0,
    WithSnapshots = 1 << 1,
}
