using Vireo.Drivers.Domains;
using Vireo.Drivers.Events;
using Vireo.Drivers.Test.Networks;
using Vireo.Model.Domain;
using Vireo.Protocol.Errors;

namespace Vireo.Drivers.Test.Domains;

/// <summary>
/// Domains of the test driver, kept in memory and behaving like libvirt 9.0's test driver: same state transitions,
/// events, ids and error messages. One lock guards every domain; events are published after it is released.
/// This part holds the domain table, lookups and listing; lifecycle, tuning, statistics, devices, save/restore
/// and snapshots live in the other parts.
/// </summary>
public sealed partial class TestDomainDriver : IDomainDriver
{
    private readonly Lock _lock = new();
    private readonly List<TestDomain> _domains = [];
    private readonly EventBus _events;
    private readonly TestHost _host;
    private readonly TestNetworkDriver _networks;
    private int _nextId = 1;

    internal TestDomainDriver(EventBus events, TestHost host, TestNetworkDriver networks)
    {
        _events = events;
        _host = host;
        _networks = networks;
    }

    /// <summary>Size of the CPU bitmaps (VIR_NODEINFO_MAXCPUS).</summary>
    private int HostCpus => _host.MaxCpus;

    public Task<IReadOnlyList<DomainRef>> ListAllDomainsAsync(uint flags)
    {
        TestErrors.CheckFlags(flags, 0xFFFF, "testConnectListAllDomains");
        lock (_lock)
            return Task.FromResult<IReadOnlyList<DomainRef>>(_domains.Where(d => Matches(d, flags)).Select(d => d.Ref).ToList());
    }

    private static bool Matches(TestDomain d, uint flags) =>
        DomainListFilter.Matches(new(d.IsActive, d.IsPersistent, d.State, d.HasManagedSave, d.Autostart, d.Snapshots.Count > 0), flags);

    public Task<DomainRef> LookupByNameAsync(string name)
    {
        lock (_lock)
            return Task.FromResult((FindByName(name) ?? throw TestErrors.NoDomain()).Ref);
    }

    public Task<DomainRef> LookupByIdAsync(int id)
    {
        lock (_lock)
            return Task.FromResult((_domains.FirstOrDefault(d => d.IsActive && d.Id == id) ?? throw TestErrors.NoDomain()).Ref);
    }

    public Task<DomainRef> LookupByUuidAsync(Guid uuid)
    {
        lock (_lock)
            return Task.FromResult((FindByUuid(uuid) ?? throw TestErrors.NoDomain()).Ref);
    }

    public Task<bool> IsActiveAsync(DomainRef dom) => Locked(dom, d => d.IsActive);

    public Task<bool> IsPersistentAsync(DomainRef dom) => Locked(dom, d => d.IsPersistent);

    public Task<bool> GetAutostartAsync(DomainRef dom) => Locked(dom, d => d.Autostart);

    /// <summary>The test driver lets even a transient domain carry the autostart flag.</summary>
    public Task SetAutostartAsync(DomainRef dom, bool autostart) => Locked(dom, d => d.Autostart = autostart);

    /// <summary>testDomainGetOSType answers "linux" without looking the domain up.</summary>
    public Task<string> GetOsTypeAsync(DomainRef dom) => Task.FromResult("linux");

    public Task<ulong> GetMaxMemoryAsync(DomainRef dom) => Locked(dom, d => d.Current.MemoryKiB);

    public Task<(string Label, bool Enforcing)> GetSecurityLabelAsync(DomainRef dom) =>
        Locked(dom, d => d.IsActive ? ("libvirt-test", true) : ("", false));

    /// <summary>The test driver has no job support: virDomainGetJobInfo is "not supported".</summary>
    public Task<JobInfo> GetJobInfoAsync(DomainRef dom) => throw TestErrors.NoSupport("virDomainGetJobInfo");

    public Task<IReadOnlyList<string>> GetMessagesAsync(DomainRef dom, uint flags)
    {
        TestErrors.CheckFlags(flags, 3, "testDomainGetMessages");
        return Locked(dom, d => TestDomainTaint.Messages(d, flags));
    }

    // ---- table helpers (call with _lock held) ----

    private TestDomain? FindByName(string name) => _domains.FirstOrDefault(d => d.Name == name);

    private TestDomain? FindByUuid(Guid uuid) => _domains.FirstOrDefault(d => d.Uuid == uuid);

    /// <summary>testDomObjFromDomain: the object behind a client's handle, found by UUID.</summary>
    private TestDomain Get(DomainRef dom) => FindByUuid(dom.Uuid) ?? throw TestErrors.NoDomain(dom.Uuid, dom.Name);

    private int NextId() => _nextId++;

    private void Remove(TestDomain d) => _domains.Remove(d);

