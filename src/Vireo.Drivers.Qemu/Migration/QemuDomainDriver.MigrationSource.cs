using System.Collections.Concurrent;
using Vireo.Drivers.Domains;
using Vireo.Drivers.Events;
using Vireo.Drivers.Qemu.Migration;
using Vireo.Drivers.Qemu.Qmp;
using Vireo.Drivers.Qemu.Supervision;
using Vireo.Model.Domain;
using Vireo.Protocol.Errors;
using Vireo.Protocol.Remote;
using L = Vireo.Drivers.Events.DomainLifecycle;
using R = Vireo.Drivers.Domains.DomainStateReason;

namespace Vireo.Drivers.Qemu.Domains;

// The source side of a migration (issue 8): Begin hands out the XML, Perform drives QEMU's outgoing migration
// (and the disk mirrors of --copy-storage-all), Confirm ends the source QEMU or resumes the guest.
public sealed partial class QemuDomainDriver
{
    private readonly ConcurrentDictionary<Guid, MigrationJob> _outgoing = new();

    /// <summary>VIR_DOMAIN_RUNNING_MIGRATION_CANCELED.</summary>
    private const int RunningMigrationCanceled = 6;

    public Task<(byte[] Cookie, string Xml)> MigrateBegin3Async(DomainRef dom, IReadOnlyList<TypedParameter> prms, uint flags)
    {
        CheckMigrateFlags(flags);
        CheckCopyFlags(flags);
        MigrationParams.Validate(prms);
        if (MigrateFlag.Has(flags, MigrateFlag.PostcopyResume))
            return BeginPostcopyResumeAsync(dom, prms, flags);
        lock (_lock)
        {
            var d = Get(dom);
            bool offline = MigrateFlag.Has(flags, MigrateFlag.Offline);
            if (offline)
            {
                if (!MigrateFlag.Has(flags, MigrateFlag.PersistDest))
                    throw QemuErrors.InvalidArg("offline migration requires the persistent flag (--persistent)");
                if (MigrateFlag.CopiesStorage(flags))
                    throw QemuErrors.InvalidArg("offline migration cannot copy storage (--copy-storage-all, --copy-storage-inc)");
                if (!d.IsPersistent)
                    throw QemuErrors.Invalid("cannot migrate a transient domain offline", ErrorDomain.Domain);
            }
            else if (!d.IsActive)
                throw QemuErrors.Invalid("domain is not running", ErrorDomain.Domain);
            // A job that never reached the transfer (its client went away after Begin) is stale, not busy.
            if (_outgoing.TryGetValue(d.Uuid, out var running) && running.Transferring)
                throw QemuErrors.Invalid($"domain '{d.Name}' is already being migrated", ErrorDomain.Domain);
            var def = offline ? d.Persistent! : d.Current;
            var cookie = new MigrationCookie();
            if (MigrateFlag.CopiesStorage(flags))
                foreach (var disk in DisksToCopy(def, prms))
                {
                    cookie.Disks.Add((disk.TargetDev, DiskCapacity(disk.SourceFile!, disk.DriverType ?? "raw"), disk.DriverType ?? "raw"));
                    AddBackingToCookie(cookie, disk, flags);
                }
            var xml = MigrationParams.Str(prms, MigrationParams.DestXml) ?? def.ToXml(DomainXmlFormatFlags.Secure | DomainXmlFormatFlags.Inactive);
            if (!offline)
                _outgoing[d.Uuid] = new MigrationJob(flags) { WasRunning = d.State == DomainState.Running, Monitor = d.Monitor };
            return Task.FromResult((cookie.Encode(), xml));
        }
    }

    public async Task<byte[]> MigratePerform3Async(DomainRef dom, IReadOnlyList<TypedParameter> prms, byte[] cookieIn, uint flags) =>
        await MigratePerform3Async(dom, prms, cookieIn, flags, tunnelSocket: null).ConfigureAwait(false);

