using Vireo.Drivers.Domains;
using Vireo.Drivers.Events;
using Vireo.Drivers.Qemu.State;
using Vireo.Model.Domain;
using Vireo.Protocol.Errors;
using L = Vireo.Drivers.Events.DomainLifecycle;

namespace Vireo.Drivers.Qemu.Domains;

/// <summary>
/// Domains of the QEMU driver. This part holds the table, lookups, listing, define/undefine and XML; lifecycle
/// (start, destroy, shutdown ...), the monitor loop and reattach live in the other parts. One lock guards the
/// table and every domain's fields (held only briefly, never across I/O); each domain's Job serialises its long operations.
/// </summary>
public sealed partial class QemuDomainDriver : IDomainDriver
{
    private readonly Lock _lock = new();
    private readonly List<QemuDomain> _domains = [];
    private readonly EventBus _events;
    private readonly QemuDriverPaths _paths;
    private readonly QemuDriverSettings _settings;
    private readonly QemuDefaults _defaults;
    private int _nextId = 1;

    internal QemuDomainDriver(EventBus events, QemuDriverPaths paths, QemuDriverSettings settings, QemuDefaults defaults)
    {
        _events = events;
        _paths = paths;
        _settings = settings;
        _defaults = defaults;
    }

    public Task<IReadOnlyList<DomainRef>> ListAllDomainsAsync(uint flags)
    {
        QemuErrors.CheckFlags(flags, 0xFFFF, "qemuConnectListAllDomains");
        lock (_lock)
            return Task.FromResult<IReadOnlyList<DomainRef>>(_domains.Where(d => Matches(d, flags)).Select(d => d.Ref).ToList());
    }

    private static bool Matches(QemuDomain d, uint flags) =>
        DomainListFilter.Matches(new(d.IsActive, d.IsPersistent, d.State, d.HasManagedSave, d.Autostart, false), flags);

    public Task<DomainRef> LookupByNameAsync(string name)
    {
        lock (_lock)
            return Task.FromResult((FindByName(name) ?? throw QemuErrors.NoDomain($"no domain with matching name '{name}'")).Ref);
    }

    public Task<DomainRef> LookupByIdAsync(int id)
    {
        lock (_lock)
            return Task.FromResult((_domains.FirstOrDefault(d => d.IsActive && d.Id == id) ?? throw QemuErrors.NoDomain($"no domain with matching id {id}")).Ref);
    }

    public Task<DomainRef> LookupByUuidAsync(Guid uuid)
    {
        lock (_lock)
            return Task.FromResult((FindByUuid(uuid) ?? throw QemuErrors.NoDomain($"no domain with matching uuid '{uuid:D}'")).Ref);
    }

    public Task<DomainRef> DefineXmlAsync(string xml, uint flags)
    {
        QemuErrors.CheckFlags(flags, DomainFlags.DefineValidate, "qemuDomainDefineXMLFlags");
        var def = QemuDomainXml.Parse(xml, _defaults);
        DomainLifecycleEvent ev;
        DomainRef result;
        lock (_lock)
        {
            var (d, replaced) = AddOrReplace(def);
            // Saved before the table changes become visible to anyone else; a failed write leaves the old config.
            SaveConfig(def);
            d.Persistent = def;
            if (!_domains.Contains(d))
                _domains.Add(d);
            result = d.Ref;
            ev = new DomainLifecycleEvent(result, L.Defined, replaced ? L.DefinedUpdated : L.DefinedAdded);
        }
        _events.Publish(ev);
        return Task.FromResult(result);
    }

    public Task UndefineAsync(DomainRef dom, uint flags)
    {
        QemuErrors.CheckFlags(flags, DomainFlags.UndefineManagedSave | DomainFlags.UndefineSnapshotsMetadata | DomainFlags.UndefineNvram | DomainFlags.UndefineKeepNvram,
            "qemuDomainUndefineFlags");
        DomainLifecycleEvent ev;
        lock (_lock)
        {
            var d = Get(dom);
            if (!d.IsPersistent)
                throw QemuErrors.Invalid("cannot undefine transient domain", ErrorDomain.Domain);
            if (SnapshotCount(d.Name) is var snapshots and > 0)
            {
                if ((flags & DomainFlags.UndefineSnapshotsMetadata) == 0)
                    throw QemuErrors.Invalid($"cannot delete inactive domain with {snapshots} snapshots", ErrorDomain.Domain);
                RemoveSnapshotMetadata(d.Name);
            }
            if (d.HasManagedSave)
            {
                if ((flags & DomainFlags.UndefineManagedSave) == 0)
                    throw QemuErrors.Invalid("Refusing to undefine while domain managed save image exists", ErrorDomain.Qemu);
                File.Delete(_paths.ManagedSaveFile(d.Name));
                d.HasManagedSave = false;
            }
            File.Delete(_paths.ConfigFile(d.Name));
            File.Delete(_paths.AutostartLink(d.Name));
            d.Autostart = false;
            ev = new DomainLifecycleEvent(d.Ref, L.Undefined, L.UndefinedRemoved);
            if (d.IsActive)
                d.Persistent = null;
            else
                _domains.Remove(d);
        }
        _events.Publish(ev);
        return Task.CompletedTask;
    }

    public Task<DomainInfo> GetInfoAsync(DomainRef dom) => GetInfoCoreAsync(dom);

