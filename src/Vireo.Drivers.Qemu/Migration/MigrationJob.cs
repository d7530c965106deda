using Vireo.Drivers.Qemu.Qmp;

namespace Vireo.Drivers.Qemu.Migration;

/// <summary>
/// An outgoing migration of one domain, from Begin to Confirm: what domjobinfo reads, what domjobabort cancels and
/// what Confirm needs to resume the guest after a failure.
/// </summary>
internal sealed class MigrationJob(uint flags)
{
    public uint Flags { get; } = flags;
    public DateTime Started { get; } = DateTime.UtcNow;
    /// <summary>The guest ran before the migration (so a failed or cancelled one resumes it).</summary>
    public bool WasRunning { get; set; }
    public QmpClient? Monitor { get; set; }
    /// <summary>Set while QEMU transfers (Perform); domjobinfo asks QEMU then.</summary>
    public bool Transferring { get; set; }
    public MigrationProgress? Last { get; set; }
    /// <summary>Disk copy: mirror job ids and target node names on the source.</summary>
    public List<(string Job, string Node)> Mirrors { get; } = [];
    public volatile bool AbortRequested;
    /// <summary>The stall watch gave up on the link: the NBD nodes' connection is dead, and removing them (which flushes)
    /// would block QEMU's main loop until TCP gives up; they are left for the next Perform (MigrationStaleNbd.cs).</summary>
    public bool LinkLost { get; set; }
    /// <summary>Disk copy: the destination's NBD server the mirrors write to.</summary>
    public string? NbdHost { get; set; }
    public int NbdPort { get; set; }
    /// <summary>The last memory pass announced with MIGRATION_ITERATION.</summary>
    public ulong ReportedIteration { get; set; }
    /// <summary>QEMU switched to post-copy: the guest runs on the destination, Confirm waits for the last page.</summary>
    public bool InPostcopy { get; set; }
    /// <summary>When the guest was suspended during the transfer (the convergence policy), else null.</summary>
    public DateTime? SuspendedAt { get; set; }
    /// <summary>When QEMU stopped the vCPUs here (its STOP event), the start of the downtime the guest sees.</summary>
    public DateTimeOffset? StoppedAt { get; set; }
    /// <summary>QEMU reported the outgoing migration completed: all of the guest's state was sent.</summary>
    public bool SentAll { get; set; }
}

/// <summary>An incoming migration on the destination, from Prepare to Finish.</summary>
internal sealed class IncomingMigration(string name, bool created)
{
    public string Name { get; } = name;
    /// <summary>The domain object was made for this migration (removed again if it fails).</summary>
    public bool Created { get; } = created;
    /// <summary>A failed post-copy being resumed (--postcopy-resume): the guest already runs here and is never discarded.</summary>
    public bool Resuming { get; init; }
    public bool NbdStarted { get; set; }
    /// <summary>Disk files Prepare created for a copy (deleted again if the migration fails).</summary>
    public List<string> CreatedFiles { get; } = [];
    public DateTime Started { get; } = DateTime.UtcNow;
    /// <summary>Resumes the guest as soon as the stream completed (a plain pre-copy), else null.</summary>
    public IncomingEarlyResume? EarlyResume { get; set; }
    /// <summary>The guest runs here already (resumed as the stream completed): it is this host's now, never discarded.</summary>
    public volatile bool RunningHere;
}

/// <summary>Statistics of the last completed migration (domjobinfo --completed).</summary>
internal sealed record CompletedMigration(long TotalTimeMs, long DowntimeMs, long SetupTimeMs, ulong Transferred, ulong Total,
    ulong Duplicate, ulong Normal, ulong NormalBytes, double Mbps, ulong Iteration, ulong PageSize, int Operation)
{
    /// <summary>The destination's estimate of the network delay (its receive time minus the source's send time), or null.</summary>
    public long? TimeDeltaMs { get; init; }
    /// <summary>When the source's guest stopped for the switch-over (Unix ms, the source's clock), or 0.</summary>
    public long StoppedUnixMs { get; init; }
}