    /// <summary>Perform; a tunnelled migration sends QEMU's stream to the unix socket <paramref name="tunnelSocket"/> instead of migrate_uri.</summary>
    private async Task<byte[]> MigratePerform3Async(DomainRef dom, IReadOnlyList<TypedParameter> prms, byte[] cookieIn, uint flags, string? tunnelSocket)
    {
        CheckMigrateFlags(flags);
        var d = GetLocked(dom);
        if (!_outgoing.TryGetValue(d.Uuid, out var job))
            throw QemuErrors.Invalid($"domain '{d.Name}' has no migration job (Begin was not called)", ErrorDomain.Domain);
        if (MigrateFlag.Has(flags, MigrateFlag.PostcopyResume))
            return await PerformPostcopyResumeAsync(d, job, prms).ConfigureAwait(false);
        var uri = tunnelSocket is not null ? "unix:" + tunnelSocket
            : MigrationParams.Str(prms, MigrationParams.Uri) ?? throw QemuErrors.InvalidArg("migration URI is missing");
        var (host, port) = tunnelSocket is not null ? ("", -1) : MigrationParams.ParseTcpUri(uri);
        if (port == 0)
            throw QemuErrors.InvalidArg($"migration URI {uri} has no port");
        var cookie = MigrationCookie.Decode(cookieIn);
        var performStart = DateTime.UtcNow;
        await d.Job.WaitAsync().ConfigureAwait(false);
        QmpClient qmp;
        MigrationEventSignal? signal = null;
        try
        {
            lock (_lock)
            {
                RequireActive(d);
                qmp = d.Monitor ?? throw QemuErrors.NotRunning();
                job.WasRunning = d.State == DomainState.Running;
                job.Monitor = qmp;
            }
            signal = new MigrationEventSignal(qmp, pass => PublishIterations(d, job, pass));
            await DropStaleNbdNodesAsync(d, qmp).ConfigureAwait(false);
            await PrepareOutgoingAsync(d, qmp, job, prms, flags).ConfigureAwait(false);
            if (MigrateFlag.CopiesStorage(flags))
                await StartDiskMirrorsAsync(d, qmp, job, cookie, MirrorSpeed(d, prms)).ConfigureAwait(false);
            await qmp.MigrateAsync(tunnelSocket is not null ? uri : $"tcp:{host}:{port}").ConfigureAwait(false);
            job.Transferring = true;
        }
        catch (Exception e) when (e is QmpErrorException or QmpDisconnectedException or LibvirtException)
        {
            signal?.Dispose();
            d.Job.Release();
            await RecoverSourceAsync(d, job).ConfigureAwait(false);
            throw e switch
            {
                QmpErrorException q => QemuErrors.OperationFailed($"migration out job: {q.Description}"),
                QmpDisconnectedException => QemuErrors.OperationFailed("migration out job: QEMU closed the monitor"),
                _ => e,
            };
        }
        // The transfer runs without the domain's job, so suspend (--timeout-suspend), domjobinfo and domjobabort
        // can act on the guest meanwhile, as libvirt's asynchronous migration job allows.
        d.Job.Release();
        try
        {
            var last = await WaitOutgoingAsync(d, qmp, job, new TransferStallWatch(_settings.MigrationStallTimeout), signal).ConfigureAwait(false);
            job.StoppedAt = signal.StoppedAt;
            job.SentAll = last.Status == "completed";
            _settings.Log($"domain '{d.Name}': migration out: QEMU {last.Status} after {last.TotalTimeMs} ms (setup {last.SetupTimeMs} ms, downtime {last.DowntimeMs} ms), "
                + $"{last.Transferred} bytes; Perform took {(DateTime.UtcNow - performStart).TotalMilliseconds:0} ms");
            if (job.Mirrors.Count > 0)
                await FinishDiskMirrorsAsync(d, qmp, job).ConfigureAwait(false);
            if (job.InPostcopy)
                return []; // paused (post-copy) already; Confirm waits for the rest
            CompletedMigration stats;
            lock (_lock)
            {
                d.State = DomainState.Paused;
                d.Reason = R.PausedMigration;
                SaveStatus(d);
                stats = WithPolicyDowntime(Completed(last, OperationMigrationOut), job);
                _completedJobs[d.Uuid] = stats;
            }
            _events.Publish(new DomainLifecycleEvent(dom, L.Suspended, L.SuspendedMigrated));
            return StatsCookie(stats, job.StoppedAt);
        }
        catch (Exception e) when (e is QmpErrorException or QmpDisconnectedException or LibvirtException)
        {
            await RecoverSourceAsync(d, job).ConfigureAwait(false);
            throw e switch
            {
                QmpErrorException q => QemuErrors.OperationFailed($"migration out job: {q.Description}"),
                QmpDisconnectedException => QemuErrors.OperationFailed($"migration out job: QEMU of domain '{d.Name}' closed the monitor"),
                _ => e,
            };
        }
        finally
        {
            signal.Dispose();
        }
    }

