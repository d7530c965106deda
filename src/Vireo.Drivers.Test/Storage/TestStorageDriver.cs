using Vireo.Drivers.Events;
using Vireo.Drivers.Storage;
using Vireo.Model.Identity;
using Vireo.Model.Storage;
using Vireo.Protocol.Errors;

namespace Vireo.Drivers.Test.Storage;

/// <summary>
/// Storage pools of the test driver: every pool is a 100 GiB in-memory record; no file or device is touched.
/// Build and delete only raise their events, as in libvirt 9.0's test driver. One lock; events after release.
/// This part holds pools; volumes are in TestStorageDriver.Volumes.cs.
/// </summary>
public sealed partial class TestStorageDriver : IStorageDriver
{
    private const int EventDefined = 0, EventUndefined = 1, EventStarted = 2, EventStopped = 3, EventCreated = 4, EventDeleted = 5;

    // VIR_CONNECT_LIST_STORAGE_POOLS_<TYPE> bits, in libvirt's order from 1 << 6.
    private static readonly string[] TypeFilterOrder =
        ["dir", "fs", "netfs", "logical", "disk", "iscsi", "scsi", "mpath", "rbd", "sheepdog", "gluster", "zfs", "vstorage", "iscsi-direct"];

    private readonly Lock _lock = new();
    private readonly List<TestPool> _pools = [];
    private readonly EventBus _events;

    internal TestStorageDriver(EventBus events) => _events = events;

