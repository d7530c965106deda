using Vireo.Drivers;
using Vireo.Drivers.Events;
using Vireo.Drivers.Storage;
using Vireo.Model.Defaults;
using Vireo.Model.Storage;
using Vireo.Storage.Backends;
using Vireo.Storage.Pools;
using Vireo.Storage.Volumes;

namespace Vireo.Storage;

/// <summary>
/// Storage pools and volumes on the host (libvirt's storage driver) for qemu:/// connections: dir, fs, netfs and
/// logical pools whose volumes are real files, LVs and images. One async gate serialises changes; events are
/// published after it is released. This part holds the pool calls; volumes, persistence and transfers are in the
/// other parts of the class.
/// </summary>
public sealed partial class StorageDriver : IStorageDriver
{
    private const int EventDefined = 0, EventUndefined = 1, EventStarted = 2, EventStopped = 3, EventCreated = 4, EventDeleted = 5;

    // VIR_CONNECT_LIST_STORAGE_POOLS_<TYPE> bits, in libvirt's order from 1 << 6.
    private static readonly string[] TypeFilterOrder =
        ["dir", "fs", "netfs", "logical", "disk", "iscsi", "scsi", "mpath", "rbd", "sheepdog", "gluster", "zfs", "vstorage", "iscsi-direct"];

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<StoragePool> _pools = [];
    private readonly EventBus _events;
    private readonly StoragePaths _paths;

    /// <summary>A driver over the daemon's directories; call <see cref="LoadAsync"/> once before use.</summary>
    public StorageDriver(StoragePaths paths, EventBus events)
    {
        _paths = paths;
        _events = events;
    }

