namespace Vireo.Client.Api;

// Flag sets of the domain API, with libvirt's values (include/libvirt/libvirt-domain.h, 9.0).

/// <summary>virDomainState.</summary>
public enum DomainState
{
    NoState = 0,
    Running = 1,
    Blocked = 2,
    Paused = 3,
    Shutdown = 4,
    Shutoff = 5,
    Crashed = 6,
    PmSuspended = 7,
}

/// <summary>virDomainModificationImpact: which definition a change affects.</summary>
[Flags]
public enum DomainAffect : uint
{
    Current = 0,
    Live = 1 << 0,
    Config = 1 << 1,
}

/// <summary>virConnectListAllDomainsFlags.</summary>
[Flags]
public enum ListDomainsFlags : uint
{
    None = 0,
    Active = 1 << 0,
    Inactive = 1 << 1,
    Persistent = 1 << 2,
    Transient = 1 << 3,
    Running = 1 << 4,
    Paused = 1 << 5,
    Shutoff = 1 << 6,
    Other = 1 << 7,
    ManagedSave = 1 << 8,
    NoManagedSave = 1 << 9,
    Autostart = 1 << 10,
    NoAutostart = 1 << 11,
    HasSnapshot = 1 << 12,
    NoSnapshot = 1 << 13,
    HasCheckpoint = 1 << 14,
    NoCheckpoint = 1 << 15,
}

/// <summary>virDomainXMLFlags.</summary>
[Flags]
public enum DomainXmlFlags : uint
{
    None = 0,
    Secure = 1 << 0,
    Inactive = 1 << 1,
    UpdateCpu = 1 << 2,
    Migratable = 1 << 3,
}

/// <summary>virDomainCreateFlags (virsh start/create).</summary>
[Flags]
public enum DomainStartFlags : uint
{
    None = 0,
    Paused = 1 << 0,
    Autodestroy = 1 << 1,
    BypassCache = 1 << 2,
    ForceBoot = 1 << 3,
    Validate = 1 << 4,
    ResetNvram = 1 << 5,
}

/// <summary>virDomainDefineFlags.</summary>
[Flags]
public enum DomainDefineFlags : uint
{
    None = 0,
    Validate = 1 << 0,
}

/// <summary>virDomainUndefineFlagsValues.</summary>
[Flags]
public enum DomainUndefineFlags : uint
{
    None = 0,
    ManagedSave = 1 << 0,
    SnapshotsMetadata = 1 << 1,
    Nvram = 1 << 2,
    KeepNvram = 1 << 3,
    CheckpointsMetadata = 1 << 4,
    Tpm = 1 << 5,
    KeepTpm = 1 << 6,
}

/// <summary>virDomainSaveRestoreFlags.</summary>
[Flags]
public enum DomainSaveFlags : uint
{
    None = 0,
    BypassCache = 1 << 0,
    Running = 1 << 1,
    Paused = 1 << 2,
    ResetNvram = 1 << 3,
}

/// <summary>virDomainShutdownFlagValues (also virDomainRebootFlagValues, same bits).</summary>
[Flags]
public enum DomainShutdownFlags : uint
{
    Default = 0,
    AcpiPowerButton = 1 << 0,
    GuestAgent = 1 << 1,
    Initctl = 1 << 2,
    Signal = 1 << 3,
    Paravirt = 1 << 4,
}

/// <summary>virDomainDestroyFlagsValues.</summary>
[Flags]
public enum DomainDestroyFlags : uint
{
    Default = 0,
    Graceful = 1 << 0,
    RemoveLogs = 1 << 1,
}

/// <summary>virDomainMemoryModFlags: affect bits plus MAXIMUM.</summary>
[Flags]
public enum DomainMemoryFlags : uint
{
    Current = 0,
    Live = 1 << 0,
    Config = 1 << 1,
    Maximum = 1 << 2,
}

/// <summary>virDomainVcpuFlags: affect bits plus MAXIMUM, GUEST, HOTPLUGGABLE.</summary>
[Flags]
public enum DomainVcpuFlags : uint
{
    Current = 0,
    Live = 1 << 0,
    Config = 1 << 1,
    Maximum = 1 << 2,
    Guest = 1 << 3,
    Hotpluggable = 1 << 4,
}

/// <summary>virDomainGetJobStatsFlags.</summary>
[Flags]
public enum DomainJobStatsFlags : uint
{
    None = 0,
    Completed = 1 << 0,
    KeepCompleted = 1 << 1,
}

/// <summary>virDomainJobType.</summary>
public enum DomainJobType
{
    None = 0,
    Bounded = 1,
    Unbounded = 2,
    Completed = 3,
    Failed = 4,
    Cancelled = 5,
}

/// <summary>virDomainInterfaceAddressesSource.</summary>
public enum InterfaceAddressSource : uint
{
    Lease = 0,
    Agent = 1,
    Arp = 2,
}

/// <summary>virDomainMigrateFlags.</summary>
[Flags]
public enum MigrateFlags : uint
{
    None = 0,
    Live = 1 << 0,
    PeerToPeer = 1 << 1,
    Tunnelled = 1 << 2,
    PersistDest = 1 << 3,
    UndefineSource = 1 << 4,
    Paused = 1 << 5,
    NonSharedDisk = 1 << 6,
    NonSharedInc = 1 << 7,
    ChangeProtection = 1 << 8,
    Unsafe = 1 << 9,
    Offline = 1 << 10,
    Compressed = 1 << 11,
    AbortOnError = 1 << 12,
    AutoConverge = 1 << 13,
    RdmaPinAll = 1 << 14,
    Postcopy = 1 << 15,
    Tls = 1 << 16,
    Parallel = 1 << 17,
    NonSharedSynchronousWrites = 1 << 18,
    PostcopyResume = 1 << 19,
    Zerocopy = 1 << 20,
}

/// <summary>virDomainSnapshotCreateFlags.</summary>
[Flags]
public enum SnapshotCreateFlags : uint
{
    None = 0,
    Redefine = 1 << 0,
    Current = 1 << 1,
    NoMetadata = 1 << 2,
    Halt = 1 << 3,
    DiskOnly = 1 << 4,
    ReuseExt = 1 << 5,
    Quiesce = 1 << 6,
    Atomic = 1 << 7,
    Live = 1 << 8,
    Validate = 1 << 9,
}

/// <summary>virDomainSnapshotDeleteFlags.</summary>
[Flags]
public enum SnapshotDeleteFlags : uint
{
    None = 0,
    Children = 1 << 0,
    MetadataOnly = 1 << 1,
    ChildrenOnly = 1 << 2,
}

/// <summary>virDomainSnapshotRevertFlags.</summary>
[Flags]
public enum SnapshotRevertFlags : uint
{
    None = 0,
    Running = 1 << 0,
    Paused = 1 << 1,
    Force = 1 << 2,
    ResetNvram = 1 << 3,
}

/// <summary>virDomainSnapshotListFlags.</summary>
[Flags]
public enum SnapshotListFlags : uint
{
    None = 0,
    Descendants = 1 << 0,
    Roots = 1 << 0,
    Metadata = 1 << 1,
    Leaves = 1 << 2,
    NoLeaves = 1 << 3,
    NoMetadata = 1 << 4,
    Inactive = 1 << 5,
    Active = 1 << 6,
    DiskOnly = 1 << 7,
    Internal = 1 << 8,
    External = 1 << 9,
    Topological = 1 << 10,
}
