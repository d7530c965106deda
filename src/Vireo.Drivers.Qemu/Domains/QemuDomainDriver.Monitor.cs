using Vireo.Drivers.Domains;
using Vireo.Drivers.Events;
using Vireo.Drivers.Qemu.Qmp;
using Vireo.Drivers.Qemu.Supervision;
using L = Vireo.Drivers.Events.DomainLifecycle;
using R = Vireo.Drivers.Domains.DomainStateReason;

namespace Vireo.Drivers.Qemu.Domains;

public sealed partial class QemuDomainDriver
{
    private volatile bool _detached;

    /// <summary>
    /// Lets go of every guest without touching it, as a daemon exit does: monitors are closed, QEMU keeps running,
    /// status files stay, and a new driver instance on the same root reattaches. This instance is unusable afterwards.
    /// </summary>
    public async Task DetachAsync()
    {
        _detached = true;
        List<Qmp.QmpClient> monitors;
        lock (_lock)
            monitors = _domains.Where(d => d.Monitor is not null).Select(d => d.Monitor!).ToList();
        foreach (var m in monitors)
            await m.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Follows one QEMU instance's events on a task of its own (never on the QMP reader, so it may wait for locks):
    /// SHUTDOWN becomes "shutdown" then quit (or a reset for a reboot), RESET a reboot event, and the end of the
    /// monitor means the process is gone.
    /// </summary>
    private void StartMonitorLoop(QemuDomain d, QmpClient qmp, int pid) => _ = Task.Run(async () =>
    {
        try
        {
            await foreach (var e in qmp.Events.ReadAllAsync().ConfigureAwait(false))
                await OnEventAsync(d, qmp, pid, e).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _settings.Log($"monitor loop of domain '{d.Name}' failed: {ex.Message}");
        }
        // The daemon let go of its guests (shutting down): they keep running and the status files stay for reattach.
        if (_detached)
            return;
        // The monitor closed: QEMU is exiting (or was killed). Wait for the process (a zombie counts as exited).
        if (!await ProcessState.WaitExitAsync(pid, TimeSpan.FromSeconds(10)).ConfigureAwait(false))
        {
            _settings.Log($"QEMU of domain '{d.Name}' (pid {pid}) closed its monitor but still runs; killing it");
            await ProcessState.TerminateAsync(pid, TimeSpan.FromSeconds(3)).ConfigureAwait(false);
        }
        await ProcessGoneAsync(d, pid).ConfigureAwait(false);
    });

    private async Task OnEventAsync(QemuDomain d, QmpClient qmp, int pid, QmpEvent e)
    {
        switch (e.Name)
        {
            case QmpEvents.Shutdown:
                bool guest = e.Data.ValueKind == System.Text.Json.JsonValueKind.Object && e.Data.TryGetProperty("guest", out var g) && g.GetBoolean();
                bool reboot;
                DomainLifecycleEvent ev;
                lock (_lock)
                {
                    // Our own quit/SIGTERM makes QEMU report SHUTDOWN too ("host-qmp-quit", "host-signal"): not news.
                    if (d.Pid != pid || d.GuestShutdown || d.StopIntent is not null)
                        return;
                    // A reboot request, or <on_poweroff>restart</on_poweroff> for a guest power-off, resets instead of ending.
                    reboot = d.FakeReboot || (guest && d.Live?.OnPoweroff == "restart");
                    d.FakeReboot = false;
                    d.GuestShutdown = !reboot;
                    if (!reboot)
                    {
                        d.State = DomainState.Shutdown;
                        d.Reason = R.ShutdownUser;
                        SaveStatus(d);
                    }
                    ev = new DomainLifecycleEvent(d.Ref, L.Shutdown, guest ? L.ShutdownGuest : L.ShutdownHost);
                }
                _events.Publish(ev);
                try
                {
                    if (reboot)
                    {
                        // libvirt's fake reboot: the guest powered off on request; reset the machine and run it again.
                        await qmp.SystemResetAsync().ConfigureAwait(false);
                        await qmp.ContAsync().ConfigureAwait(false);
                        DomainRebootEvent rebooted;
                        lock (_lock)
                        {
                            d.State = DomainState.Running;
                            d.Reason = R.RunningBooted;
                            SaveStatus(d);
                            rebooted = new DomainRebootEvent(d.Ref);
                        }
                        _events.Publish(rebooted);
                    }
                    else
                    {
                        lock (_lock)
                            d.StopIntent ??= (R.ShutoffShutdown, L.StoppedShutdown);
                        await qmp.QuitAsync().ConfigureAwait(false);
                    }
                }
                catch (QmpDisconnectedException)
                {
                    // QEMU is already going away; the loop's end handles it.
                }
                break;
            case QmpEvents.Reset:
                DomainRebootEvent? reset = null;
                lock (_lock)
                    if (d.Pid == pid && !d.GuestShutdown)
                        reset = new DomainRebootEvent(d.Ref);
                if (reset is not null)
                    _events.Publish(reset);
                break;
        }
    }

    /// <summary>
    /// Bookkeeping once QEMU instance <paramref name="pid"/> has ended, whoever noticed first (destroy or the monitor
    /// loop): shut off with the reason the stop intent or guest shutdown gives (else "crashed"/failed), files removed,
    /// STOPPED published, a transient domain forgotten. Runs once per instance.
    /// </summary>
    private async Task ProcessGoneAsync(QemuDomain d, int pid)
    {
        Task? other;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            if (!_processGone.TryGetValue(pid, out other))
            {
                if (d.Pid != pid || d.Live is null)
                    return;
                _processGone[pid] = done.Task;
            }
        }
        // The other caller is still finishing (taps, event): wait, so destroy returns with the taps gone.
        if (other is not null)
        {
            await other.ConfigureAwait(false);
            return;
        }
        try
        {
            await FinishProcessGoneAsync(d, pid).ConfigureAwait(false);
        }
        finally
        {
            lock (_lock)
                _processGone.Remove(pid);
            done.SetResult();
        }
    }

