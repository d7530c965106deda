using Vireo.Protocol.Remote;

namespace Vireo.Client.Api;

/// <summary>virDomainEventID: the kinds of domain events a client can register for.</summary>
public enum DomainEventId
{
    Lifecycle = 0,
    Reboot = 1,
    RtcChange = 2,
    Watchdog = 3,
    IoError = 4,
    Graphics = 5,
    IoErrorReason = 6,
    ControlError = 7,
    BlockJob = 8,
    DiskChange = 9,
    TrayChange = 10,
    PmWakeup = 11,
    PmSuspend = 12,
    BalloonChange = 13,
    PmSuspendDisk = 14,
    DeviceRemoved = 15,
    BlockJob2 = 16,
    Tunable = 17,
    AgentLifecycle = 18,
    DeviceAdded = 19,
    MigrationIteration = 20,
    JobCompleted = 21,
    DeviceRemovalFailed = 22,
    MetadataChange = 23,
    BlockThreshold = 24,
    MemoryFailure = 25,
    MemoryDeviceSizeChange = 26,
}

/// <summary>virDomainEventType: the lifecycle event kinds (details are per kind, see virDomainEvent*DetailType).</summary>
public enum DomainLifecycleEventType
{
    Defined = 0,
    Undefined = 1,
    Started = 2,
    Suspended = 3,
    Resumed = 4,
    Stopped = 5,
    Shutdown = 6,
    PmSuspended = 7,
    Crashed = 8,
}

/// <summary>A domain event delivered by the daemon; <see cref="Domain"/> is the domain as the event names it.</summary>
public abstract record DomainEvent(Domain Domain)
{
    /// <summary>The registration kind this event belongs to.</summary>
    public abstract DomainEventId EventId { get; }
}

/// <summary>Lifecycle (318): started, stopped, defined ...; <see cref="Detail"/> depends on <see cref="Event"/>.</summary>
public sealed record DomainLifecycleEvent(Domain Domain, DomainLifecycleEventType Event, int Detail) : DomainEvent(Domain)
{
    public override DomainEventId EventId => DomainEventId.Lifecycle;
}

/// <summary>An event that carries nothing but the domain: reboot (319), control-error (325).</summary>
public sealed record DomainSimpleEvent(Domain Domain, DomainEventId Kind) : DomainEvent(Domain)
{
    public override DomainEventId EventId => Kind;
}

/// <summary>Power-management events (329 wakeup, 330 suspend, 332 suspend-disk) with their reason.</summary>
public sealed record DomainPmEvent(Domain Domain, DomainEventId Kind, int Reason) : DomainEvent(Domain)
{
    public override DomainEventId EventId => Kind;
}

/// <summary>RTC change (320): the new offset from UTC in seconds.</summary>
public sealed record DomainRtcChangeEvent(Domain Domain, long Offset) : DomainEvent(Domain)
{
    public override DomainEventId EventId => DomainEventId.RtcChange;
}

/// <summary>Watchdog fired (321): the action taken.</summary>
public sealed record DomainWatchdogEvent(Domain Domain, int Action) : DomainEvent(Domain)
{
    public override DomainEventId EventId => DomainEventId.Watchdog;
}

/// <summary>I/O error (322, or 324 with a reason).</summary>
public sealed record DomainIoErrorEvent(Domain Domain, string SourcePath, string DeviceAlias, int Action, string? Reason) : DomainEvent(Domain)
{
    public override DomainEventId EventId => Reason is null ? DomainEventId.IoError : DomainEventId.IoErrorReason;
}

/// <summary>One end of a graphics connection: family 0 IPv4, 1 IPv6, 2 unix.</summary>
public sealed record GraphicsAddress(int Family, string Node, string Service);

/// <summary>Graphics client connected/initialised/disconnected (323).</summary>
public sealed record DomainGraphicsEvent(Domain Domain, int Phase, GraphicsAddress Local, GraphicsAddress Remote, string AuthScheme,
    IReadOnlyList<KeyValuePair<string, string>> Subject) : DomainEvent(Domain)
{
    public override DomainEventId EventId => DomainEventId.Graphics;
}

