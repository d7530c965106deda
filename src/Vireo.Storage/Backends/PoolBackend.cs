using Vireo.Model.Storage;
using Vireo.Storage.Pools;
using Vireo.Storage.Volumes;

namespace Vireo.Storage.Backends;

/// <summary>
/// What one pool type does on the host (libvirt's virStorageBackend): build, start, stop, delete, scan, and the
/// volume operations. The driver holds its lock around every call and keeps the pool and volume records.
/// </summary>
internal abstract class PoolBackend
{
    /// <summary>The pool type this backend serves (dir, fs, netfs, logical).</summary>
    public abstract string Type { get; }

    /// <summary>Checks a parsed definition and fills in the type's defaults (source format, target path).</summary>
    public virtual void Complete(StoragePoolDefinition def)
    {
    }

    /// <summary>pool-build: create the target (and for some types the storage itself).</summary>
    public abstract Task BuildAsync(StoragePoolDefinition def, uint flags);

    /// <summary>pool-start: make the storage reachable at the target.</summary>
    public abstract Task StartAsync(StoragePoolDefinition def);

    /// <summary>pool-destroy: release it (unmount, deactivate); volumes stay.</summary>
    public abstract Task StopAsync(StoragePoolDefinition def);

    /// <summary>pool-delete: remove what build created.</summary>
    public abstract Task DeleteAsync(StoragePoolDefinition def, uint flags);

    /// <summary>pool-refresh: sizes and the volumes present, each described from the storage itself.</summary>
    public abstract Task<(PoolUsage Usage, StoragePermissions? TargetPermissions, List<Volume> Volumes)> RefreshAsync(StoragePoolDefinition def);

    /// <summary>Fills in a new volume's defaults: type, path, key, format.</summary>
    public abstract void CompleteVolume(StoragePoolDefinition pool, StorageVolumeDefinition vol);

    /// <summary>vol-create: makes the volume on the storage.</summary>
    public abstract Task CreateVolumeAsync(StoragePoolDefinition pool, StorageVolumeDefinition vol, uint flags);

    /// <summary>vol-create-from / vol-clone: makes the volume with the contents of <paramref name="source"/>.</summary>
    public abstract Task CreateVolumeFromAsync(StoragePoolDefinition pool, StorageVolumeDefinition vol, Volume source, uint flags);

    /// <summary>vol-delete.</summary>
    public abstract Task DeleteVolumeAsync(StoragePoolDefinition pool, Volume vol, uint flags);

    /// <summary>Describes one volume again from the storage (vol-info and vol-dumpxml show current facts).</summary>
    public abstract Task<Volume> RefreshVolumeAsync(StoragePoolDefinition pool, Volume vol);

    /// <summary>vol-resize to an absolute capacity (the driver has applied delta and checked the limits).</summary>
    public abstract Task ResizeVolumeAsync(StoragePoolDefinition pool, Volume vol, ulong capacity, uint flags);

    /// <summary>vol-wipe with a virStorageVolWipeAlgorithm.</summary>
    public virtual Task WipeVolumeAsync(StoragePoolDefinition pool, Volume vol, uint algorithm) => VolumeWipe.WipeAsync(vol.Path, algorithm);
}