    // ProcessGoneAsync's callers that are finishing an instance, by pid: a second caller awaits the first.
    private readonly Dictionary<int, Task> _processGone = [];

    private async Task FinishProcessGoneAsync(QemuDomain d, int pid)
    {
        QmpClient? monitor;
        DomainLifecycleEvent ev;
        Model.Domain.DomainDefinition stoppedDef;
        lock (_lock)
        {
            if (d.Pid != pid || d.Live is null)
                return;
            stoppedDef = d.Live;
            var (reason, detail) = d.StopIntent ?? (d.GuestShutdown ? (R.ShutoffShutdown, L.StoppedShutdown) : (R.ShutoffCrashed, L.StoppedFailed));
            monitor = d.Monitor;
            d.Monitor = null;
            d.Pid = 0;
            var stopped = d.Ref;
            d.Live = null;
            d.State = DomainState.Shutoff;
            d.Reason = reason;
            d.StopIntent = null;
            d.GuestShutdown = false;
            d.FakeReboot = false;
            File.Delete(_paths.StatusFile(d.Name));
            File.Delete(_paths.MonitorSocket(d.Name));
            File.Delete(_paths.PidFile(d.Name));
            Security.DiskOwnership.Restore(_paths.OwnersFile(d.Name));
            if (!d.IsPersistent)
                _domains.Remove(d);
            ev = new DomainLifecycleEvent(stopped, L.Stopped, detail);
        }
        if (monitor is not null)
            await monitor.DisposeAsync().ConfigureAwait(false);
        await DeleteTapsAsync(stoppedDef).ConfigureAwait(false);
        _events.Publish(ev);
        if (ev.Detail == L.StoppedFailed)
            ApplyOnCrash(d);
    }
}
