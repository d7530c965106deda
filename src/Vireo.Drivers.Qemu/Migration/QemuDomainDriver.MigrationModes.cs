using System.Net.Sockets;
using Vireo.Drivers.Domains;
using Vireo.Drivers.Events;
using Vireo.Drivers.Qemu.Migration;
using Vireo.Drivers.Qemu.Qmp;
using Vireo.Protocol.Errors;
using Vireo.Protocol.Remote;
using L = Vireo.Drivers.Events.DomainLifecycle;

namespace Vireo.Drivers.Qemu.Domains;

// Migration modes beyond a plain pre-copy over TCP (issue 8): --tunnelled (QEMU's stream goes through a local unix
// socket that vireod pumps into the RPC connection), --postcopy (migrate-postcopy switches; the destination runs
// while the rest of memory follows) and the convergence policy (a guest suspended during its migration completes
// offline, and that is reported).
public sealed partial class QemuDomainDriver
{
    /// <summary>VIR_DOMAIN_RUNNING_POSTCOPY, VIR_DOMAIN_PAUSED_POSTCOPY, VIR_DOMAIN_EVENT_SUSPENDED_POSTCOPY, VIR_DOMAIN_EVENT_RESUMED_POSTCOPY.</summary>
    private const int RunningPostcopy = 10, PausedPostcopy = 12, PausedPostcopyFailed = 13, SuspendedPostcopyDetail = 7, ResumedPostcopyDetail = 3;

    /// <summary>How long the destination waits for the post-copy phase to end after the guest runs there.</summary>
    private static readonly TimeSpan PostcopyDeadline = TimeSpan.FromMinutes(30);