    public Task<IReadOnlyList<StoragePoolRef>> ListAllPoolsAsync(uint flags) => Locked(_ =>
    {
        StorageErrors.CheckFlags(flags, 0xFFFFF, "storageConnectListAllStoragePools");
        static bool Pair(uint flags, uint yes, uint no, bool value) =>
            (flags & (yes | no)) == 0 || ((flags & yes) != 0 && value) || ((flags & no) != 0 && !value);
        uint typeFlags = flags >> 6;
        return Task.FromResult<IReadOnlyList<StoragePoolRef>>(_pools
            .Where(p => Pair(flags, StorageFlags.ListActive, StorageFlags.ListInactive, p.Active)
                && Pair(flags, StorageFlags.ListPersistent, StorageFlags.ListTransient, p.Persistent)
                && Pair(flags, StorageFlags.ListAutostart, StorageFlags.ListNoAutostart, p.Autostart)
                && (typeFlags == 0 || (typeFlags & (1u << Array.IndexOf(TypeFilterOrder, p.Def.Type))) != 0))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => p.Ref).ToList());
    });

    public Task<StoragePoolRef> LookupPoolByNameAsync(string name) => Locked(_ => Task.FromResult(ByName(name).Ref));

    public Task<StoragePoolRef> LookupPoolByUuidAsync(Guid uuid) => Locked(_ => Task.FromResult(ByUuid(uuid).Ref));

    public Task<StoragePoolRef> LookupPoolByVolumeAsync(StorageVolRef vol) => Locked(_ =>
    {
        var p = _pools.FirstOrDefault(p => p.Name == vol.Pool) ?? throw StorageErrors.NoPool(vol.Pool);
        return Task.FromResult(p.Ref);
    });

    public Task<StoragePoolRef> DefinePoolXmlAsync(string xml, uint flags) => Locked(events =>
    {
        StorageErrors.CheckFlags(flags, VolumeFlags.PoolDefineValidate, "storagePoolDefineXML");
        var (def, backend) = ParsePool(xml);
        var p = Add(def, backend, persistent: true, checkLive: false);
        p.Persistent = true;
        SaveConfig(p.NewDef ?? p.Def);
        events.Add(new StoragePoolLifecycleEvent(p.Ref, EventDefined, 0));
        return Task.FromResult(p.Ref);
    });

    /// <summary>pool-create: a transient pool, started at once (built first on request).</summary>
    public Task<StoragePoolRef> CreatePoolXmlAsync(string xml, uint flags) => Locked(async events =>
    {
        StorageErrors.CheckFlags(flags, VolumeFlags.PoolCreateWithBuild | VolumeFlags.PoolCreateWithBuildOverwrite | VolumeFlags.PoolCreateWithBuildNoOverwrite, "storagePoolCreateXML");
        var (def, backend) = ParsePool(xml);
        var p = Add(def, backend, persistent: false, checkLive: true);
        try
        {
            await StartLocked(p, flags).ConfigureAwait(false);
        }
        catch
        {
            _pools.Remove(p);
            throw;
        }
        events.Add(new StoragePoolLifecycleEvent(p.Ref, EventStarted, 0));
        return p.Ref;
    });

    public Task BuildPoolAsync(StoragePoolRef pool, uint flags) => Locked(async events =>
    {
        var p = Inactive(pool.Name);
        await p.Backend.BuildAsync(p.Def, flags).ConfigureAwait(false);
        events.Add(new StoragePoolLifecycleEvent(p.Ref, EventCreated, 0));
        return 0;
    });

    public Task CreatePoolAsync(StoragePoolRef pool, uint flags) => Locked(async events =>
    {
        StorageErrors.CheckFlags(flags, VolumeFlags.PoolCreateWithBuild | VolumeFlags.PoolCreateWithBuildOverwrite | VolumeFlags.PoolCreateWithBuildNoOverwrite, "storagePoolCreate");
        var p = ByName(pool.Name);
        if (p.Active)
            throw StorageErrors.Invalid($"storage pool '{p.Name}' is already active");
        await StartLocked(p, flags).ConfigureAwait(false);
        events.Add(new StoragePoolLifecycleEvent(p.Ref, EventStarted, 0));
        return 0;
    });

    public Task DestroyPoolAsync(StoragePoolRef pool) => Locked(async events =>
    {
        var p = Active(pool.Name);
        await p.Backend.StopAsync(p.Def).ConfigureAwait(false);
        MarkStopped(p);
        events.Add(new StoragePoolLifecycleEvent(p.Ref, EventStopped, 0));
        return 0;
    });

    /// <summary>pool-delete: removes what pool-build made (the directory, the volume group); the pool must be stopped.</summary>
    public Task DeletePoolAsync(StoragePoolRef pool, uint flags) => Locked(async events =>
    {
        var p = ByName(pool.Name);
        if (p.Active)
            throw StorageErrors.Invalid($"storage pool '{p.Name}' is still active");
        await p.Backend.DeleteAsync(p.Def, flags).ConfigureAwait(false);
        events.Add(new StoragePoolLifecycleEvent(p.Ref, EventDeleted, 0));
        return 0;
    });

    public Task UndefinePoolAsync(StoragePoolRef pool) => Locked(events =>
    {
        var p = ByName(pool.Name);
        if (p.Active)
            throw StorageErrors.Invalid($"storage pool '{p.Name}' is still active");
        if (!p.Persistent)
            throw StorageErrors.Invalid("cannot undefine transient storage pool");
        DeleteConfig(p.Name);
        _pools.Remove(p);
        events.Add(new StoragePoolLifecycleEvent(p.Ref, EventUndefined, 0));
        return Task.FromResult(0);
    });

    public Task RefreshPoolAsync(StoragePoolRef pool, uint flags) => Locked(async events =>
    {
        StorageErrors.CheckFlags(flags, 0, "storagePoolRefresh");
        var p = Active(pool.Name);
        await RefreshLocked(p).ConfigureAwait(false);
        events.Add(new StoragePoolRefreshEvent(p.Ref));
        return 0;
    });

    public Task<StoragePoolInfo> GetPoolInfoAsync(StoragePoolRef pool) => Locked(_ =>
    {
        var p = ByName(pool.Name);
        var u = p.Active ? p.Usage : default;
        return Task.FromResult(new StoragePoolInfo(p.Active ? 2 : 0, u.Capacity, u.Allocation, u.Available));
    });

    public Task<string> GetPoolXmlDescAsync(StoragePoolRef pool, uint flags) => Locked(_ =>
    {
        StorageErrors.CheckFlags(flags, VolumeFlags.PoolXmlInactive, "storagePoolGetXMLDesc");
        var p = ByName(pool.Name);
        if ((flags & VolumeFlags.PoolXmlInactive) != 0 && p.NewDef is not null)
            return Task.FromResult(p.NewDef.ToXml());
        return Task.FromResult(p.LiveDefinition().ToXml());
    });

    public Task<bool> GetPoolAutostartAsync(StoragePoolRef pool) => Locked(_ =>
    {
        var p = ByName(pool.Name);
        return Task.FromResult(p.Persistent && p.Autostart);
    });

    public Task SetPoolAutostartAsync(StoragePoolRef pool, bool autostart) => Locked(_ =>
    {
        var p = ByName(pool.Name);
        if (!p.Persistent)
            throw StorageErrors.InvalidArg("cannot set autostart for transient pool");
        SetAutostartLink(p.Name, autostart);
        p.Autostart = autostart;
        return Task.FromResult(0);
    });

    public Task<bool> IsPoolActiveAsync(StoragePoolRef pool) => Locked(_ => Task.FromResult(ByUuid(pool.Uuid).Active));

    public Task<bool> IsPoolPersistentAsync(StoragePoolRef pool) => Locked(_ => Task.FromResult(ByUuid(pool.Uuid).Persistent));

    // ---- helpers (call with the gate held) ----

    /// <summary>Builds on request, starts the backend, scans; a failed scan stops the backend again.</summary>
    private async Task StartLocked(StoragePool p, uint flags)
    {
        if ((flags & (VolumeFlags.PoolCreateWithBuild | VolumeFlags.PoolCreateWithBuildOverwrite | VolumeFlags.PoolCreateWithBuildNoOverwrite)) != 0)
        {
            uint build = (flags & VolumeFlags.PoolCreateWithBuildOverwrite) != 0 ? VolumeFlags.PoolBuildOverwrite
                : (flags & VolumeFlags.PoolCreateWithBuildNoOverwrite) != 0 ? VolumeFlags.PoolBuildNoOverwrite : 0;
            await p.Backend.BuildAsync(p.Def, build).ConfigureAwait(false);
        }
        await p.Backend.StartAsync(p.Def).ConfigureAwait(false);
        try
        {
            await RefreshLocked(p).ConfigureAwait(false);
        }
        catch
        {
            try
            {
                await p.Backend.StopAsync(p.Def).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // the refresh error is the one to report
            }
            throw;
        }
        p.Active = true;
        SaveState(p);
    }

    private async Task RefreshLocked(StoragePool p)
    {
        var (usage, perms, volumes) = await p.Backend.RefreshAsync(p.Def).ConfigureAwait(false);
        p.Usage = usage;
        p.LiveTargetPermissions = perms;
        p.Volumes.Clear();
        p.Volumes.AddRange(volumes);
    }

    private void MarkStopped(StoragePool p)
    {
        p.Active = false;
        p.Volumes.Clear();
        p.Usage = default;
        DeleteState(p.Name);
        if (p.NewDef is not null)
        {
            p.Def = p.NewDef;
            p.NewDef = null;
            p.Backend = Backends.Backends.For(p.Def.Type)!;
        }
        if (!p.Persistent)
            _pools.Remove(p);
    }

    /// <summary>Parses pool XML and applies libvirt's defaults (UUID, source format, logical source name) and the backend's checks.</summary>
    private static (StoragePoolDefinition, PoolBackend) ParsePool(string xml)
    {
        var def = ModelErrors.Run(() => StoragePoolDefinition.Parse(xml));
        var backend = Backends.Backends.For(def.Type)
            ?? throw StorageErrors.Internal($"missing backend for pool type {Array.IndexOf(StoragePoolDefinition.Types, def.Type)} ({def.Type})");
        StorageDefaults.ApplyPool(def);
        if (def.Type == "logical")
            def.Source.Name ??= def.Name;
        backend.Complete(def);
        return (def, backend);
    }

    private StoragePool ByName(string name) => _pools.FirstOrDefault(p => p.Name == name) ?? throw StorageErrors.NoPool(name);

    private StoragePool ByUuid(Guid uuid) => _pools.FirstOrDefault(p => p.Uuid == uuid) ?? throw StorageErrors.NoPoolUuid(uuid);

    private StoragePool Active(string name)
    {
        var p = ByName(name);
        return p.Active ? p : throw StorageErrors.Invalid($"storage pool '{name}' is not active");
    }

    private StoragePool Inactive(string name)
    {
        var p = ByName(name);
        return !p.Active ? p : throw StorageErrors.Invalid($"storage pool '{name}' is already active");
    }

    /// <summary>virStoragePoolObjListAdd: UUID/name clashes and source conflicts, worded as libvirt words them.</summary>
    private StoragePool Add(StoragePoolDefinition def, PoolBackend backend, bool persistent, bool checkLive)
    {
        var existing = _pools.FirstOrDefault(p => p.Uuid == def.Uuid);
        if (existing is not null)
        {
            if (existing.Name != def.Name)
                throw StorageErrors.Failed($"pool '{existing.Name}' is already defined with uuid {existing.Uuid:D}");
            if (checkLive && existing.Active)
                throw StorageErrors.Invalid($"pool is already active as '{existing.Name}'");
        }
        else if (_pools.FirstOrDefault(p => p.Name == def.Name) is { } sameName)
            throw StorageErrors.Failed($"pool '{def.Name}' already exists with uuid {sameName.Uuid:D}");
        if (_pools.FirstOrDefault(p => p.Name != def.Name && SameSource(p.Def, def)) is { } conflict)
            throw StorageErrors.Failed($"Storage source conflict with pool: '{conflict.Name}'");
        if (existing is not null)
        {
            if (existing.Active)
                existing.NewDef = def;
            else
            {
                existing.Def = def;
                existing.Backend = backend;
            }
            return existing;
        }
        var created = new StoragePool(def, persistent, backend);
        _pools.Add(created);
        return created;
    }

    // virStoragePoolObjSourceFindDuplicate for the pool types this driver runs
    private static bool SameSource(StoragePoolDefinition a, StoragePoolDefinition b)
    {
        if (a.Type is "dir" or "fs" or "netfs" && b.Type is "dir" or "fs" or "netfs" && a.TargetPath == b.TargetPath)
            return true;
        if (a.Type != b.Type)
            return false;
        return a.Type switch
        {
            "netfs" => a.Source.Dir == b.Source.Dir && a.Source.Hosts.Select(h => h.Name).SequenceEqual(b.Source.Hosts.Select(h => h.Name)),
            "logical" => a.Source.Name is not null && a.Source.Name == b.Source.Name,
            "fs" => a.Source.Devices.Count > 0 && a.Source.Devices.Intersect(b.Source.Devices).Any(),
            _ => false,
        };
    }

    /// <summary>Runs <paramref name="body"/> under the gate and publishes the events it raised after releasing it.</summary>
    private async Task<T> Locked<T>(Func<List<DriverEvent>, Task<T>> body)
    {
        var events = new List<DriverEvent>();
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            return await body(events).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
            foreach (var e in events)
                _events.Publish(e);
        }
    }
}