    /// <summary>Capabilities and parameters of the outgoing migration; a non-live migration pauses the guest first.</summary>
    private async Task PrepareOutgoingAsync(QemuDomain d, QmpClient qmp, MigrationJob job, IReadOnlyList<TypedParameter> prms, uint flags)
    {
        var caps = new Dictionary<string, bool>
        {
            ["xbzrle"] = MigrateFlag.Has(flags, MigrateFlag.Compressed),
            ["auto-converge"] = MigrateFlag.Has(flags, MigrateFlag.AutoConverge),
            ["multifd"] = MigrateFlag.Has(flags, MigrateFlag.Parallel),
            // MIGRATION events wake the wait for the transfer's end at once (libvirt turns them on too)
            ["events"] = true,
        };
        ulong speed = MigrationParams.Num(prms, MigrationParams.Bandwidth) is { } bw and > 0 ? (ulong)bw : MaxSpeedOf(d.Uuid);
        var values = new Dictionary<string, long> { ["max-bandwidth"] = SpeedToBytes(speed) };
        if (MigrateFlag.Has(flags, MigrateFlag.Parallel))
            values["multifd-channels"] = MigrationParams.Num(prms, MigrationParams.ParallelConnections) ?? 2;
        if (MigrationParams.Num(prms, MigrationParams.AutoConvergeInitial) is { } init)
            values["cpu-throttle-initial"] = init;
        if (MigrationParams.Num(prms, MigrationParams.AutoConvergeIncrement) is { } inc)
            values["cpu-throttle-increment"] = inc;
        if (MigrationParams.Num(prms, MigrationParams.XbzrleCache) is { } cache)
            values["xbzrle-cache-size"] = cache;
        AddPostcopySettings(flags, prms, caps, values);
        await qmp.SetMigrationCapabilitiesAsync(caps).ConfigureAwait(false);
        await qmp.SetMigrationParametersAsync(values).ConfigureAwait(false);
        if (!MigrateFlag.Has(flags, MigrateFlag.Live) && job.WasRunning)
        {
            await qmp.StopAsync().ConfigureAwait(false);
            lock (_lock)
            {
                d.State = DomainState.Paused;
                d.Reason = R.PausedMigration;
                SaveStatus(d);
            }
        }
    }