    /// <summary>
    /// Destination of a tunnelled migration (PREPARE_TUNNEL3_PARAMS): QEMU waits on a unix socket; the returned
    /// stream is connected to it, and the RPC stream's data goes there.
    /// </summary>
    public async Task<(byte[] Cookie, Stream Sink)> MigratePrepareTunnel3Async(IReadOnlyList<TypedParameter> prms, byte[] cookie, uint flags)
    {
        if (!MigrateFlag.Has(flags, MigrateFlag.Tunnelled))
            throw QemuErrors.InvalidArg("PREPARE_TUNNEL3 needs the VIR_MIGRATE_TUNNELLED flag");
        Directory.CreateDirectory(_paths.StateDir);
        var path = Path.Combine(_paths.StateDir, $"tunnel-in-{Guid.NewGuid():N}.sock");
        var (cookieOut, _) = await MigratePrepare3Async(prms, cookie, flags, null, tunnelSocket: path).ConfigureAwait(false);
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path)).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw QemuErrors.OperationFailed($"cannot connect to the incoming migration socket of QEMU: {e.Message}");
        }
        finally
        {
            File.Delete(path);
        }
        return (cookieOut, new NetworkStream(socket, ownsSocket: true));
    }

    /// <summary>
    /// Source of a tunnelled migration: QEMU migrates to a unix socket this method listens on, and every byte is
    /// copied into <paramref name="tunnel"/> (the RPC stream to the destination daemon) until QEMU completes.
    /// </summary>
    public async Task<byte[]> MigratePerformTunnelledAsync(DomainRef dom, IReadOnlyList<TypedParameter> prms, byte[] cookie, uint flags, Stream tunnel)
    {
        Directory.CreateDirectory(_paths.StateDir);
        var path = Path.Combine(_paths.StateDir, $"tunnel-out-{Guid.NewGuid():N}.sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen(1);
        using var cts = new CancellationTokenSource();
        var pump = Task.Run(async () =>
        {
            using var conn = await listener.AcceptAsync(cts.Token).ConfigureAwait(false);
            await using var fromQemu = new NetworkStream(conn, ownsSocket: false);
            await fromQemu.CopyToAsync(tunnel, 256 * 1024, cts.Token).ConfigureAwait(false);
        });
        try
        {
            var result = await MigratePerform3Async(dom, prms, cookie, flags, tunnelSocket: path).ConfigureAwait(false);
            // QEMU closes its end once the migration completed (or, in post-copy, keeps sending until it does).
            await pump.WaitAsync(TimeSpan.FromMinutes(30)).ConfigureAwait(false);
            return result;
        }
        catch (Exception e) when (e is not LibvirtException && pump.IsFaulted)
        {
            throw QemuErrors.OperationFailed($"migration out job: the tunnel to the destination failed: {pump.Exception?.GetBaseException().Message}");
        }
        finally
        {
            await cts.CancelAsync().ConfigureAwait(false);
            try { await pump.ConfigureAwait(false); } catch (Exception) { /* reported above or by Perform */ }
            File.Delete(path);
        }
    }

    /// <summary>migrate-postcopy (virDomainMigrateStartPostCopy): the outgoing migration switches to post-copy.</summary>
    public async Task MigrateStartPostCopyAsync(DomainRef dom, uint flags)
    {
        QemuErrors.CheckFlags(flags, 0, "qemuDomainMigrateStartPostCopy");
        var d = GetLocked(dom);
        lock (_lock)
            RequireActive(d);
        if (!_outgoing.TryGetValue(d.Uuid, out var job))
            throw QemuErrors.Invalid("post-copy can only be started while outgoing migration is in progress", ErrorDomain.Domain);
        if (!MigrateFlag.Has(job.Flags, MigrateFlag.Postcopy))
            throw QemuErrors.Invalid("switching to post-copy requires migration to be started with VIR_MIGRATE_POSTCOPY flag", ErrorDomain.Domain);
        var qmp = job.Monitor ?? throw QemuErrors.NotRunning();
        await RunMonitorAsync(() => qmp.MigrateStartPostcopyAsync()).ConfigureAwait(false);
        _settings.Log($"domain '{d.Name}': outgoing migration switched to post-copy");
    }

    /// <summary>Capabilities and parameters the source adds for post-copy (the destination sets postcopy-ram too).</summary>
    private static void AddPostcopySettings(uint flags, IReadOnlyList<TypedParameter> prms, Dictionary<string, bool> caps, Dictionary<string, long> values)
    {
        caps["postcopy-ram"] = MigrateFlag.Has(flags, MigrateFlag.Postcopy);
        if (MigrationParams.Num(prms, "bandwidth.postcopy") is { } pbw and > 0)
            values["max-postcopy-bandwidth"] = SpeedToBytes((ulong)pbw);
    }

    /// <summary>
    /// Every progress answer of the outgoing migration: a new pass over memory raises MIGRATION_ITERATION (virsh's
    /// --postcopy-after-precopy switches on the second), the switch to post-copy is announced once.
    /// </summary>
    private void OnOutgoingProgress(QemuDomain d, MigrationJob job, MigrationProgress p)
    {
        PublishIterations(d, job, p.Iteration);
        if (p.Status == "postcopy-active" && !job.InPostcopy)
        {
            job.InPostcopy = true;
            lock (_lock)
            {
                d.State = DomainState.Paused;
                d.Reason = PausedPostcopy;
                SaveStatus(d);
            }
            _events.Publish(new DomainLifecycleEvent(d.Ref, L.Suspended, SuspendedPostcopyDetail));
        }
    }

    /// <summary>
    /// MIGRATION_ITERATION up to pass <paramref name="pass"/>: every pass number once, even when two passes ended
    /// between reports (virsh acts on exactly 2). Fed by QEMU's MIGRATION_PASS events and by each progress answer.
    /// </summary>
    private void PublishIterations(QemuDomain d, MigrationJob job, ulong pass)
    {
        lock (job)
            while (job.ReportedIteration < pass)
                _events.Publish(new DomainMigrationIterationEvent(d.Ref, (int)++job.ReportedIteration));
    }

    /// <summary>Perform ends at the switch to post-copy (as libvirt's), so Finish can run the guest on the destination.</summary>
    private static bool PerformDone(MigrationJob job, MigrationProgress p) =>
        p.Status == "completed" || (p.Status == "postcopy-active" && MigrateFlag.Has(job.Flags, MigrateFlag.Postcopy));

    /// <summary>
    /// A post-copy that failed after the switch: the guest's newest state is split between the hosts, so it must not
    /// run here again (as libvirt, it stays paused with reason "post-copy failed").
    /// </summary>
    private void KeepPausedAfterFailedPostcopy(QemuDomain d)
    {
        lock (_lock)
        {
            d.State = DomainState.Paused;
            d.Reason = PausedPostcopyFailed;
            SaveStatus(d);
        }
        _settings.Log($"domain '{d.Name}': post-copy migration failed after the switch; the guest stays paused here");
    }

    /// <summary>Confirm on the source after a post-copy: the rest of memory must have arrived before this QEMU quits.</summary>
    private async Task WaitOutgoingPostcopyAsync(QemuDomain d, QmpClient? qmp, MigrationJob job)
    {
        if (qmp is null || !job.InPostcopy)
            return;
        var until = DateTime.UtcNow + PostcopyDeadline;
        while (true)
        {
            var p = await qmp.QueryMigrationProgressAsync().ConfigureAwait(false);
            if (p.Status == "completed")
            {
                _completedJobs[d.Uuid] = Completed(p, OperationMigrationOut);
                return;
            }
            if (p.Status is "failed" or "cancelled" || DateTime.UtcNow > until)
                throw QemuErrors.OperationFailed($"migration out job: post-copy ended with status {p.Status}");
            await Task.Delay(50).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Finish on the destination: when the source switched to post-copy, the guest already runs here (cont was just
    /// sent); report that, then wait until the last page arrived.
    /// </summary>
    private async Task WaitIncomingPostcopyAsync(QemuDomain d, QmpClient qmp)
    {
        var p = await qmp.QueryMigrationProgressAsync().ConfigureAwait(false);
        if (p.Status is not ("postcopy-active" or "postcopy-recover" or "postcopy-paused"))
            return;
        lock (_lock)
        {
            d.State = DomainState.Running;
            d.Reason = RunningPostcopy;
            SaveStatus(d);
        }
        _events.Publish(new DomainLifecycleEvent(d.Ref, L.Resumed, ResumedPostcopyDetail));
        _settings.Log($"domain '{d.Name}': running here in post-copy; waiting for the rest of its memory");
        var until = DateTime.UtcNow + PostcopyDeadline;
        // so a client gone by keepalive can pause a stuck stream for recovery (and tell this loop, whose in-band
        // query may hang while the main loop waits for a page)
        var paused = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _postcopyIncoming[d.Name] = (qmp, paused);
        // ... or QEMU says so itself: the source paused it (domjobabort --postcopy) or its socket failed
        void OnEvent(QmpEvent e)
        {
            if (e.MigrationStatus == "postcopy-paused")
                paused.TrySetResult();
        }
        qmp.EventReceived += OnEvent;
        try
        {
            while (p.Status is "postcopy-active" or "postcopy-recover")
            {
                if (DateTime.UtcNow > until)
                    throw new TimeoutException("the post-copy phase did not end");
                await Task.Delay(50).ConfigureAwait(false);
                var query = qmp.QueryMigrationProgressAsync();
                if (await Task.WhenAny(query, paused.Task).ConfigureAwait(false) != query)
                {
                    _ = query.ContinueWith(t => t.Exception, TaskScheduler.Default); // answered once pages flow again
                    throw IncomingPostcopyFailed(d);
                }
                p = await query.ConfigureAwait(false);
            }
        }
        finally
        {
            qmp.EventReceived -= OnEvent;
            _postcopyIncoming.TryRemove(d.Name, out _);
        }
        if (p.Status == "postcopy-paused")
            throw IncomingPostcopyFailed(d); // the guest holds the newest state: kept for --postcopy-resume
        if (p.Status != "completed")
            throw new TimeoutException($"the post-copy phase ended with status {p.Status}");
    }

    /// <summary>
    /// The convergence policy (guide 12 intro): a guest suspended while its live migration transfers (virsh/vsh
    /// --timeout with --timeout-suspend) completes offline. Called under the lock by suspend; true when that is
    /// the case, so the pause is reported as "migrating" (as libvirt's) and logged.
    /// </summary>
    private bool SuspendedDuringMigration(QemuDomain d)
    {
        if (!_outgoing.TryGetValue(d.Uuid, out var job) || !job.Transferring || job.SuspendedAt is not null)
            return false;
        job.SuspendedAt = DateTime.UtcNow;
        _settings.Log($"domain '{d.Name}': paused during its outgoing live migration after {(DateTime.UtcNow - job.Started).TotalSeconds:0.#} s "
            + "(it did not converge): the migration completes offline");
        return true;
    }

    /// <summary>Completed-job statistics: a guest suspended by the convergence policy was down from the suspend on.</summary>
    private static CompletedMigration WithPolicyDowntime(CompletedMigration c, MigrationJob job) =>
        job.SuspendedAt is { } at ? c with { DowntimeMs = Math.Max(c.DowntimeMs, (long)(DateTime.UtcNow - at).TotalMilliseconds) } : c;

    /// <summary>Combinations of the modes this driver refuses up front (libvirt refuses the same ones).</summary>
    private static void CheckModeFlags(uint flags)
    {
        if (MigrateFlag.Has(flags, MigrateFlag.Tunnelled))
        {
            if (!MigrateFlag.Has(flags, MigrateFlag.PeerToPeer))
                throw QemuErrors.InvalidArg("cannot perform tunnelled migration without using peer2peer flag");
            if (MigrateFlag.Has(flags, MigrateFlag.Parallel))
                throw QemuErrors.InvalidArg("Flags 'VIR_MIGRATE_TUNNELLED' and 'VIR_MIGRATE_PARALLEL' are mutually exclusive");
            if (MigrateFlag.CopiesStorage(flags))
                throw QemuErrors.Unsupported("copying storage is not supported with tunnelled migration by this driver; use --copy-storage-all without --tunnelled");
        }
        if (MigrateFlag.Has(flags, MigrateFlag.Postcopy))
        {
            if (MigrateFlag.Has(flags, MigrateFlag.Offline) || !MigrateFlag.Has(flags, MigrateFlag.Live))
                throw QemuErrors.InvalidArg("post-copy migration is not supported with non-live or paused migration");
            if (MigrateFlag.Has(flags, MigrateFlag.Tunnelled))
                throw QemuErrors.Unsupported("post-copy is not supported with tunnelled migration");
            if (MigrateFlag.CopiesStorage(flags))
                throw QemuErrors.Unsupported("post-copy migration with --copy-storage-all or --copy-storage-inc is not supported by this driver");
        }
    }
}