    /// <summary>Runs a query or an event-free change on one domain under the lock.</summary>
    private Task<T> Locked<T>(DomainRef dom, Func<TestDomain, T> query)
    {
        lock (_lock)
            return Task.FromResult(query(Get(dom)));
    }

    /// <summary>Runs a change under the lock and publishes the events it queued once the lock is released (even on failure).</summary>
    private T Change<T>(Func<List<DriverEvent>, T> body) => EventBatch.Run(_lock, _events, body);

    private Task Change(Action<List<DriverEvent>> body)
    {
        EventBatch.Run(_lock, _events, body);
        return Task.CompletedTask;
    }

    private static DomainLifecycleEvent Lifecycle(TestDomain d, int ev, int detail) => new(d.Ref, ev, detail);

    /// <summary>
    /// virDomainObjListAdd: a definition joins the table or replaces the one with its UUID.
    /// <paramref name="live"/> makes it the running definition (create, restore); otherwise it becomes the
    /// persistent config. Returns the object and whether a persistent config existed before.
    /// </summary>
    private (TestDomain Domain, bool Replaced) Add(DomainDefinition def, bool live, bool checkLive)
    {
        if (FindByUuid(def.Uuid) is { } existing)
        {
            if (existing.Name != def.Name)
                throw TestErrors.OperationFailed($"domain '{existing.Name}' is already defined with uuid {existing.Uuid:D}", ErrorDomain.Domain);
            if (checkLive)
            {
                if (existing.IsActive)
                    throw TestErrors.Invalid($"domain '{existing.Name}' is already active", ErrorDomain.Domain);
                if (!existing.IsPersistent)
                    throw TestErrors.Invalid($"domain '{existing.Name}' is already being started", ErrorDomain.Domain);
            }
            bool replaced = existing.Persistent is not null;
            if (existing.IsActive || !live)
                existing.Persistent = def;
            else
                existing.Live = def;
            return (existing, replaced);
        }
        if (FindByName(def.Name) is { } other)
            throw TestErrors.OperationFailed($"domain '{def.Name}' already exists with uuid {other.Uuid:D}", ErrorDomain.Domain);
        var d = new TestDomain(def.Uuid, def.Name);
        if (live)
            d.Live = def;
        else
            d.Persistent = def;
        _domains.Add(d);
        return (d, false);
    }

    /// <summary>virDomainObjUpdateModificationImpact: resolves CURRENT and refuses impossible targets.</summary>
    private static uint ModificationImpact(TestDomain d, uint flags)
    {
        const uint both = DomainFlags.AffectLive | DomainFlags.AffectConfig;
        if ((flags & both) == 0)
            flags |= d.IsActive ? DomainFlags.AffectLive : DomainFlags.AffectConfig;
        if (!d.IsActive && (flags & DomainFlags.AffectLive) != 0)
            throw TestErrors.NotRunning();
        if (!d.IsPersistent && (flags & DomainFlags.AffectConfig) != 0)
            throw TestErrors.Invalid("transient domains do not have any persistent config", ErrorDomain.Domain);
        return flags;
    }

    /// <summary>virDomainObjGetOneDefState: exactly one of live or config.</summary>
    private static DomainDefinition OneDef(TestDomain d, uint flags, out bool live)
    {
        if ((flags & DomainFlags.AffectLive) != 0 && (flags & DomainFlags.AffectConfig) != 0)
            throw TestErrors.ExclusiveLiveConfig();
        flags = ModificationImpact(d, flags);
        live = (flags & DomainFlags.AffectLive) != 0;
        return live ? d.Live! : d.Persistent!;
    }

    /// <summary>virDomainObjGetDefs: the live and/or persistent definitions the flags select.</summary>
    private static (DomainDefinition? Live, DomainDefinition? Config) Defs(TestDomain d, uint flags)
    {
        flags = ModificationImpact(d, flags);
        return ((flags & DomainFlags.AffectLive) != 0 ? d.Live : null, (flags & DomainFlags.AffectConfig) != 0 ? d.Persistent : null);
    }

    /// <summary>Adds a domain described by a node file (already parsed), in the state the file gives it.</summary>
    internal void LoadFromNodeFile(DomainDefinition def, TestNamespaceData ns)
    {
        lock (_lock)
        {
            var (d, _) = Add(def, live: false, checkLive: false);
            d.HasManagedSave = ns.HasManagedSave;
            TestDomainTaint.Check(d, def);
            if (ns.RunState != DomainState.Shutoff)
            {
                d.StartState(NextId(), 0);
                if (ns.Transient)
                    d.Persistent = null;
                d.State = ns.RunState;
                d.Reason = 0;
            }
            else
                d.ShutdownState(0);
        }
    }

    /// <summary>Wall-clock microseconds, the base of the test driver's fake counters (g_get_real_time).</summary>
    private static long RealTimeMicros() => (DateTime.UtcNow - DateTime.UnixEpoch).Ticks / 10;
}