    /// <summary>Polls query-migrate until QEMU finishes; keeps the last answer for domjobinfo.</summary>
    private async Task<MigrationProgress> WaitOutgoingAsync(QemuDomain d, QmpClient qmp, MigrationJob job, TransferStallWatch stall, MigrationEventSignal signal)
    {
        int timesPending = 50;
        while (true)
        {
            var p = await qmp.QueryMigrationProgressAsync().ConfigureAwait(false);
            // Until this QEMU's outgoing migration has started, query-migrate shows the incoming one that brought the
            // guest here ("completed", no times): only our own MIGRATION event says the transfer completed.
            if (p.Status == "completed" && !signal.Completed)
            {
                await signal.WaitAsync(10).ConfigureAwait(false);
                continue;
            }
            // QEMU announces "completed" a moment before it computes total-time and downtime: ask again (poll, 100 ms deadline).
            if (p.Status == "completed" && p.TotalTimeMs == 0 && timesPending-- > 0)
            {
                await Task.Delay(2).ConfigureAwait(false);
                continue;
            }
            job.Last = p;
            OnOutgoingProgress(d, job, p);
            if (PerformDone(job, p))
                return p;
            switch (p.Status)
            {
                case "cancelled":
                    throw new LibvirtException(ErrorCode.OperationAborted, ErrorDomain.Qemu, "operation aborted: migration out job: canceled by client");
                case "failed":
                    throw QemuErrors.OperationFailed($"migration out job: {p.ErrorDesc ?? "unexpectedly failed"}");
            }
            if (stall.Stalled(p))
            {
                job.LinkLost = true;
                throw QemuErrors.OperationFailed($"migration out job: no data reached the destination for {stall.Limit.TotalSeconds:0} s (connection to it lost)");
            }
            // A MIGRATION event (completed, failed, post-copy ...) ends the wait early, passes come as events: the
            // interval only feeds the stall watch. Each query-migrate takes QEMU's big lock, which the migration thread
            // needs at a pass's end and for the switch-over: asking every 50 ms doubled QEMU's downtime under a dirtying
            // load (bench/migration, DIRTY=8: 50 ms against the floor's 25).
            await signal.WaitAsync(job.AbortRequested ? 10 : 500).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// After a failed or aborted Perform: the migration is cancelled in QEMU, disk mirrors stopped and the guest
    /// runs again here if it ran before; the job ends.
    /// </summary>
    private async Task RecoverSourceAsync(QemuDomain d, MigrationJob job)
    {
        _outgoing.TryRemove(d.Uuid, out _);
        var qmp = job.Monitor;
        if (qmp is null)
            return;
        try
        {
            var st = await qmp.QueryMigrationProgressAsync().ConfigureAwait(false);
            if (!st.Finished && st.Status != "none")
                await qmp.MigrateCancelAsync().ConfigureAwait(false);
            await CancelDiskMirrorsAsync(d, qmp, job).ConfigureAwait(false);
            await ResumeAfterMigrationAsync(d, qmp, job).ConfigureAwait(false);
        }
        catch (Exception e) when (e is QmpErrorException or QmpDisconnectedException)
        {
            _settings.Log($"domain '{d.Name}': recovering from a failed migration: {e.Message}");
        }
    }

    private async Task ResumeAfterMigrationAsync(QemuDomain d, QmpClient qmp, MigrationJob job)
    {
        if (!job.WasRunning)
            return;
        if (KeepsSourcePaused(job))
        {
            _settings.Log($"domain '{d.Name}': not resuming it here after the failed migration: QEMU had sent all of its state and the destination "
                + "runs the guest from that moment (it keeps it); resume it here only if it runs nowhere else");
            return;
        }
        // QEMU may still be finishing the cancel; cont is refused while the migration is active.
        for (int i = 0; i < 100 && !(await qmp.QueryMigrationProgressAsync().ConfigureAwait(false)).Finished; i++)
            await Task.Delay(20).ConfigureAwait(false);
        if (await qmp.QueryRunStateAsync().ConfigureAwait(false) != "running")
            await qmp.ContAsync().ConfigureAwait(false);
        DomainLifecycleEvent ev;
        lock (_lock)
        {
            if (!d.IsActive)
                return;
            d.State = DomainState.Running;
            d.Reason = RunningMigrationCanceled;
            SaveStatus(d);
            ev = new DomainLifecycleEvent(d.Ref, L.Resumed, L.ResumedUnpaused);
        }
        _events.Publish(ev);
    }

    /// <summary>
    /// A plain pre-copy whose stream completed: the destination resumed the guest at that moment (IncomingEarlyResume)
    /// and keeps it whatever happens next, so resuming the source too would run two copies on one disk.
    /// </summary>
    private static bool KeepsSourcePaused(MigrationJob job) => job.SentAll && IncomingEarlyResume.Applies(job.Flags);

    public async Task MigrateConfirm3Async(DomainRef dom, IReadOnlyList<TypedParameter> prms, byte[] cookie, uint flags, bool cancelled)
    {
        var d = GetLocked(dom);
        bool offline = MigrateFlag.Has(flags, MigrateFlag.Offline);
        if (offline)
        {
            if (!cancelled && MigrateFlag.Has(flags, MigrateFlag.UndefineSource) && !d.IsActive)
                await UndefineAsync(dom, 0).ConfigureAwait(false);
            return;
        }
        if (!_outgoing.TryRemove(d.Uuid, out var job))
            throw QemuErrors.Invalid($"domain '{d.Name}' has no migration job to confirm", ErrorDomain.Domain);
        if (cancelled && job.InPostcopy)
        {
            await FailOutgoingPostcopyAsync(d).ConfigureAwait(false);
            return;
        }
        if (cancelled)
        {
            job.Monitor ??= d.Monitor;
            if (job.Monitor is { } m)
            {
                try
                {
                    await ResumeAfterMigrationAsync(d, m, job).ConfigureAwait(false);
                }
                catch (Exception e) when (e is QmpErrorException or QmpDisconnectedException)
                {
                    throw QemuErrors.OperationFailed($"cannot resume domain '{d.Name}' after the failed migration: {e.Message}");
                }
            }
            return;
        }
        // Success: the guest runs on the destination; this QEMU ends with reason "migrated".
        var confirmStart = DateTime.UtcNow;
        TakeDestinationStats(d, cookie);
        LogGuestDowntime(d, job);
        await d.Job.WaitAsync().ConfigureAwait(false);
        try
        {
            int pid;
            QmpClient? qmp;
            lock (_lock)
            {
                if (!d.IsActive)
                    return;
                pid = d.Pid;
                qmp = d.Monitor;
            }
            await WaitOutgoingPostcopyAsync(d, qmp, job).ConfigureAwait(false);
            lock (_lock)
                d.StopIntent = (R.ShutoffMigrated, L.StoppedMigrated);
            try
            {
                if (qmp is not null)
                    await qmp.QuitAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is QmpDisconnectedException or ObjectDisposedException)
            {
                // already on its way out (its monitor may even be closed already)
            }
            // QEMU closes its monitor as it exits: wait for that instead of polling the process from the start.
            if (qmp is not null)
                await Task.WhenAny(qmp.Closed, Task.Delay(TimeSpan.FromSeconds(10))).ConfigureAwait(false);
            if (!await ProcessState.WaitExitAsync(pid, TimeSpan.FromSeconds(10)).ConfigureAwait(false))
                await ProcessState.TerminateAsync(pid, TimeSpan.FromSeconds(3)).ConfigureAwait(false);
            await ProcessGoneAsync(d, pid).ConfigureAwait(false);
            _settings.Log($"domain '{d.Name}': migration out confirmed; the source QEMU ended in {(DateTime.UtcNow - confirmStart).TotalMilliseconds:0} ms");
        }
        finally
        {
            d.Job.Release();
        }
        bool undefine;
        lock (_lock)
            undefine = MigrateFlag.Has(flags, MigrateFlag.UndefineSource) && d.IsPersistent;
        if (undefine)
            await UndefineAsync(dom, DomainFlags.UndefineManagedSave | DomainFlags.UndefineSnapshotsMetadata).ConfigureAwait(false);
    }

    private static void CheckMigrateFlags(uint flags)
    {
        CheckModeFlags(flags);
        if ((flags & ~MigrateFlag.Supported) != 0)
            throw QemuErrors.Unsupported($"migration flags 0x{flags & ~MigrateFlag.Supported:x} are not supported");
        if (MigrateFlag.Has(flags, MigrateFlag.Offline) && MigrateFlag.Has(flags, MigrateFlag.Live))
            throw QemuErrors.InvalidArg("Flags 'VIR_MIGRATE_LIVE' and 'VIR_MIGRATE_OFFLINE' are mutually exclusive");
    }
}
