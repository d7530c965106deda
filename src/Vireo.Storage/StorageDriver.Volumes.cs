using System.Xml;
using System.Xml.Linq;
using Vireo.Drivers;
using Vireo.Drivers.Storage;
using Vireo.Model.Storage;
using Vireo.Storage.Pools;
using Vireo.Storage.Volumes;

namespace Vireo.Storage;

/// <summary>Volumes: the records of each running pool, kept in step with the storage by create, delete and refresh.</summary>
public sealed partial class StorageDriver
{
    public Task<IReadOnlyList<StorageVolRef>> ListAllVolumesAsync(StoragePoolRef pool, uint flags) => Locked(_ =>
    {
        StorageErrors.CheckFlags(flags, 0, "storagePoolListAllVolumes");
        var p = Active(pool.Name);
        return Task.FromResult<IReadOnlyList<StorageVolRef>>(p.Volumes.OrderBy(v => v.Name, StringComparer.Ordinal).Select(p.VolRef).ToList());
    });

    public Task<StorageVolRef> LookupVolByNameAsync(StoragePoolRef pool, string name) => Locked(_ =>
    {
        var p = Active(pool.Name);
        return Task.FromResult(p.VolRef(VolumeIn(p, name)));
    });

    /// <summary>Searches the running pools, as libvirt does.</summary>
    public Task<StorageVolRef> LookupVolByKeyAsync(string key) => Locked(_ =>
    {
        foreach (var p in _pools.Where(p => p.Active))
        {
            if (p.Volumes.FirstOrDefault(v => v.Key == key) is { } v)
                return Task.FromResult(p.VolRef(v));
        }
        throw StorageErrors.NoVol($"no storage vol with matching key {key}");
    });

    /// <summary>Matches the path as given and with '..', '.' and doubled slashes removed.</summary>
    public Task<StorageVolRef> LookupVolByPathAsync(string path) => Locked(_ =>
    {
        string clean = path.StartsWith('/') ? Path.GetFullPath(path) : path;
        foreach (var p in _pools.Where(p => p.Active))
        {
            if (p.Volumes.FirstOrDefault(v => v.Path == path || v.Path == clean) is { } v)
                return Task.FromResult(p.VolRef(v));
        }
        throw StorageErrors.NoVol($"no storage vol with matching path '{path}'");
    });

    public Task<StorageVolRef> CreateVolXmlAsync(StoragePoolRef pool, string xml, uint flags) => Locked(async _ =>
    {
        var p = Active(pool.Name);
        var def = ParseVolume(p, xml);
        ResolveBackingFormat(def);
        await p.Backend.CreateVolumeAsync(p.Def, def, flags).ConfigureAwait(false);
        return await AddCreated(p, def).ConfigureAwait(false);
    });

    /// <summary>vol-create-from / vol-clone: the source may live in any running pool; the copy is at least as large.</summary>
    public Task<StorageVolRef> CreateVolXmlFromAsync(StoragePoolRef pool, string xml, StorageVolRef source, uint flags) => Locked(async _ =>
    {
        var p = Active(pool.Name);
        var sp = Active(source.Pool);
        var src = VolumeIn(sp, source.Name);
        var def = ParseVolume(p, xml);
        if (def.CapacityBytes < src.Def.CapacityBytes)
            def.CapacityBytes = src.Def.CapacityBytes;
        ResolveBackingFormat(def);
        await p.Backend.CreateVolumeFromAsync(p.Def, def, src, flags).ConfigureAwait(false);
        return await AddCreated(p, def).ConfigureAwait(false);
    });

    public Task DeleteVolAsync(StorageVolRef vol, uint flags) => Locked(async _ =>
    {
        StorageErrors.CheckFlags(flags, VolumeFlags.DeleteZeroed | VolumeFlags.DeleteWithSnapshots, "storageVolDelete");
        var p = Active(vol.Pool);
        var v = VolumeIn(p, vol.Name);
        if ((flags & VolumeFlags.DeleteZeroed) != 0)
            await p.Backend.WipeVolumeAsync(p.Def, v, 0).ConfigureAwait(false);
        await p.Backend.DeleteVolumeAsync(p.Def, v, flags).ConfigureAwait(false);
        p.Volumes.Remove(v);
        return 0;
    });

    /// <summary>virStorageVolGetInfoFlags: with VIR_STORAGE_VOL_GET_PHYSICAL the allocation field carries the physical size.</summary>
    public Task<StorageVolInfo> GetVolInfoAsync(StorageVolRef vol, uint flags) => Locked(async _ =>
    {
        StorageErrors.CheckFlags(flags, VolumeFlags.GetPhysical, "storageVolGetInfoFlags");
        var (_, v) = await FreshVolume(vol).ConfigureAwait(false);
        ulong allocation = (flags & VolumeFlags.GetPhysical) != 0 ? v.Physical : v.Def.AllocationBytes ?? 0;
        return new StorageVolInfo(v.InfoType, v.Def.CapacityBytes, allocation);
    });

    public Task<string> GetVolXmlDescAsync(StorageVolRef vol, uint flags) => Locked(async _ =>
    {
        StorageErrors.CheckFlags(flags, 0, "storageVolGetXMLDesc");
        var (_, v) = await FreshVolume(vol).ConfigureAwait(false);
        return v.ToXml();
    });

    public Task<string> GetVolPathAsync(StorageVolRef vol) => Locked(_ =>
    {
        var p = Active(vol.Pool);
        return Task.FromResult(VolumeIn(p, vol.Name).Path);
    });

