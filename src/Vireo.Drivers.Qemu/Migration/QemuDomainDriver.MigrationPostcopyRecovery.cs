using System.Collections.Concurrent;
using Vireo.Drivers.Domains;
using Vireo.Drivers.Events;
using Vireo.Drivers.Qemu.Migration;
using Vireo.Drivers.Qemu.Qmp;
using Vireo.Protocol.Errors;
using Vireo.Protocol.Remote;
using L = Vireo.Drivers.Events.DomainLifecycle;
using R = Vireo.Drivers.Domains.DomainStateReason;

namespace Vireo.Drivers.Qemu.Domains;

// Post-copy recovery (issue 8; libvirt 8.5's VIR_MIGRATE_POSTCOPY_RESUME, `virsh migrate --postcopy --postcopy-resume`).
// After the switch to post-copy the guest's newest state is split between the hosts, so a broken link must not lose
// it: both QEMUs are brought to "postcopy-paused" (QMP migrate-pause where the stream is stuck rather than failed),
// the source reports "paused (post-copy failed)", the destination "running (post-copy failed)", and the same
// Begin/Prepare/Perform/Finish/Confirm sequence with the resume flag reconnects them: Prepare sends migrate-recover
// to the waiting destination QEMU, Perform migrate with resume=true on the source, Finish waits for the last page.
public sealed partial class QemuDomainDriver
{
    /// <summary>VIR_DOMAIN_RUNNING_POSTCOPY_FAILED, VIR_DOMAIN_EVENT_SUSPENDED_POSTCOPY_FAILED, VIR_DOMAIN_EVENT_RESUMED_POSTCOPY_FAILED.</summary>
    private const int RunningPostcopyFailed = 11, SuspendedPostcopyFailedDetail = 8, ResumedPostcopyFailedDetail = 4;

    /// <summary>How long a resumed post-copy may take to reconnect (QEMU's postcopy-recover handshake).</summary>
    private static readonly TimeSpan RecoverDeadline = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Destination: domains whose Finish waits for the rest of a post-copy, by name: their monitor and the signal
    /// that the stream was paused (Finish's in-band query-migrate may hang meanwhile, see PauseIncomingPostcopyOfAsync).
    /// </summary>
    private readonly ConcurrentDictionary<string, (QmpClient Qmp, TaskCompletionSource Paused)> _postcopyIncoming = new();

    /// <summary>
    /// A post-copy whose link is dead but whose sockets have not failed (a cut link leaves TCP retransmitting for
    /// many minutes): QMP migrate-pause turns it into "postcopy-paused", the state a recovery starts from.
    /// </summary>
    private async Task PauseStuckPostcopyAsync(QmpClient? qmp, string name)
    {
        if (qmp is null)
            return;
        try
        {
            var status = (await qmp.QueryMigrationProgressAsync().ConfigureAwait(false)).Status;
            if (status is "postcopy-active" or "postcopy-recover")
            {
                await qmp.MigratePauseAsync().ConfigureAwait(false);
                _settings.Log($"domain '{name}': post-copy migration lost its peer; paused it (migrate-pause) for a later --postcopy-resume");
            }
        }
        catch (Exception e) when (e is QmpErrorException or QmpDisconnectedException)
        {
            _settings.Log($"domain '{name}': could not pause the failed post-copy migration: {e.Message}");
        }
    }

    /// <summary>Source, Confirm(cancelled) after the switch: the guest stays paused here, its migration paused for recovery.</summary>
    private async Task FailOutgoingPostcopyAsync(QemuDomain d)
    {
        QmpClient? qmp;
        lock (_lock)
            qmp = d.IsActive ? d.Monitor : null;
        await PauseStuckPostcopyAsync(qmp, d.Name).ConfigureAwait(false);
        KeepPausedAfterFailedPostcopy(d);
        _events.Publish(new DomainLifecycleEvent(d.Ref, L.Suspended, SuspendedPostcopyFailedDetail));
    }

    /// <summary>
    /// Destination, Finish saw "postcopy-paused": the guest keeps its QEMU (it holds the newest state) and reports
    /// running (post-copy failed), as libvirt's; the returned error is Finish's.
    /// </summary>
    private LibvirtException IncomingPostcopyFailed(QemuDomain d)
    {
        lock (_lock)
        {
            d.State = DomainState.Running;
            d.Reason = RunningPostcopyFailed;
            SaveStatus(d);
        }
        _events.Publish(new DomainLifecycleEvent(d.Ref, L.Resumed, ResumedPostcopyFailedDetail));
        _settings.Log($"domain '{d.Name}': incoming post-copy migration failed; the guest waits here for --postcopy-resume");
        return QemuErrors.OperationFailed("migration in job: job 'migration in' failed in post-copy phase");
    }

