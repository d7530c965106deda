using Vireo.Drivers.Domains;
using Vireo.Drivers.Networks;
using Vireo.Drivers.Storage;

namespace Vireo.Drivers.Events;

/// <summary>Something a driver reports to every client that registered for it.</summary>
public abstract record DriverEvent;

/// <summary>Domain event ids (virDomainEventID) the drivers raise.</summary>
public static class DomainEventId
{
    public const int Lifecycle = 0, Reboot = 1, RtcChange = 2, Watchdog = 3, IoError = 4, Graphics = 5, IoErrorReason = 6,
        ControlError = 7, BlockJob = 8, DiskChange = 9, TrayChange = 10, PmWakeup = 11, PmSuspend = 12, BalloonChange = 13,
        PmSuspendDisk = 14, DeviceRemoved = 15, BlockJob2 = 16, Tunable = 17, AgentLifecycle = 18, DeviceAdded = 19,
        MigrationIteration = 20, JobCompleted = 21, DeviceRemovalFailed = 22, MetadataChange = 23, BlockThreshold = 24,
        MemoryFailure = 25, MemoryDeviceSizeChange = 26, Last = 27;
}

/// <summary>virDomainEventType values with their detail codes.</summary>
public static class DomainLifecycle
{
    public const int Defined = 0, Undefined = 1, Started = 2, Suspended = 3, Resumed = 4, Stopped = 5, Shutdown = 6, PmSuspended = 7, Crashed = 8;

    public const int DefinedAdded = 0, DefinedUpdated = 1, DefinedRenamed = 2, DefinedFromSnapshot = 3;
    public const int UndefinedRemoved = 0, UndefinedRenamed = 1;
    public const int StartedBooted = 0, StartedMigrated = 1, StartedRestored = 2, StartedFromSnapshot = 3, StartedWakeup = 4;
    public const int SuspendedPaused = 0, SuspendedMigrated = 1, SuspendedIoError = 2, SuspendedWatchdog = 3, SuspendedRestored = 4,
        SuspendedFromSnapshot = 5, SuspendedApiError = 6;
    public const int ResumedUnpaused = 0, ResumedMigrated = 1, ResumedFromSnapshot = 2;
    public const int StoppedShutdown = 0, StoppedDestroyed = 1, StoppedCrashed = 2, StoppedMigrated = 3, StoppedSaved = 4,
        StoppedFailed = 5, StoppedFromSnapshot = 6;
    public const int ShutdownFinished = 0, ShutdownGuest = 1, ShutdownHost = 2;
}

/// <summary>Domain lifecycle change (STARTED/STOPPED ...).</summary>
public sealed record DomainLifecycleEvent(DomainRef Domain, int Event, int Detail) : DriverEvent;

/// <summary>An outgoing migration started pass <paramref name="Iteration"/> over the guest's memory.</summary>
public sealed record DomainMigrationIterationEvent(DomainRef Domain, int Iteration) : DriverEvent;

/// <summary>The guest rebooted.</summary>
public sealed record DomainRebootEvent(DomainRef Domain) : DriverEvent;

/// <summary>A device was hot-plugged (alias as in the XML).</summary>
public sealed record DomainDeviceAddedEvent(DomainRef Domain, string DevAlias) : DriverEvent;

/// <summary>A device was unplugged.</summary>
public sealed record DomainDeviceRemovedEvent(DomainRef Domain, string DevAlias) : DriverEvent;

/// <summary>The guest's balloon size changed (KiB).</summary>
public sealed record DomainBalloonChangeEvent(DomainRef Domain, ulong ActualKiB) : DriverEvent;

/// <summary>The title, description or a namespaced metadata element changed (type as virDomainMetadataType).</summary>
public sealed record DomainMetadataChangeEvent(DomainRef Domain, int Type, string? NamespaceUri) : DriverEvent;

/// <summary>Network lifecycle: DEFINED 0, UNDEFINED 1, STARTED 2, STOPPED 3.</summary>
public sealed record NetworkLifecycleEvent(NetworkRef Network, int Event, int Detail) : DriverEvent;

/// <summary>Storage pool lifecycle: DEFINED 0, UNDEFINED 1, STARTED 2, STOPPED 3, CREATED 4, DELETED 5.</summary>
public sealed record StoragePoolLifecycleEvent(StoragePoolRef Pool, int Event, int Detail) : DriverEvent;

/// <summary>A storage pool was refreshed.</summary>
public sealed record StoragePoolRefreshEvent(StoragePoolRef Pool) : DriverEvent;
