using Vireo.Drivers.Domains;
using Vireo.Drivers.Events;
using Vireo.Model.Domain;
using L = Vireo.Drivers.Events.DomainLifecycle;
using R = Vireo.Drivers.Domains.DomainStateReason;

namespace Vireo.Drivers.Test.Domains;

public sealed partial class TestDomainDriver
{
    public Task<DomainRef> DefineXmlAsync(string xml, uint flags)
    {
        TestErrors.CheckFlags(flags, DomainFlags.DefineValidate, "testDomainDefineXMLFlags");
        var def = TestDomainXml.Parse(xml);
        TestDomainXml.CheckName(def);
        return Task.FromResult(Change(events =>
        {
            var (d, replaced) = Add(def, live: false, checkLive: false);
            events.Add(Lifecycle(d, L.Defined, replaced ? L.DefinedUpdated : L.DefinedAdded));
            return d.Ref;
        }));
    }

    public Task UndefineAsync(DomainRef dom, uint flags)
    {
        TestErrors.CheckFlags(flags, DomainFlags.UndefineManagedSave | DomainFlags.UndefineSnapshotsMetadata, "testDomainUndefineFlags");
        return Change(events =>
        {
            var d = Get(dom);
            if (d.HasManagedSave && (flags & DomainFlags.UndefineManagedSave) == 0)
                throw TestErrors.Invalid("Refusing to undefine while domain managed save image exists");
            if (!d.IsActive && d.Snapshots.Count > 0 && (flags & DomainFlags.UndefineSnapshotsMetadata) == 0)
                throw TestErrors.Invalid($"cannot delete inactive domain with {d.Snapshots.Count} snapshots");
            events.Add(Lifecycle(d, L.Undefined, L.UndefinedRemoved));
            d.HasManagedSave = false;
            if (d.IsActive)
                d.Persistent = null;
            else
                Remove(d);
        });
    }

    public Task<DomainRef> CreateXmlAsync(string xml, uint flags)
    {
        TestErrors.CheckFlags(flags, DomainFlags.StartValidate, "testDomainCreateXML");
        var def = TestDomainXml.Parse(xml);
        return Task.FromResult(Change(events =>
        {
            var (d, _) = Add(def, live: true, checkLive: true);
            d.StartState(NextId(), R.RunningBooted);
            events.Add(Lifecycle(d, L.Started, L.StartedBooted));
            return d.Ref;
        }));
    }

    /// <summary>testDomainCreateWithFlags: boots a defined domain (a managed-save image is simply discarded).</summary>
    public Task<DomainRef> CreateAsync(DomainRef dom, uint flags)
    {
        TestErrors.CheckFlags(flags, 0, "testDomainCreateWithFlags");
        return Task.FromResult(Change(events =>
        {
            var d = Get(dom);
            if (d.State != DomainState.Shutoff)
                throw TestErrors.Internal($"Domain '{d.Name}' is already running");
            d.StartState(NextId(), R.RunningBooted);
            events.Add(Lifecycle(d, L.Started, L.StartedBooted));
            return d.Ref;
        }));
    }

    public Task ShutdownAsync(DomainRef dom, uint flags)
    {
        TestErrors.CheckFlags(flags, 0, "testDomainShutdownFlags");
        return Change(events =>
        {
            var d = Get(dom);
            if (d.State == DomainState.Shutoff)
                throw TestErrors.Internal($"domain '{d.Name}' not running");
            ApplyLifecycleAction(d, d.Current.OnPoweroff, events);
        });
    }

    /// <summary>Reboot follows &lt;on_reboot&gt;: "restart" keeps the domain running (no event), "destroy" stops it.</summary>
    public Task RebootAsync(DomainRef dom, uint flags)
    {
        // VIR_DOMAIN_REBOOT_DEFAULT | ACPI_POWER_BTN | GUEST_AGENT | INITCTL | SIGNAL | PARAVIRT
        TestErrors.CheckFlags(flags, 0x1F, "testDomainReboot");
        return Change(events =>
        {
            var d = Get(dom);
            RequireActive(d);
            ApplyLifecycleAction(d, d.Current.OnReboot, events);
        });
    }