    /// <summary>
    /// Called when the client that prepared an incoming post-copy went away during Finish: pause the stuck stream.
    /// On the destination QEMU's main loop can itself wait for a missing page (and with it every in-band QMP
    /// command), so migrate-pause goes out of band and nothing is queried first; Finish is told directly.
    /// </summary>
    private async Task PauseIncomingPostcopyOfAsync(string name)
    {
        if (!_postcopyIncoming.TryGetValue(name, out var waiting))
            return;
        try
        {
            await waiting.Qmp.MigratePauseAsync().ConfigureAwait(false);
            _settings.Log($"domain '{name}': incoming post-copy migration lost its client; paused it (migrate-pause) for a later --postcopy-resume");
        }
        catch (Exception e) when (e is QmpErrorException or QmpDisconnectedException)
        {
            _settings.Log($"domain '{name}': could not pause the incoming post-copy migration: {e.Message}");
        }
        waiting.Paused.TrySetResult();
    }

    /// <summary>libvirt's checks that a failed post-copy can be resumed (qemuMigrationAnyCanResume).</summary>
    private static void CheckCanResume(QemuDomain d, uint flags, int failedReason, int activeReason)
    {
        if (!MigrateFlag.Has(flags, MigrateFlag.Postcopy))
            throw new LibvirtException(ErrorCode.ArgumentUnsupported, ErrorDomain.Qemu,
                "argument unsupported: resuming failed post-copy migration requires post-copy to be enabled");
        if (!d.IsActive)
            throw QemuErrors.NotRunning();
        if (d.Reason == activeReason)
            throw QemuErrors.Invalid($"post-copy migration of domain {d.Name} has not failed");
        if (d.Reason != failedReason)
            throw QemuErrors.Invalid($"migration of domain {d.Name} is not in post-copy phase");
    }

    private static async Task RequirePostcopyPausedAsync(QmpClient qmp)
    {
        var status = (await qmp.QueryMigrationProgressAsync().ConfigureAwait(false)).Status;
        if (status != "postcopy-paused")
            throw QemuErrors.Invalid("QEMU reports migration is still running");
    }

    /// <summary>Begin with the resume flag: the source's post-copy must have failed; a new job carries the recovery.</summary>
    private async Task<(byte[] Cookie, string Xml)> BeginPostcopyResumeAsync(DomainRef dom, IReadOnlyList<TypedParameter> prms, uint flags)
    {
        var d = GetLocked(dom);
        QmpClient qmp;
        lock (_lock)
        {
            CheckCanResume(d, flags, PausedPostcopyFailed, PausedPostcopy);
            qmp = d.Monitor ?? throw QemuErrors.NotRunning();
        }
        if (_outgoing.TryGetValue(d.Uuid, out var running) && running.Transferring)
            throw QemuErrors.Invalid($"resuming failed post-copy migration of domain {d.Name} already in progress");
        await RunMonitorAsync(() => RequirePostcopyPausedAsync(qmp)).ConfigureAwait(false);
        string xml;
        lock (_lock)
            xml = MigrationParams.Str(prms, MigrationParams.DestXml) ?? d.Current.ToXml(Model.Domain.DomainXmlFormatFlags.Secure | Model.Domain.DomainXmlFormatFlags.Inactive);
        _outgoing[d.Uuid] = new MigrationJob(flags) { WasRunning = false, Monitor = qmp, InPostcopy = true };
        return ([], xml);
    }

    /// <summary>Prepare with the resume flag: the waiting destination QEMU listens again (migrate-recover).</summary>
    private async Task<(byte[] Cookie, string? Uri)> PreparePostcopyResumeAsync(IReadOnlyList<TypedParameter> prms, uint flags, string? hostHint)
    {
        var name = MigrationParams.Str(prms, MigrationParams.DestName);
        if (name is null && MigrationParams.Str(prms, MigrationParams.DestXml) is { } xml)
            name = System.Xml.Linq.XElement.Parse(xml).Element("name")?.Value;
        QemuDomain d;
        QmpClient qmp;
        lock (_lock)
        {
            d = (name is null ? null : FindByName(name)) ?? throw QemuErrors.NoDomain($"no domain with matching name '{name}'");
            CheckCanResume(d, flags, RunningPostcopyFailed, RunningPostcopy);
            qmp = d.Monitor ?? throw QemuErrors.NotRunning();
        }
        // No in-band query here: a paused destination's main loop may be waiting for a page (migrate-recover is OOB).
        var incoming = new IncomingMigration(d.Name, created: false) { Resuming = true };
        if (!_incoming.TryAdd(d.Name, incoming))
            throw QemuErrors.Invalid($"resuming failed post-copy migration of domain {d.Name} already in progress");
        var (listen, port) = ChooseIncomingEndpoint(prms);
        try
        {
            await qmp.MigrateRecoverAsync($"tcp:{listen}:{port}").ConfigureAwait(false);
        }
        catch (QmpErrorException e)
        {
            _incoming.TryRemove(d.Name, out _);
            throw e.Description.Contains("paused", StringComparison.OrdinalIgnoreCase)
                ? QemuErrors.Invalid("QEMU reports migration is still running")
                : QemuErrors.Internal($"unable to execute QEMU command 'migrate-recover': {e.Description}");
        }
        catch
        {
            _incoming.TryRemove(d.Name, out _);
            throw;
        }
        lock (_lock)
        {
            d.Reason = RunningPostcopy;
            SaveStatus(d);
        }
        var host = MigrationParams.Str(prms, MigrationParams.Uri) is { } given ? MigrationParams.ParseTcpUri(given).Host : ChooseMigrationHost(hostHint);
        return ([], $"tcp:{host}:{port}");
    }

