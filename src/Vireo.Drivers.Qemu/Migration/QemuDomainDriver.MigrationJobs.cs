using System.Collections.Concurrent;
using Vireo.Drivers.Domains;
using Vireo.Drivers.Qemu.Migration;
using Vireo.Drivers.Qemu.Qmp;
using Vireo.Protocol.Errors;
using Vireo.Protocol.Remote;

namespace Vireo.Drivers.Qemu.Domains;

// Job statistics (domjobinfo), abort (domjobabort) and the migration tunables (migrate-setmaxdowntime,
// migrate-setspeed and their getters) of the QEMU driver.
public sealed partial class QemuDomainDriver
{
    private readonly ConcurrentDictionary<Guid, CompletedMigration> _completedJobs = new();
    private readonly ConcurrentDictionary<Guid, ulong> _migrationSpeed = new();

    /// <summary>libvirt's default migration bandwidth: unlimited (QEMU_DOMAIN_MIG_BANDWIDTH_MAX, MiB/s).</summary>
    private const ulong UnlimitedSpeed = long.MaxValue / (1024 * 1024);

    private const int JobNone = 0, JobUnbounded = 2, JobCompleted = 3;
    private const int OperationMigrationIn = 4, OperationMigrationOut = 5;
    private const uint JobStatsCompleted = 1, JobStatsKeepCompleted = 2;

    private ulong MaxSpeedOf(Guid uuid) => _migrationSpeed.TryGetValue(uuid, out var s) ? s : UnlimitedSpeed;

    /// <summary>MiB/s → bytes/s for QEMU's max-bandwidth, capped where QEMU's own limit is.</summary>
    private static long SpeedToBytes(ulong mib) => mib >= UnlimitedSpeed ? long.MaxValue / 1024 : (long)(mib * 1024 * 1024);

    private static CompletedMigration Completed(MigrationProgress p, int operation) =>
        new(p.TotalTimeMs, p.DowntimeMs, p.SetupTimeMs, p.Transferred, p.Total, p.Duplicate, p.Normal, p.NormalBytes, p.Mbps, p.Iteration, p.PageSize, operation);

    public async Task<JobInfo> GetJobInfoAsync(DomainRef dom)
    {
        var (type, prms) = await GetJobStatsAsync(dom, 0).ConfigureAwait(false);
        ulong U(string f) => prms.FirstOrDefault(p => p.Field == f)?.UnsignedValue ?? 0;
        return new JobInfo(type, U("time_elapsed"), U("time_remaining"), U("data_total"), U("data_processed"), U("data_remaining"),
            U("memory_total"), U("memory_processed"), U("memory_remaining"), U("disk_total"), U("disk_processed"), U("disk_remaining"));
    }

    public async Task<(int Type, IReadOnlyList<TypedParameter> Params)> GetJobStatsAsync(DomainRef dom, uint flags)
    {
        QemuErrors.CheckFlags(flags, JobStatsCompleted | JobStatsKeepCompleted, "qemuDomainGetJobStats");
        var d = GetLocked(dom);
        if ((flags & JobStatsCompleted) != 0)
        {
            bool found = (flags & JobStatsKeepCompleted) != 0 ? _completedJobs.TryGetValue(d.Uuid, out var c) : _completedJobs.TryRemove(d.Uuid, out c);
            return found ? (JobCompleted, CompletedParams(c!)) : (JobNone, []);
        }
        if (_outgoing.TryGetValue(d.Uuid, out var job))
        {
            var p = job.Last;
            if (job.Transferring && job.Monitor is { } qmp)
            {
                try
                {
                    p = await qmp.QueryMigrationProgressAsync().ConfigureAwait(false);
                }
                catch (Exception e) when (e is QmpErrorException or QmpDisconnectedException)
                {
                    // the job is ending; report what was seen last
                }
            }
            return (JobUnbounded, ActiveParams(job, p));
        }
        if (_incoming.ContainsKey(d.Name))
            return (JobUnbounded, [TypedParameter.Int("operation", OperationMigrationIn),
                TypedParameter.ULLong("time_elapsed", (ulong)(DateTime.UtcNow - _incoming[d.Name].Started).TotalMilliseconds)]);
        return (JobNone, []);
    }

