namespace Vireo.Drivers.Domains;

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

/// <summary>A state with its reason code (virDomainRunningReason, virDomainShutoffReason ... as ints).</summary>
public readonly record struct DomainStateWithReason(DomainState State, int Reason);

/// <summary>Reason codes libvirt reports with a state (subset of each virDomain*Reason enum).</summary>
public static class DomainStateReason
{
    public const int RunningUnknown = 0, RunningBooted = 1, RunningMigrated = 2, RunningRestored = 3, RunningFromSnapshot = 4,
        RunningUnpaused = 5, RunningSaveCanceled = 7, RunningWakeup = 8, RunningCrashed = 9;
    public const int PausedUnknown = 0, PausedUser = 1, PausedMigration = 2, PausedSave = 3, PausedDump = 4,
        PausedIoError = 5, PausedWatchdog = 6, PausedFromSnapshot = 7, PausedShuttingDown = 8, PausedSnapshot = 9, PausedCrashed = 10;
    public const int ShutdownUnknown = 0, ShutdownUser = 1;
    public const int ShutoffUnknown = 0, ShutoffShutdown = 1, ShutoffDestroyed = 2, ShutoffCrashed = 3, ShutoffMigrated = 4,
        ShutoffSaved = 5, ShutoffFailed = 6, ShutoffFromSnapshot = 7, ShutoffDaemon = 8;
    public const int CrashedUnknown = 0, CrashedPanicked = 1;
}