    /// <summary>
    /// virStorageVolResize: with DELTA the capacity is added (or with SHRINK taken away); shrinking needs SHRINK and
    /// never goes below what is allocated; ALLOCATE (raw only) needs the space to be free in the pool.
    /// </summary>
    public Task ResizeVolAsync(StorageVolRef vol, ulong capacity, uint flags) => Locked(async _ =>
    {
        StorageErrors.CheckFlags(flags, VolumeFlags.ResizeDelta | VolumeFlags.ResizeAllocate | VolumeFlags.ResizeShrink, "storageVolResize");
        var (p, v) = await FreshVolume(vol).ConfigureAwait(false);
        ulong current = v.Def.CapacityBytes, allocation = v.Def.AllocationBytes ?? 0;
        ulong target = capacity;
        if ((flags & VolumeFlags.ResizeDelta) != 0)
        {
            if ((flags & VolumeFlags.ResizeShrink) != 0)
                target = capacity > current ? throw StorageErrors.InvalidArg("can't shrink capacity below existing allocation") : current - capacity;
            else
                target = current + capacity;
        }
        if (target < allocation)
            throw StorageErrors.InvalidArg("can't shrink capacity below existing allocation");
        if (target < current && (flags & VolumeFlags.ResizeShrink) == 0)
            throw StorageErrors.InvalidArg("Can't shrink capacity below current capacity unless shrink flag explicitly specified");
        if ((flags & VolumeFlags.ResizeAllocate) != 0)
        {
            if (v.Def.TargetFormat is not (null or "raw") && v.InfoType == 0)
                throw StorageErrors.Unsupported("preallocate is only supported for raw type volume");
            if (target > current && target - current > p.Usage.Available)
                throw StorageErrors.Failed("Not enough space left in storage pool");
        }
        await p.Backend.ResizeVolumeAsync(p.Def, v, target, flags).ConfigureAwait(false);
        await ReplaceWithFresh(p, v).ConfigureAwait(false);
        return 0;
    });

    /// <summary>virStorageVolWipePattern (virStorageVolWipe is algorithm 0, zero).</summary>
    public Task WipeVolAsync(StorageVolRef vol, uint algorithm, uint flags) => Locked(async _ =>
    {
        StorageErrors.CheckFlags(flags, 0, "storageVolWipePattern");
        var (p, v) = await FreshVolume(vol).ConfigureAwait(false);
        await p.Backend.WipeVolumeAsync(p.Def, v, algorithm).ConfigureAwait(false);
        await ReplaceWithFresh(p, v).ConfigureAwait(false);
        return 0;
    });

    // ---- helpers (call with the gate held) ----

    private static Volume VolumeIn(StoragePool p, string name) =>
        p.Volumes.FirstOrDefault(v => v.Name == name) ?? throw StorageErrors.NoVol($"no storage vol with matching name '{name}'");

    /// <summary>The volume described again from the storage (libvirt refreshes a volume before reporting it).</summary>
    private async Task<(StoragePool, Volume)> FreshVolume(StorageVolRef vol)
    {
        var p = Active(vol.Pool);
        var v = VolumeIn(p, vol.Name);
        return (p, await ReplaceWithFresh(p, v).ConfigureAwait(false));
    }

    private static async Task<Volume> ReplaceWithFresh(StoragePool p, Volume v)
    {
        var fresh = await p.Backend.RefreshVolumeAsync(p.Def, v).ConfigureAwait(false);
        p.Volumes[p.Volumes.IndexOf(v)] = fresh;
        return fresh;
    }

    private static async Task<StorageVolRef> AddCreated(StoragePool p, StorageVolumeDefinition def)
    {
        var created = await p.Backend.RefreshVolumeAsync(p.Def, new Volume(def)).ConfigureAwait(false);
        p.Volumes.Add(created);
        return p.VolRef(created);
    }

    /// <summary>
    /// Parses volume XML for a pool: the name is checked first (no '/', not '.' or '..': nothing escapes the
    /// pool), then duplicates, then the pool type's defaults.
    /// </summary>
    private static StorageVolumeDefinition ParseVolume(StoragePool p, string xml)
    {
        if (NameOf(xml) is { } name)
        {
            if (name.Contains('/'))
                throw StorageErrors.Invalid($"volume name '{name}' cannot contain '/'");
            if (name is "." or "..")
                throw StorageErrors.Invalid($"volume name '{name}' is not allowed");
        }
        var def = ModelErrors.Run(() => StorageVolumeDefinition.Parse(xml));
        if (p.Volumes.Any(v => v.Name == def.Name))
            throw StorageErrors.VolExists(def.Name);
        p.Backend.CompleteVolume(p.Def, def);
        return def;
    }

    private static string? NameOf(string xml)
    {
        try
        {
            return XDocument.Parse(xml).Root?.Element("name")?.Value.Trim();
        }
        catch (XmlException)
        {
            return null; // the model's parser reports malformed XML
        }
    }

    /// <summary>
    /// A backing store given without its format takes the format of the volume at that path, as this driver found
    /// it in the image's own header; a file no pool knows must have its format given (never guessed).
    /// </summary>
    private void ResolveBackingFormat(StorageVolumeDefinition def)
    {
        if (def.BackingStorePath is not { } path || def.BackingStoreFormat is not null)
            return;
        var known = _pools.Where(p => p.Active).SelectMany(p => p.Volumes).FirstOrDefault(v => v.Path == path);
        def.BackingStoreFormat = known?.Def.TargetFormat
            ?? throw StorageErrors.InvalidArg($"format of backing store '{path}' must be given: it is not a volume of a running pool");
    }
}