    private static List<TypedParameter> ActiveParams(MigrationJob job, MigrationProgress? p)
    {
        var list = new List<TypedParameter>
        {
            TypedParameter.Int("operation", OperationMigrationOut),
            TypedParameter.ULLong("time_elapsed", (ulong)(DateTime.UtcNow - job.Started).TotalMilliseconds),
        };
        if (p is null)
            return list;
        ulong processed = p.Transferred, remaining = p.Remaining, total = p.Total;
        list.AddRange(
        [
            TypedParameter.ULLong("data_total", total), TypedParameter.ULLong("data_processed", processed), TypedParameter.ULLong("data_remaining", remaining),
            TypedParameter.ULLong("memory_total", total), TypedParameter.ULLong("memory_processed", processed), TypedParameter.ULLong("memory_remaining", remaining),
            TypedParameter.ULLong("memory_constant", p.Duplicate), TypedParameter.ULLong("memory_normal", p.Normal),
            TypedParameter.ULLong("memory_normal_bytes", p.NormalBytes),
            TypedParameter.ULLong("memory_bps", (ulong)(p.Mbps * 1_000_000 / 8)),
            TypedParameter.ULLong("memory_dirty_rate", p.DirtyPagesRate), TypedParameter.ULLong("memory_page_size", p.PageSize),
            TypedParameter.ULLong("memory_iteration", p.Iteration), TypedParameter.ULLong("memory_postcopy_requests", p.PostcopyRequests),
            TypedParameter.ULLong("downtime", (ulong)p.ExpectedDowntimeMs), TypedParameter.ULLong("setup_time", (ulong)p.SetupTimeMs),
        ]);
        return list;
    }

    private static List<TypedParameter> CompletedParams(CompletedMigration c)
    {
        var list = CompletedFigures(c);
        // libvirt's "w/o network" figures: only where the network delay is known (the destination's view).
        if (c.TimeDeltaMs is { } delta)
        {
            list.Insert(2, TypedParameter.ULLong("time_elapsed_net", (ulong)Math.Max(0, c.TotalTimeMs - delta)));
            list.Insert(4, TypedParameter.ULLong("downtime_net", (ulong)Math.Max(0, c.DowntimeMs - delta)));
        }
        return list;
    }

    private static List<TypedParameter> CompletedFigures(CompletedMigration c) =>
    [
        TypedParameter.Int("operation", c.Operation),
        TypedParameter.ULLong("time_elapsed", (ulong)c.TotalTimeMs),
        TypedParameter.ULLong("downtime", (ulong)c.DowntimeMs),
        TypedParameter.ULLong("setup_time", (ulong)c.SetupTimeMs),
        TypedParameter.ULLong("data_total", c.Total), TypedParameter.ULLong("data_processed", c.Transferred), TypedParameter.ULLong("data_remaining", 0),
        TypedParameter.ULLong("memory_total", c.Total), TypedParameter.ULLong("memory_processed", c.Transferred), TypedParameter.ULLong("memory_remaining", 0),
        TypedParameter.ULLong("memory_constant", c.Duplicate), TypedParameter.ULLong("memory_normal", c.Normal),
        TypedParameter.ULLong("memory_normal_bytes", c.NormalBytes), TypedParameter.ULLong("memory_bps", (ulong)(c.Mbps * 1_000_000 / 8)),
        TypedParameter.ULLong("memory_page_size", c.PageSize), TypedParameter.ULLong("memory_iteration", c.Iteration),
        TypedParameter.Bool("success", true),
    ];

    /// <summary>VIR_DOMAIN_ABORT_JOB_POSTCOPY: pause a post-copy migration (for --postcopy-resume) instead of cancelling.</summary>
    private const uint AbortJobPostcopy = 1;

