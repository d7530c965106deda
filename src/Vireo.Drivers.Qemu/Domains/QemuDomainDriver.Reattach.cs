using Vireo.Drivers.Domains;
using Vireo.Drivers.Qemu.Qmp;
using Vireo.Drivers.Qemu.State;
using Vireo.Drivers.Qemu.Supervision;
using R = Vireo.Drivers.Domains.DomainStateReason;

namespace Vireo.Drivers.Qemu.Domains;

public sealed partial class QemuDomainDriver
{
    /// <summary>
    /// Loads the persistent configs (ETC/qemu/*.xml), then reattaches every QEMU that a status file (RUN/qemu/*.xml)
    /// names and that still runs: reconnects its monitor, keeps its id, reads its run state. A status file whose
    /// QEMU is gone is removed and the domain reported shut off. A damaged file is logged and skipped.
    /// </summary>
    internal async Task LoadAsync()
    {
        _paths.CreateDirectories();
        foreach (var file in Directory.GetFiles(_paths.ConfigDir, "*.xml").Order(StringComparer.Ordinal))
        {
            try
            {
                var def = QemuDomainXml.Parse(await File.ReadAllTextAsync(file).ConfigureAwait(false), _defaults);
                if (def.Name + ".xml" != Path.GetFileName(file))
                {
                    _settings.Log($"skipping {file}: it defines domain '{def.Name}', whose config belongs in {def.Name}.xml");
                    continue;
                }
                lock (_lock)
                {
                    var (d, _) = AddOrReplace(def);
                    d.Persistent = def;
                    d.Autostart = File.Exists(_paths.AutostartLink(def.Name));
                    d.HasManagedSave = File.Exists(_paths.ManagedSaveFile(def.Name));
                    if (!_domains.Contains(d))
                        _domains.Add(d);
                }
            }
            catch (Exception e)
            {
                _settings.Log($"cannot load domain config {file}: {e.Message}");
            }
        }
        foreach (var file in Directory.GetFiles(_paths.StateDir, "*.xml").Order(StringComparer.Ordinal))
        {
            try
            {
                await ReattachAsync(file).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                _settings.Log($"cannot reattach from {file}: {e.Message}");
            }
        }
    }

    private async Task ReattachAsync(string file)
    {
        var status = DomainStatusFile.Read(file);
        var live = status.Live;
        var name = live.Name;
        QemuDomain d;
        lock (_lock)
        {
            d = FindByUuid(live.Uuid) ?? new QemuDomain(live.Uuid, live.Name);
            if (!_domains.Contains(d))
                _domains.Add(d);
        }
        if (await ReapUnfinishedIncomingAsync(d, status).ConfigureAwait(false))
            return;
        // The pid must still be this domain's QEMU (pids are reused): its command line names the guest.
        if (!ProcessState.IsAlive(status.Pid, $"guest={name},"))
        {
            _settings.Log($"QEMU of domain '{name}' (pid {status.Pid}) is gone; the domain is shut off");
            Forget(d, name, R.ShutoffUnknown);
            await DeleteTapsAsync(live).ConfigureAwait(false);
            return;
        }
        QmpClient qmp;
        try
        {
            qmp = await QmpClient.ConnectWithRetryAsync(status.MonitorPath, TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            _settings.Log($"cannot reconnect to the monitor of domain '{name}' ({status.MonitorPath}): {e.Message}; killing pid {status.Pid}" +
                " so the guest cannot end up running twice");
            await ProcessState.TerminateAsync(status.Pid, TimeSpan.FromSeconds(3)).ConfigureAwait(false);
            Forget(d, name, R.ShutoffFailed);
            return;
        }
        var run = await qmp.QueryStatusAsync().ConfigureAwait(false);
        lock (_lock)
        {
            d.Live = live;
            d.Pid = status.Pid;
            d.Monitor = qmp;
            d.Accel = status.Accel;
            (d.State, d.Reason) = run.Status switch
            {
                "running" => (DomainState.Running, status.State == DomainState.Running ? status.Reason : R.RunningUnpaused),
                "paused" or "prelaunch" => (DomainState.Paused, status.State == DomainState.Paused ? status.Reason : R.PausedUnknown),
                "shutdown" => (DomainState.Shutdown, R.ShutdownUser),
                _ => (status.State, status.Reason),
            };
            if (live.Id is { } id)
                _nextId = Math.Max(_nextId, id + 1);
            SaveStatus(d);
        }
        StartMonitorLoop(d, qmp, status.Pid);
        _settings.Log($"reattached domain '{name}' (id {live.Id}, pid {status.Pid}, {run.Status})");
        // A guest that powered off while no daemon watched is waiting in QEMU's "shutdown" state (-no-shutdown): end it now.
        if (run.Status == "shutdown")
        {
            lock (_lock)
            {
                d.GuestShutdown = true;
                d.StopIntent = (R.ShutoffShutdown, Vireo.Drivers.Events.DomainLifecycle.StoppedShutdown);
            }
            await qmp.QuitAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Starts every autostart domain that is not running (once, when the daemon opens the driver).</summary>
    internal async Task AutostartAsync()
    {
        List<QemuDomain> todo;
        lock (_lock)
            todo = _domains.Where(d => d.Autostart && !d.IsActive && d.IsPersistent).ToList();
        foreach (var d in todo)
        {
            try
            {
                await CreateAsync(d.Ref, 0).ConfigureAwait(false);
                _settings.Log($"autostarted domain '{d.Name}'");
            }
            catch (Exception e)
            {
                _settings.Log($"cannot autostart domain '{d.Name}': {e.Message}");
            }
        }
    }

    private void Forget(QemuDomain d, string name, int reason)
    {
        File.Delete(_paths.StatusFile(name));
        File.Delete(_paths.MonitorSocket(name));
        File.Delete(_paths.PidFile(name));
        lock (_lock)
        {
            d.Live = null;
            d.Pid = 0;
            d.State = DomainState.Shutoff;
            d.Reason = reason;
            if (!d.IsPersistent)
                _domains.Remove(d);
        }
    }
}