    /// <summary>Perform with the resume flag: migrate resume=true, until QEMU runs the post-copy again.</summary>
    private async Task<byte[]> PerformPostcopyResumeAsync(QemuDomain d, MigrationJob job, IReadOnlyList<TypedParameter> prms)
    {
        var uri = MigrationParams.Str(prms, MigrationParams.Uri) ?? throw QemuErrors.InvalidArg("migration URI is missing");
        var (host, port) = MigrationParams.ParseTcpUri(uri);
        var qmp = job.Monitor ?? throw QemuErrors.NotRunning();
        await d.Job.WaitAsync().ConfigureAwait(false);
        try
        {
            if (MigrationParams.Num(prms, "bandwidth.postcopy") is { } pbw and > 0)
                await RunMonitorAsync(() => qmp.SetMigrationParametersAsync(new Dictionary<string, long> { ["max-postcopy-bandwidth"] = SpeedToBytes((ulong)pbw) })).ConfigureAwait(false);
            await RunMonitorAsync(() => qmp.MigrateResumeAsync($"tcp:{host}:{port}")).ConfigureAwait(false);
            var until = DateTime.UtcNow + RecoverDeadline;
            while (true)
            {
                var p = await qmp.QueryMigrationProgressAsync().ConfigureAwait(false);
                job.Last = p;
                if (p.Status is "postcopy-active" or "completed")
                    break;
                if (p.Status is "failed" or "cancelled" || DateTime.UtcNow > until)
                    throw QemuErrors.OperationFailed($"migration out job: post-copy recovery did not reconnect (QEMU reports '{p.Status}')");
                await Task.Delay(50).ConfigureAwait(false);
            }
            lock (_lock)
            {
                d.State = DomainState.Paused;
                d.Reason = PausedPostcopy;
                SaveStatus(d);
            }
            _events.Publish(new DomainLifecycleEvent(d.Ref, L.Suspended, SuspendedPostcopyDetail));
            return [];
        }
        catch (Exception e) when (e is QmpErrorException or QmpDisconnectedException)
        {
            throw QemuErrors.OperationFailed($"migration out job: {e.Message}");
        }
        finally
        {
            d.Job.Release();
        }
    }

    /// <summary>
    /// Finish with the resume flag: once QEMU left "postcopy-paused"/"postcopy-recover", the usual end of an incoming
    /// post-copy (wait for the last page, running (migrated), persist). Cancelled: the guest stays as it was.
    /// </summary>
    private async Task<(DomainRef Dom, byte[] Cookie)> FinishPostcopyResumeAsync(QemuDomain d, IReadOnlyList<TypedParameter> prms, uint flags, bool cancelled)
    {
        QmpClient qmp;
        lock (_lock)
            qmp = d.Monitor ?? throw QemuErrors.NotRunning();
        try
        {
            var until = DateTime.UtcNow + RecoverDeadline;
            string status;
            while ((status = (await qmp.QueryMigrationProgressAsync().ConfigureAwait(false)).Status) is "postcopy-paused" or "postcopy-recover")
            {
                if (cancelled || DateTime.UtcNow > until)
                    throw IncomingPostcopyFailed(d);
                await Task.Delay(50).ConfigureAwait(false);
            }
            if (status is "failed" or "cancelled")
                throw IncomingPostcopyFailed(d);
            return ((await RunIncomingAsync(d, prms, flags).ConfigureAwait(false)).Dom, []);
        }
        catch (Exception e) when (e is QmpErrorException or QmpDisconnectedException or TimeoutException)
        {
            throw QemuErrors.OperationFailed($"migration in job: {e.Message}");
        }
    }
}