    /// <summary>
    /// domjobabort: cancels the outgoing migration; Perform then fails and resumes the guest here. After the switch to
    /// post-copy nothing can be cancelled without losing the guest: only --postcopy, which pauses it (migrate-pause)
    /// so both hosts report the failed post-copy and `migrate --postcopy-resume` finishes it later (libvirt 8.5).
    /// </summary>
    public async Task AbortJobAsync(DomainRef dom, uint flags)
    {
        QemuErrors.CheckFlags(flags, AbortJobPostcopy, "qemuDomainAbortJobFlags");
        var d = GetLocked(dom);
        lock (_lock)
            RequireActive(d);
        if (!_outgoing.TryGetValue(d.Uuid, out var job))
            throw QemuErrors.Invalid("no job is active on the domain", ErrorDomain.Domain);
        bool postcopy = (flags & AbortJobPostcopy) != 0;
        if (postcopy != job.InPostcopy)
            throw QemuErrors.Invalid(postcopy ? "current job is not outgoing migration in post-copy mode" : "cannot abort migration in post-copy mode");
        if (postcopy)
        {
            if (job.Monitor is { } m)
                await RunMonitorAsync(() => m.MigratePauseAsync()).ConfigureAwait(false);
            _settings.Log($"domain '{d.Name}': post-copy migration paused by domjobabort --postcopy; finish it with migrate --postcopy-resume");
            return;
        }
        job.AbortRequested = true;
        if (job.Monitor is { } qmp)
        {
            try
            {
                await qmp.MigrateCancelAsync().ConfigureAwait(false);
            }
            catch (QmpErrorException e)
            {
                throw QemuErrors.Internal($"unable to execute QEMU command 'migrate_cancel': {e.Description}");
            }
        }
    }

    public async Task MigrateSetMaxDowntimeAsync(DomainRef dom, ulong ms, uint flags)
    {
        QemuErrors.CheckFlags(flags, 0, "qemuDomainMigrateSetMaxDowntime");
        var qmp = ActiveMonitor(dom);
        await RunMonitorAsync(() => qmp.SetMigrationParametersAsync(new Dictionary<string, long> { ["downtime-limit"] = (long)ms })).ConfigureAwait(false);
    }

    public async Task<ulong> MigrateGetMaxDowntimeAsync(DomainRef dom, uint flags)
    {
        QemuErrors.CheckFlags(flags, 0, "qemuDomainMigrateGetMaxDowntime");
        var qmp = ActiveMonitor(dom);
        long v = 0;
        await RunMonitorAsync(async () => v = await qmp.QueryMigrationParameterAsync("downtime-limit").ConfigureAwait(false)).ConfigureAwait(false);
        return (ulong)v;
    }

    /// <summary>migrate-setspeed: remembered per domain (used by the next migration) and applied to a running one at once.</summary>
    public async Task MigrateSetMaxSpeedAsync(DomainRef dom, ulong mibPerSecond, uint flags)
    {
        QemuErrors.CheckFlags(flags, 0, "qemuDomainMigrateSetMaxSpeed");
        if (mibPerSecond > UnlimitedSpeed)
            throw QemuErrors.Invalid($"bandwidth must be less than {UnlimitedSpeed + 1}", ErrorDomain.Domain);
        var d = GetLocked(dom);
        _migrationSpeed[d.Uuid] = mibPerSecond;
        QmpClient? qmp;
        lock (_lock)
            qmp = d.IsActive ? d.Monitor : null;
        if (qmp is not null)
            await RunMonitorAsync(() => qmp.SetMigrationParametersAsync(new Dictionary<string, long> { ["max-bandwidth"] = SpeedToBytes(mibPerSecond) })).ConfigureAwait(false);
    }

    /// <summary>migrate-getspeed: QEMU's current max-bandwidth for a running domain (as libvirt asks it), else the remembered value.</summary>
    public async Task<ulong> MigrateGetMaxSpeedAsync(DomainRef dom, uint flags)
    {
        QemuErrors.CheckFlags(flags, 0, "qemuDomainMigrateGetMaxSpeed");
        var d = GetLocked(dom);
        QmpClient? qmp;
        lock (_lock)
            qmp = d.IsActive ? d.Monitor : null;
        if (qmp is null)
            return MaxSpeedOf(d.Uuid);
        long bytes = 0;
        await RunMonitorAsync(async () => bytes = await qmp.QueryMigrationParameterAsync("max-bandwidth").ConfigureAwait(false)).ConfigureAwait(false);
        return (ulong)bytes / (1024 * 1024);
    }

    private QmpClient ActiveMonitor(DomainRef dom)
    {
        lock (_lock)
        {
            var d = Get(dom);
            RequireActive(d);
            return d.Monitor ?? throw QemuErrors.NotRunning();
        }
    }

    private static async Task RunMonitorAsync(Func<Task> action)
    {
        try
        {
            await action().ConfigureAwait(false);
        }
        catch (QmpErrorException e)
        {
            throw QemuErrors.Internal($"unable to execute QEMU command '{e.Command}': {e.Description}");
        }
        catch (QmpDisconnectedException)
        {
            throw QemuErrors.OperationFailed("QEMU closed the monitor (the domain is stopping)");
        }
    }
}