    /// <summary>testDomainReset: a running domain is "reset" without any visible change.</summary>
    public Task ResetAsync(DomainRef dom, uint flags)
    {
        TestErrors.CheckFlags(flags, 0, "testDomainReset");
        return Locked(dom, d =>
        {
            RequireActive(d);
            return 0;
        });
    }

    public Task DestroyAsync(DomainRef dom, uint flags)
    {
        TestErrors.CheckFlags(flags, DomainFlags.DestroyGraceful, "testDomainDestroyFlags");
        return Change(events =>
        {
            var d = Get(dom);
            RequireActive(d);
            Stop(d, R.ShutoffDestroyed, L.StoppedDestroyed, events);
        });
    }

    public Task SuspendAsync(DomainRef dom) => Change(events =>
    {
        var d = Get(dom);
        if (d.State is DomainState.Shutoff or DomainState.Paused)
            throw TestErrors.Internal($"domain '{d.Name}' not running");
        d.State = DomainState.Paused;
        d.Reason = R.PausedUser;
        events.Add(Lifecycle(d, L.Suspended, L.SuspendedPaused));
    });

    public Task ResumeAsync(DomainRef dom) => Change(events =>
    {
        var d = Get(dom);
        if (d.State != DomainState.Paused)
            throw TestErrors.Internal($"domain '{d.Name}' not paused");
        d.State = DomainState.Running;
        d.Reason = R.RunningUnpaused;
        events.Add(Lifecycle(d, L.Resumed, L.ResumedUnpaused));
    });

    public Task<DomainInfo> GetInfoAsync(DomainRef dom) => Locked(dom, d =>
    {
        var def = d.Current;
        return new DomainInfo(d.State, def.MemoryKiB, def.CurrentMemoryKiB ?? def.MemoryKiB, (int)TestDomain.OnlineVcpus(def),
            (ulong)RealTimeMicros() * 1000);
    });

    public Task<DomainStateWithReason> GetStateAsync(DomainRef dom, uint flags)
    {
        TestErrors.CheckFlags(flags, 0, "testDomainGetState");
        return Locked(dom, d => new DomainStateWithReason(d.State, d.Reason));
    }

    public Task<string> GetXmlDescAsync(DomainRef dom, uint flags)
    {
        TestErrors.CheckFlags(flags, DomainFlags.XmlSecure | DomainFlags.XmlInactive | DomainFlags.XmlUpdateCpu | DomainFlags.XmlMigratable,
            "testDomainGetXMLDesc");
        return Locked(dom, d =>
        {
            var def = (flags & DomainFlags.XmlInactive) != 0 && d.IsActive && d.Persistent is not null ? d.Persistent : d.Current;
            return def.ToXml(TestDomainXml.FormatFlags(flags));
        });
    }

    // testDomainActionSetState followed by the shutdown bookkeeping when the action stops the domain.
    private void ApplyLifecycleAction(TestDomain d, string? action, List<DriverEvent> events)
    {
        if (action is "restart" or "rename-restart")
        {
            d.State = DomainState.Running;
            d.Reason = R.RunningBooted;
            return;
        }
        Stop(d, R.ShutoffShutdown, L.StoppedShutdown, events);
    }

    /// <summary>Shuts the domain off, queues STOPPED/detail and forgets a transient domain.</summary>
    private void Stop(TestDomain d, int reason, int detail, List<DriverEvent> events)
    {
        d.ShutdownState(reason);
        events.Add(Lifecycle(d, L.Stopped, detail));
        if (!d.IsPersistent)
            Remove(d);
    }

    private static void RequireActive(TestDomain d)
    {
        if (!d.IsActive)
            throw TestErrors.NotRunning();
    }
}
