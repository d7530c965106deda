using System.Globalization;
using Vireo.Drivers.Domains;
using Vireo.Drivers.Events;
using Vireo.Drivers.Qemu.Qmp;
using Vireo.Drivers.Qemu.Supervision;
using Vireo.Protocol.Errors;
using L = Vireo.Drivers.Events.DomainLifecycle;
using R = Vireo.Drivers.Domains.DomainStateReason;

namespace Vireo.Drivers.Qemu.Domains;

public sealed partial class QemuDomainDriver
{
    public async Task<DomainRef> CreateAsync(DomainRef dom, uint flags)
    {
        QemuErrors.CheckFlags(flags, DomainFlags.StartPaused | DomainFlags.StartAutodestroy | DomainFlags.StartBypassCache | DomainFlags.StartForceBoot,
            "qemuDomainCreateWithFlags");
        var d = GetLocked(dom);
        await d.Job.WaitAsync().ConfigureAwait(false);
        try
        {
            bool managed;
            lock (_lock)
            {
                if (d.IsActive)
                    throw QemuErrors.Invalid("domain is already running", ErrorDomain.Domain);
                managed = d.HasManagedSave;
            }
            if (managed && (flags & DomainFlags.StartForceBoot) == 0)
                await StartFromManagedSaveAsync(d, (flags & DomainFlags.StartPaused) != 0).ConfigureAwait(false);
            else
            {
                if (managed)
                    RemoveManagedSave(d);
                await StartProcessAsync(d, paused: (flags & DomainFlags.StartPaused) != 0).ConfigureAwait(false);
            }
            lock (_lock)
                return d.Ref;
        }
        finally
        {
            d.Job.Release();
        }
    }

    public async Task<DomainRef> CreateXmlAsync(string xml, uint flags)
    {
        QemuErrors.CheckFlags(flags, DomainFlags.StartPaused | DomainFlags.StartAutodestroy | DomainFlags.StartValidate, "qemuDomainCreateXML");
        var def = QemuDomainXml.Parse(xml, _defaults);
        QemuDomain d;
        lock (_lock)
        {
            if (FindByUuid(def.Uuid) is { } existing)
            {
                if (existing.Name != def.Name)
                    throw QemuErrors.OperationFailed($"domain '{existing.Name}' is already defined with uuid {existing.Uuid:D}", ErrorDomain.Domain);
                if (existing.IsActive)
                    throw QemuErrors.Invalid($"domain '{def.Name}' is already active", ErrorDomain.Domain);
                throw QemuErrors.Invalid($"domain '{def.Name}' is already defined; start it instead", ErrorDomain.Domain);
            }
            if (FindByName(def.Name) is { } other)
                throw QemuErrors.OperationFailed($"domain '{def.Name}' already exists with uuid {other.Uuid:D}", ErrorDomain.Domain);
            d = new QemuDomain(def.Uuid, def.Name) { Live = null };
            // A transient domain exists only while it runs: its definition travels as the "persistent" one into
            // StartProcessAsync and is dropped again below.
            d.Persistent = def;
            _domains.Add(d);
        }
        await d.Job.WaitAsync().ConfigureAwait(false);
        try
        {
            await StartProcessAsync(d, paused: (flags & DomainFlags.StartPaused) != 0).ConfigureAwait(false);
            lock (_lock)
            {
                d.Persistent = null;
                return d.Ref;
            }
        }
        catch
        {
            lock (_lock)
                _domains.Remove(d);
            throw;
        }
        finally
        {
            d.Job.Release();
        }
    }

    public async Task DestroyAsync(DomainRef dom, uint flags)
    {
        QemuErrors.CheckFlags(flags, DomainFlags.DestroyGraceful, "qemuDomainDestroyFlags");
        var d = GetLocked(dom);
        // Destroy does not queue behind a stuck job (that is what it is for): it only waits for start to finish.
        await d.Job.WaitAsync().ConfigureAwait(false);
        try
        {
            int pid;
            lock (_lock)
            {
                RequireActive(d);
                pid = d.Pid;
                d.StopIntent = (R.ShutoffDestroyed, L.StoppedDestroyed);
            }
            bool gone = await ProcessState.TerminateAsync(pid, _settings.DestroyGrace, gracefulOnly: (flags & DomainFlags.DestroyGraceful) != 0).ConfigureAwait(false);
            if (!gone)
            {
                lock (_lock)
                    d.StopIntent = null;
                throw QemuErrors.OperationFailed($"failed to kill qemu process {pid} of domain '{d.Name}' with SIGTERM within {_settings.DestroyGrace.TotalSeconds:0} s");
            }
            await ProcessGoneAsync(d, pid).ConfigureAwait(false);
        }
        finally
        {
            d.Job.Release();
        }
    }