    public Task<IReadOnlyList<StoragePoolRef>> ListAllPoolsAsync(uint flags)
    {
        TestErrors.CheckFlags(flags, 0xFFFFF, "testConnectListAllStoragePools");
        static bool Pair(uint flags, uint yes, uint no, bool value) =>
            (flags & (yes | no)) == 0 || ((flags & yes) != 0 && value) || ((flags & no) != 0 && !value);
        uint typeFlags = flags >> 6;
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<StoragePoolRef>>(_pools
                .Where(p => Pair(flags, StorageFlags.ListActive, StorageFlags.ListInactive, p.Active)
                    && Pair(flags, StorageFlags.ListPersistent, StorageFlags.ListTransient, p.Persistent)
                    && Pair(flags, StorageFlags.ListAutostart, StorageFlags.ListNoAutostart, p.Autostart)
                    && (typeFlags == 0 || (typeFlags & (1u << Array.IndexOf(TypeFilterOrder, p.Def.Type))) != 0))
                .Select(p => p.Ref).ToList());
        }
    }

    public Task<StoragePoolRef> LookupPoolByNameAsync(string name)
    {
        lock (_lock)
            return Task.FromResult(ByName(name).Ref);
    }

    public Task<StoragePoolRef> LookupPoolByUuidAsync(Guid uuid)
    {
        lock (_lock)
            return Task.FromResult(ByUuid(uuid).Ref);
    }

    public Task<StoragePoolRef> LookupPoolByVolumeAsync(StorageVolRef vol) => LookupPoolByNameAsync(vol.Pool);

    public Task<StoragePoolRef> DefinePoolXmlAsync(string xml, uint flags)
    {
        TestErrors.CheckFlags(flags, 1, "testStoragePoolDefineXML"); // VIR_STORAGE_POOL_DEFINE_VALIDATE
        var def = ParsePool(xml);
        return Task.FromResult(Change(events =>
        {
            var p = Add(def, persistent: true, checkLive: false);
            events.Add(new StoragePoolLifecycleEvent(p.Ref, EventDefined, 0));
            p.SetDefaults();
            return p.Ref;
        }));
    }

    public Task<StoragePoolRef> CreatePoolXmlAsync(string xml, uint flags)
    {
        TestErrors.CheckFlags(flags, 0, "testStoragePoolCreateXML");
        var def = ParsePool(xml);
        return Task.FromResult(Change(events =>
        {
            var p = Add(def, persistent: false, checkLive: true);
            p.SetDefaults();
            p.Active = true;
            events.Add(new StoragePoolLifecycleEvent(p.Ref, EventStarted, 0));
            return p.Ref;
        }));
    }

    /// <summary>testStoragePoolBuild: nothing to build in memory; only the CREATED event.</summary>
    public Task BuildPoolAsync(StoragePoolRef pool, uint flags)
    {
        TestErrors.CheckFlags(flags, 0, "testStoragePoolBuild");
        return Change(events => events.Add(new StoragePoolLifecycleEvent(Inactive(pool.Name).Ref, EventCreated, 0)));
    }

    public Task CreatePoolAsync(StoragePoolRef pool, uint flags)
    {
        TestErrors.CheckFlags(flags, 0, "testStoragePoolCreate");
        return Change(events =>
        {
            var p = Inactive(pool.Name);
            p.Active = true;
            events.Add(new StoragePoolLifecycleEvent(pool, EventStarted, 0));
        });
    }

    public Task DestroyPoolAsync(StoragePoolRef pool) => Change(events =>
    {
        var p = Active(pool.Name);
        p.Active = false;
        events.Add(new StoragePoolLifecycleEvent(p.Ref, EventStopped, 0));
        if (!p.Persistent)
            _pools.Remove(p);
    });

    /// <summary>testStoragePoolDelete: only the DELETED event; volumes stay (nothing is on disk).</summary>
    public Task DeletePoolAsync(StoragePoolRef pool, uint flags)
    {
        TestErrors.CheckFlags(flags, 0, "testStoragePoolDelete");
        return Change(events =>
        {
            Inactive(pool.Name);
            events.Add(new StoragePoolLifecycleEvent(pool, EventDeleted, 0));
        });
    }

    public Task UndefinePoolAsync(StoragePoolRef pool) => Change(events =>
    {
        var p = Inactive(pool.Name);
        events.Add(new StoragePoolLifecycleEvent(pool, EventUndefined, 0));
        _pools.Remove(p);
    });

    public Task RefreshPoolAsync(StoragePoolRef pool, uint flags)
    {
        TestErrors.CheckFlags(flags, 0, "testStoragePoolRefresh");
        return Change(events =>
        {
            Active(pool.Name);
            events.Add(new StoragePoolRefreshEvent(pool));
        });
    }

    public Task<StoragePoolInfo> GetPoolInfoAsync(StoragePoolRef pool)
    {
        lock (_lock)
        {
            var p = ByName(pool.Name);
            return Task.FromResult(new StoragePoolInfo(p.Active ? 2 : 0, p.Capacity, p.Allocation, p.Def.AvailableBytes ?? 0));
        }
    }

    public Task<string> GetPoolXmlDescAsync(StoragePoolRef pool, uint flags)
    {
        TestErrors.CheckFlags(flags, 0, "testStoragePoolGetXMLDesc");
        lock (_lock)
            return Task.FromResult(ByName(pool.Name).Def.ToXml());
    }

    public Task<bool> GetPoolAutostartAsync(StoragePoolRef pool)
    {
        lock (_lock)
        {
            var p = ByName(pool.Name);
            return Task.FromResult(p.Persistent && p.Autostart);
        }
    }

    public Task SetPoolAutostartAsync(StoragePoolRef pool, bool autostart) => Change(_ =>
    {
        var p = ByName(pool.Name);
        if (!p.Persistent)
            throw TestErrors.InvalidArg("pool has no config file");
        p.Autostart = autostart;
    });

    public Task<bool> IsPoolActiveAsync(StoragePoolRef pool)
    {
        lock (_lock)
            return Task.FromResult(ByUuid(pool.Uuid).Active);
    }

    public Task<bool> IsPoolPersistentAsync(StoragePoolRef pool)
    {
        lock (_lock)
            return Task.FromResult(ByUuid(pool.Uuid).Persistent);
    }

    /// <summary>Adds a pool described by a node file: persistent, running, 100 GiB; its volumes follow.</summary>
    internal void LoadFromNodeFile(StoragePoolDefinition def, IEnumerable<StorageVolumeDefinition> volumes)
    {
        lock (_lock)
        {
            var p = Add(def, persistent: true, checkLive: false);
            p.SetDefaults();
            p.Active = true;
            foreach (var v in volumes)
            {
                CompleteVolume(p, v);
                v.TargetPath ??= p.Def.TargetPath + "/" + v.Name;
                v.Key ??= v.TargetPath;
                p.Volumes.Add(v);
                p.Allocate((long)(v.AllocationBytes ?? 0));
            }
        }
    }

    // ---- helpers (call with _lock held) ----

    /// <summary>Parses pool XML and applies libvirt's parser defaults (UUID, source format, logical source name).</summary>
    internal static StoragePoolDefinition ParsePool(string xml)
    {
        var def = TestErrors.Model(() => StoragePoolDefinition.Parse(xml));
        if (!def.HasUuid)
            def.Uuid = Uuid.Generate();
        def.Source.Format ??= def.Type switch
        {
            "logical" => "lvm2",
            "fs" or "netfs" => "auto",
            "disk" => "unknown",
            _ => null,
        };
        if (def.Type == "logical")
            def.Source.Name ??= def.Name;
        return def;
    }

    private static LibvirtException NoPool(string detail) =>
        new(ErrorCode.NoStoragePool, ErrorDomain.Test, "Storage pool not found: " + detail);

    private TestPool ByName(string name) =>
        _pools.FirstOrDefault(p => p.Name == name) ?? throw NoPool($"no storage pool with matching name '{name}'");

    private TestPool ByUuid(Guid uuid) =>
        _pools.FirstOrDefault(p => p.Uuid == uuid) ?? throw NoPool($"no storage pool with matching uuid '{uuid:D}'");

    /// <summary>testStoragePoolObjFindActiveByName.</summary>
    private TestPool Active(string name)
    {
        var p = ByName(name);
        return p.Active ? p : throw TestErrors.Invalid($"storage pool '{name}' is not active");
    }

    /// <summary>testStoragePoolObjFindInactiveByName.</summary>
    private TestPool Inactive(string name)
    {
        var p = ByName(name);
        return !p.Active ? p : throw TestErrors.Invalid($"storage pool '{name}' is active");
    }

    /// <summary>virStoragePoolObjListAdd: UUID/name clashes and source conflicts, worded as libvirt words them.</summary>
    private TestPool Add(StoragePoolDefinition def, bool persistent, bool checkLive)
    {
        var existing = _pools.FirstOrDefault(p => p.Uuid == def.Uuid);
        if (existing is not null)
        {
            if (existing.Name != def.Name)
                throw TestErrors.OperationFailed($"pool '{existing.Name}' is already defined with uuid {existing.Uuid:D}", ErrorDomain.Storage);
            if (checkLive && existing.Active)
                throw TestErrors.Invalid($"pool is already active as '{existing.Name}'", ErrorDomain.Storage);
        }
        else if (_pools.FirstOrDefault(p => p.Name == def.Name) is { } sameName)
            throw TestErrors.OperationFailed($"pool '{def.Name}' already exists with uuid {sameName.Uuid:D}", ErrorDomain.Storage);
        if (_pools.FirstOrDefault(p => p.Name != def.Name && SameSource(p.Def, def)) is { } conflict)
            throw TestErrors.OperationFailed($"Storage source conflict with pool: '{conflict.Name}'", ErrorDomain.Storage);
        if (existing is not null)
        {
            if (existing.Active)
                existing.NewDef = def;
            else
                existing.Def = def;
            return existing;
        }
        var created = new TestPool(def, persistent);
        _pools.Add(created);
        return created;
    }

    // virStoragePoolObjSourceFindDuplicate, for the pool types that name their storage simply.
    private static bool SameSource(StoragePoolDefinition a, StoragePoolDefinition b)
    {
        if (a.Type != b.Type)
            return false;
        return a.Type switch
        {
            "dir" => a.TargetPath == b.TargetPath,
            "netfs" => a.Source.Dir == b.Source.Dir && a.Source.Hosts.Select(h => h.Name).SequenceEqual(b.Source.Hosts.Select(h => h.Name)),
            "logical" or "rbd" or "sheepdog" or "gluster" or "zfs" => a.Source.Name is not null && a.Source.Name == b.Source.Name,
            "fs" or "disk" or "iscsi" or "scsi" => a.Source.Devices.Count > 0 && a.Source.Devices.Intersect(b.Source.Devices).Any()
                && (a.Type != "iscsi" || a.Source.Hosts.Select(h => h.Name).SequenceEqual(b.Source.Hosts.Select(h => h.Name))),
            _ => false,
        };
    }

    private T Change<T>(Func<List<DriverEvent>, T> body) => EventBatch.Run(_lock, _events, body);

    private Task Change(Action<List<DriverEvent>> body)
    {
        EventBatch.Run(_lock, _events, body);
        return Task.CompletedTask;
    }
}