    public Task<DomainStateWithReason> GetStateAsync(DomainRef dom, uint flags)
    {
        QemuErrors.CheckFlags(flags, 0, "qemuDomainGetState");
        return Read(dom, d => new DomainStateWithReason(d.State, d.Reason));
    }

    public Task<string> GetXmlDescAsync(DomainRef dom, uint flags)
    {
        QemuErrors.CheckFlags(flags, DomainFlags.XmlSecure | DomainFlags.XmlInactive | DomainFlags.XmlUpdateCpu | DomainFlags.XmlMigratable, "qemuDomainGetXMLDesc");
        var f = DomainXmlFormatFlags.None;
        if ((flags & DomainFlags.XmlSecure) != 0)
            f |= DomainXmlFormatFlags.Secure;
        if ((flags & (DomainFlags.XmlInactive | DomainFlags.XmlMigratable)) != 0)
            f |= DomainXmlFormatFlags.Inactive;
        return Read(dom, d =>
        {
            var def = (f & DomainXmlFormatFlags.Inactive) != 0 && d.Persistent is not null ? d.Persistent : d.Current;
            return def.ToXml(f);
        });
    }

    public Task<string> GetOsTypeAsync(DomainRef dom) => Read(dom, d => d.Current.Os.Type);

    public Task<ulong> GetMaxMemoryAsync(DomainRef dom) => Read(dom, d => d.Current.MemoryKiB);

    public Task<int> GetMaxVcpusAsync(DomainRef dom) => Read(dom, d => (int)d.Current.Vcpus);

    public Task<bool> IsActiveAsync(DomainRef dom) => Read(dom, d => d.IsActive);

    public Task<bool> IsPersistentAsync(DomainRef dom) => Read(dom, d => d.IsPersistent);

    public Task<bool> GetAutostartAsync(DomainRef dom) => Read(dom, d => d.Autostart);

    /// <summary>Autostart is a link ETC/qemu/autostart/NAME.xml → ETC/qemu/NAME.xml, as libvirt keeps it.</summary>
    public Task SetAutostartAsync(DomainRef dom, bool autostart) => Read(dom, d =>
    {
        if (!d.IsPersistent)
            throw QemuErrors.Invalid("cannot set autostart for transient domain", ErrorDomain.Domain);
        var link = _paths.AutostartLink(d.Name);
        File.Delete(link);
        if (autostart)
        {
            Directory.CreateDirectory(_paths.AutostartDir);
            File.CreateSymbolicLink(link, _paths.ConfigFile(d.Name));
        }
        d.Autostart = autostart;
        return 0;
    });

    public Task<int> GetVcpusFlagsAsync(DomainRef dom, uint flags)
    {
        QemuErrors.CheckFlags(flags, DomainFlags.AffectLive | DomainFlags.AffectConfig | DomainFlags.VcpuMaximum | DomainFlags.VcpuGuest, "qemuDomainGetVcpusFlags");
        if ((flags & DomainFlags.VcpuGuest) != 0)
            return GetGuestVcpusCountAsync(GetLocked(dom)); // online CPUs as the guest agent sees them
        return Read(dom, d =>
        {
            var def = (flags & DomainFlags.AffectConfig) != 0 && d.Persistent is not null ? d.Persistent : d.Current;
            return (int)((flags & DomainFlags.VcpuMaximum) != 0 ? def.Vcpus : def.VcpusCurrent ?? def.Vcpus);
        });
    }

    // ---- table helpers (call with _lock held) ----

    private QemuDomain? FindByName(string name) => _domains.FirstOrDefault(d => d.Name == name);

    private QemuDomain? FindByUuid(Guid uuid) => _domains.FirstOrDefault(d => d.Uuid == uuid);

    /// <summary>qemuDomainObjFromDomain: the object behind a client's handle, found by UUID.</summary>
    private QemuDomain Get(DomainRef dom) => FindByUuid(dom.Uuid) ?? throw QemuErrors.NoDomain($"no domain with matching uuid '{dom.Uuid:D}' ({dom.Name})");

    /// <summary>virDomainObjListAdd's checks: the same UUID must keep its name, a name must keep its UUID.</summary>
    private (QemuDomain Domain, bool Replaced) AddOrReplace(DomainDefinition def)
    {
        if (FindByUuid(def.Uuid) is { } existing)
        {
            if (existing.Name != def.Name)
                throw QemuErrors.OperationFailed($"domain '{existing.Name}' is already defined with uuid {existing.Uuid:D}", ErrorDomain.Domain);
            return (existing, existing.Persistent is not null);
        }
        if (FindByName(def.Name) is { } other)
            throw QemuErrors.OperationFailed($"domain '{def.Name}' already exists with uuid {other.Uuid:D}", ErrorDomain.Domain);
        return (new QemuDomain(def.Uuid, def.Name), false);
    }

    private Task<T> Read<T>(DomainRef dom, Func<QemuDomain, T> query)
    {
        lock (_lock)
            return Task.FromResult(query(Get(dom)));
    }

    private QemuDomain GetLocked(DomainRef dom)
    {
        lock (_lock)
            return Get(dom);
    }

    private static void RequireActive(QemuDomain d)
    {
        if (!d.IsActive)
            throw QemuErrors.NotRunning();
    }
}