    /// <summary>ACPI shutdown: presses the power button and returns; the domain reaches shut off when the guest powers off.</summary>
    public async Task ShutdownAsync(DomainRef dom, uint flags)
    {
        // VIR_DOMAIN_SHUTDOWN_DEFAULT | ACPI_POWER_BTN (1) | GUEST_AGENT (2): the agent only when asked for alone.
        QemuErrors.CheckFlags(flags, 1 | GuestAgentMode, "qemuDomainShutdownFlags");
        var d = GetLocked(dom);
        if (flags == GuestAgentMode)
        {
            await AgentShutdownAsync(d, "powerdown").ConfigureAwait(false);
            return;
        }
        await WithMonitorAsync(d, "shutdown", async qmp =>
        {
            lock (_lock)
                d.FakeReboot = false;
            await qmp.SystemPowerdownAsync().ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    /// <summary>ACPI reboot: like shutdown, but the guest's power-off is turned into a reset (libvirt's "fake reboot").</summary>
    public async Task RebootAsync(DomainRef dom, uint flags)
    {
        QemuErrors.CheckFlags(flags, 1 | GuestAgentMode, "qemuDomainReboot");
        var d = GetLocked(dom);
        if (flags == GuestAgentMode)
        {
            await AgentShutdownAsync(d, "reboot").ConfigureAwait(false);
            return;
        }
        await WithMonitorAsync(d, "reboot", async qmp =>
        {
            lock (_lock)
                d.FakeReboot = true;
            await qmp.SystemPowerdownAsync().ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    public async Task ResetAsync(DomainRef dom, uint flags)
    {
        QemuErrors.CheckFlags(flags, 0, "qemuDomainReset");
        var d = GetLocked(dom);
        await WithMonitorAsync(d, "reset", qmp => qmp.SystemResetAsync()).ConfigureAwait(false);
    }

    public async Task SuspendAsync(DomainRef dom)
    {
        var d = GetLocked(dom);
        DomainLifecycleEvent? ev = null;
        await WithMonitorAsync(d, "suspend", async qmp =>
        {
            lock (_lock)
                if (d.State == DomainState.Paused)
                    return;
            await qmp.StopAsync().ConfigureAwait(false);
            lock (_lock)
            {
                bool migrating = SuspendedDuringMigration(d);
                d.State = DomainState.Paused;
                d.Reason = migrating ? R.PausedMigration : R.PausedUser;
                SaveStatus(d);
                ev = new DomainLifecycleEvent(d.Ref, L.Suspended, migrating ? L.SuspendedMigrated : L.SuspendedPaused);
            }
        }).ConfigureAwait(false);
        if (ev is not null)
            _events.Publish(ev);
    }

    public async Task ResumeAsync(DomainRef dom)
    {
        var d = GetLocked(dom);
        DomainLifecycleEvent? ev = null;
        await WithMonitorAsync(d, "resume", async qmp =>
        {
            lock (_lock)
            {
                if (d.State == DomainState.PmSuspended)
                    throw QemuErrors.Invalid("domain is pmsuspended", ErrorDomain.Domain);
                if (d.State == DomainState.Running)
                    return;
            }
            await qmp.ContAsync().ConfigureAwait(false);
            lock (_lock)
            {
                d.State = DomainState.Running;
                d.Reason = R.RunningUnpaused;
                SaveStatus(d);
                ev = new DomainLifecycleEvent(d.Ref, L.Resumed, L.ResumedUnpaused);
            }
        }).ConfigureAwait(false);
        if (ev is not null)
            _events.Publish(ev);
    }

    private async Task<DomainInfo> GetInfoCoreAsync(DomainRef dom)
    {
        QmpClient? qmp;
        DomainInfo info;
        int pid;
        lock (_lock)
        {
            var d = Get(dom);
            var def = d.Current;
            info = new DomainInfo(d.State, def.MemoryKiB, def.CurrentMemoryKiB ?? def.MemoryKiB, (int)(def.VcpusCurrent ?? def.Vcpus), 0);
            qmp = d.IsActive && def.Devices.Memballoon is { Model: not "none" } ? d.Monitor : null;
            pid = d.IsActive ? d.Pid : 0;
        }
        if (pid > 0)
            info = info with { CpuTimeNs = CpuTimeNs(pid) };
        if (qmp is not null)
        {
            try
            {
                var balloon = await qmp.QueryBalloonAsync().WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
                info = info with { MemoryKiB = (ulong)balloon.Actual / 1024 };
            }
            catch (Exception e) when (e is QmpErrorException or QmpDisconnectedException or TimeoutException)
            {
                // As libvirt: an unanswered balloon query leaves the configured current memory.
            }
        }
        return info;
    }

    /// <summary>utime + stime of the QEMU process (all its threads), in nanoseconds.</summary>
    private static ulong CpuTimeNs(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // After "pid (comm)": state is field 3, utime field 14, stime field 15 (1-based) → indexes 11 and 12 here.
            ulong ticks = ulong.Parse(fields[11], CultureInfo.InvariantCulture) + ulong.Parse(fields[12], CultureInfo.InvariantCulture);
            return ticks * (1_000_000_000UL / ClockTicksPerSecond);
        }
        catch (Exception e) when (e is IOException or FormatException or IndexOutOfRangeException)
        {
            return 0;
        }
    }

    // USER_HZ is 100 on every Linux architecture QEMU runs on.
    private const ulong ClockTicksPerSecond = 100;

    /// <summary>Runs a monitor command for an active domain under its job; maps monitor failures to libvirt's errors.</summary>
    private async Task WithMonitorAsync(QemuDomain d, string what, Func<QmpClient, Task> action)
    {
        await d.Job.WaitAsync().ConfigureAwait(false);
        try
        {
            QmpClient qmp;
            lock (_lock)
            {
                RequireActive(d);
                qmp = d.Monitor ?? throw QemuErrors.Invalid($"monitor of domain '{d.Name}' is not connected", ErrorDomain.Domain);
            }
            try
            {
                await action(qmp).ConfigureAwait(false);
            }
            catch (QmpErrorException e)
            {
                throw QemuErrors.Internal($"unable to execute QEMU command '{e.Command}': {e.Description}");
            }
            catch (QmpDisconnectedException)
            {
                throw QemuErrors.OperationFailed($"{what} of domain '{d.Name}': QEMU closed the monitor (the domain is stopping)");
            }
        }
        finally
        {
            d.Job.Release();
        }
    }
}