/// <summary>Block job finished/failed/ready (326 with the source path, 339 "block-job-2" with the target).</summary>
public sealed record DomainBlockJobEvent(Domain Domain, DomainEventId Kind, string Disk, int Type, int Status) : DomainEvent(Domain)
{
    public override DomainEventId EventId => Kind;
}

/// <summary>Disk media changed or dropped (327).</summary>
public sealed record DomainDiskChangeEvent(Domain Domain, string? OldSource, string? NewSource, string DeviceAlias, int Reason) : DomainEvent(Domain)
{
    public override DomainEventId EventId => DomainEventId.DiskChange;
}

/// <summary>Removable-media tray opened or closed (328).</summary>
public sealed record DomainTrayChangeEvent(Domain Domain, string DeviceAlias, int Reason) : DomainEvent(Domain)
{
    public override DomainEventId EventId => DomainEventId.TrayChange;
}

/// <summary>Balloon size changed (331), KiB.</summary>
public sealed record DomainBalloonChangeEvent(Domain Domain, ulong Actual) : DomainEvent(Domain)
{
    public override DomainEventId EventId => DomainEventId.BalloonChange;
}

/// <summary>A device was added (354), removed (333) or its removal failed (367).</summary>
public sealed record DomainDeviceEvent(Domain Domain, DomainEventId Kind, string DeviceAlias) : DomainEvent(Domain)
{
    public override DomainEventId EventId => Kind;
}

/// <summary>Tunables changed (346) or a job completed (363), with typed parameters.</summary>
public sealed record DomainParametersEvent(Domain Domain, DomainEventId Kind, IReadOnlyList<TypedParameter> Parameters) : DomainEvent(Domain)
{
    public override DomainEventId EventId => Kind;
}

/// <summary>Guest agent connected/disconnected (348).</summary>
public sealed record DomainAgentLifecycleEvent(Domain Domain, int State, int Reason) : DomainEvent(Domain)
{
    public override DomainEventId EventId => DomainEventId.AgentLifecycle;
}

/// <summary>A migration iteration finished (359).</summary>
public sealed record DomainMigrationIterationEvent(Domain Domain, int Iteration) : DomainEvent(Domain)
{
    public override DomainEventId EventId => DomainEventId.MigrationIteration;
}

/// <summary>Metadata changed (379): type 0 description, 1 title, 2 element (with its namespace URI).</summary>
public sealed record DomainMetadataChangeEvent(Domain Domain, int Type, string? NamespaceUri) : DomainEvent(Domain)
{
    public override DomainEventId EventId => DomainEventId.MetadataChange;
}

/// <summary>A disk crossed its write threshold (385).</summary>
public sealed record DomainBlockThresholdEvent(Domain Domain, string Device, string? Path, ulong Threshold, ulong Excess) : DomainEvent(Domain)
{
    public override DomainEventId EventId => DomainEventId.BlockThreshold;
}

/// <summary>Host memory failure affecting the guest (423).</summary>
public sealed record DomainMemoryFailureEvent(Domain Domain, int Recipient, int Action, uint Flags) : DomainEvent(Domain)
{
    public override DomainEventId EventId => DomainEventId.MemoryFailure;
}

/// <summary>A memory device changed size (438), KiB.</summary>
public sealed record DomainMemoryDeviceSizeChangeEvent(Domain Domain, string Alias, ulong Size) : DomainEvent(Domain)
{
    public override DomainEventId EventId => DomainEventId.MemoryDeviceSizeChange;
}

/// <summary>Network lifecycle event (315): 0 defined, 1 undefined, 2 started, 3 stopped.</summary>
public sealed record NetworkLifecycleEvent(Network Network, int Event, int Detail);

/// <summary>Storage pool event (370 lifecycle, 373 refresh when <see cref="Event"/> is null).</summary>
public sealed record StoragePoolEvent(StoragePool Pool, int? Event, int Detail);
