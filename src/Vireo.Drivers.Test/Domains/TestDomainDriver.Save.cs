using Vireo.Drivers.Domains;
using Vireo.Protocol.Errors;
using L = Vireo.Drivers.Events.DomainLifecycle;
using R = Vireo.Drivers.Domains.DomainStateReason;

namespace Vireo.Drivers.Test.Domains;

public sealed partial class TestDomainDriver
{
    /// <summary>testDomainSaveFlags: writes the image, then the domain is shut off (saved); a transient one disappears.</summary>
    public Task SaveAsync(DomainRef dom, string path, string? xml, uint flags)
    {
        TestErrors.CheckFlags(flags, 0, "testDomainSaveFlags");
        if (xml is not null)
            throw XmlModificationUnsupported();
        return Change(events =>
        {
            var d = Get(dom);
            RequireActive(d);
            TestSaveImage.Write(path, d.Name, d.Live!);
            Stop(d, R.ShutoffSaved, L.StoppedSaved, events);
        });
    }

    /// <summary>testDomainRestoreFlags: starts the saved definition as if created (running, reason restored).</summary>
    public Task RestoreAsync(string path, string? xml, uint flags)
    {
        TestErrors.CheckFlags(flags, 0, "testDomainRestoreFlags");
        if (xml is not null)
            throw XmlModificationUnsupported();
        var def = TestDomainXml.Parse(TestSaveImage.Read(path));
        return Change(events =>
        {
            var (d, _) = Add(def, live: true, checkLive: true);
            d.StartState(NextId(), R.RunningRestored);
            events.Add(Lifecycle(d, L.Started, L.StartedRestored));
        });
    }

    /// <summary>testDomainManagedSave: only a flag is kept; the next start boots afresh and clears it.</summary>
    public Task ManagedSaveAsync(DomainRef dom, uint flags)
    {
        TestErrors.CheckFlags(flags, DomainFlags.SaveBypassCache | DomainFlags.SaveRunning | DomainFlags.SavePaused, "testDomainManagedSave");
        return Change(events =>
        {
            var d = Get(dom);
            RequireActive(d);
            if (!d.IsPersistent)
                throw TestErrors.Invalid("cannot do managed save for transient domain");
            Stop(d, R.ShutoffSaved, L.StoppedSaved, events);
            d.HasManagedSave = true;
        });
    }

    public Task<bool> HasManagedSaveImageAsync(DomainRef dom, uint flags)
    {
        TestErrors.CheckFlags(flags, 0, "testDomainHasManagedSaveImage");
        return Locked(dom, d => d.HasManagedSave);
    }

    public Task ManagedSaveRemoveAsync(DomainRef dom, uint flags)
    {
        TestErrors.CheckFlags(flags, 0, "testDomainManagedSaveRemove");
        return Locked(dom, d => d.HasManagedSave = false);
    }

    private static LibvirtException XmlModificationUnsupported() =>
        new(ErrorCode.ArgumentUnsupported, ErrorDomain.Test, "argument unsupported: xml modification unsupported");
}
