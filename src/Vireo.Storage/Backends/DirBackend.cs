using Vireo.Model.Storage;
using Vireo.Storage.Host;
using Vireo.Storage.Pools;
using Vireo.Storage.Volumes;

namespace Vireo.Storage.Backends;

/// <summary>
/// A directory of image files (type dir). The base of fs and netfs too, which only add mounting: all three keep
/// their volumes as files in the target directory.
/// </summary>
internal class DirBackend : PoolBackend
{
    /// <summary>Mode of a target directory pool-build creates when the XML gives none (VIR_STORAGE_DEFAULT_POOL_PERM_MODE).</summary>
    public const uint DefaultPoolMode = 0x1C9; // 0711

    public override string Type => "dir";

    public override void Complete(StoragePoolDefinition def)
    {
        def.TargetPath = NormalizeTarget(def.TargetPath);
    }

    /// <summary>libvirt's virFileSanitizePath: absolute, no doubled or trailing slashes.</summary>
    protected static string NormalizeTarget(string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
            throw StorageErrors.Failed("missing storage pool target path");
        if (!path.StartsWith('/'))
            throw StorageErrors.InvalidArg($"storage pool target path '{path}' must be absolute");
        var clean = "/" + string.Join('/', path.Split('/', StringSplitOptions.RemoveEmptyEntries));
        return clean;
    }

    /// <summary>mkdir -p the target with its mode (0711 unless given) and owner.</summary>
    public override Task BuildAsync(StoragePoolDefinition def, uint flags)
    {
        StorageErrors.CheckFlags(flags, VolumeFlags.PoolBuildOverwrite | VolumeFlags.PoolBuildNoOverwrite, "virStorageBackendFileSystemBuild");
        if ((flags & VolumeFlags.PoolBuildOverwrite) != 0 && (flags & VolumeFlags.PoolBuildNoOverwrite) != 0)
            throw StorageErrors.InvalidArg("Flags 'overwrite' and 'no-overwrite' are mutually exclusive");
        BuildTarget(def);
        return Task.CompletedTask;
    }

    protected static void BuildTarget(StoragePoolDefinition def)
    {
        var target = def.TargetPath!;
        var parent = Path.GetDirectoryName(target);
        try
        {
            if (parent is not null)
                Directory.CreateDirectory(parent);
            if (!Directory.Exists(target))
                Directory.CreateDirectory(target, (UnixFileMode)(def.TargetPermissions?.Mode ?? DefaultPoolMode));
            else if (def.TargetPermissions?.Mode is { } mode)
                File.SetUnixFileMode(target, (UnixFileMode)mode);
            if (def.TargetPermissions is { } p && (p.Owner is >= 0 || p.Group is >= 0))
                FileVolumes.ApplyOwner(target, p);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw StorageErrors.System($"cannot create path '{target}'", e);
        }
    }

    public override Task StartAsync(StoragePoolDefinition def)
    {
        CheckTargetDirectory(def);
        return Task.CompletedTask;
    }

    /// <summary>libvirt opens the target directory on start and refresh: a missing one is "cannot open directory".</summary>
    protected static void CheckTargetDirectory(StoragePoolDefinition def)
    {
        var st = FileStatus.Get(def.TargetPath!);
        if (st is null)
            throw StorageErrors.System($"cannot open directory '{def.TargetPath}'", 2 /* ENOENT */);
        if (!st.IsDirectory)
            throw StorageErrors.System($"cannot open directory '{def.TargetPath}'", 20 /* ENOTDIR */);
    }

    public override Task StopAsync(StoragePoolDefinition def) => Task.CompletedTask;

    /// <summary>rmdir of the target: it must be empty (libvirt never deletes volumes on pool-delete).</summary>
    public override Task DeleteAsync(StoragePoolDefinition def, uint flags)
    {
        StorageErrors.CheckFlags(flags, 0, "virStorageBackendFileSystemDelete");
        try
        {
            if (Directory.Exists(def.TargetPath))
                Directory.Delete(def.TargetPath!);
        }
        catch (IOException e)
        {
            throw StorageErrors.System($"failed to remove pool '{def.TargetPath}'", e);
        }
        return Task.CompletedTask;
    }

    public override Task<(PoolUsage Usage, StoragePermissions? TargetPermissions, List<Volume> Volumes)> RefreshAsync(StoragePoolDefinition def)
    {
        CheckTargetDirectory(def);
        var st = FileStatus.Get(def.TargetPath!)!;
        var usage = FileSystemUsage.Of(def.TargetPath!);
        var volumes = FileVolumes.Scan(def.TargetPath!);
        return Task.FromResult((new PoolUsage(usage.Capacity, usage.Allocation, usage.Available), (StoragePermissions?)Volume.PermissionsOf(st), volumes));
    }

    /// <summary>virStorageVolDefParseXML's file defaults: type file, raw unless told, allocation = capacity; path and key under the target.</summary>
    public override void CompleteVolume(StoragePoolDefinition pool, StorageVolumeDefinition vol)
    {
        vol.Type = "file";
        vol.TargetFormat ??= "raw";
        vol.AllocationBytes ??= vol.CapacityBytes;
        vol.TargetPath = pool.TargetPath + "/" + vol.Name;
        vol.Key = vol.TargetPath;
    }

    public override Task CreateVolumeAsync(StoragePoolDefinition pool, StorageVolumeDefinition vol, uint flags)
    {
        StorageErrors.CheckFlags(flags, VolumeFlags.CreatePreallocMetadata, "virStorageBackendFileSystemVolCreate");
        FileVolumes.Create(vol, flags);
        return Task.CompletedTask;
    }

    public override Task CreateVolumeFromAsync(StoragePoolDefinition pool, StorageVolumeDefinition vol, Volume source, uint flags)
    {
        StorageErrors.CheckFlags(flags, VolumeFlags.CreatePreallocMetadata, "virStorageBackendFileSystemVolBuildFrom");
        return FileVolumes.CreateFromAsync(vol, source, flags);
    }

    public override Task DeleteVolumeAsync(StoragePoolDefinition pool, Volume vol, uint flags)
    {
        FileVolumes.Delete(vol);
        return Task.CompletedTask;
    }

    public override Task<Volume> RefreshVolumeAsync(StoragePoolDefinition pool, Volume vol) =>
        Task.FromResult(FileVolumes.Describe(vol.Path, vol.Name)
            ?? throw StorageErrors.System($"cannot stat file '{vol.Path}'", 2 /* ENOENT */));

    public override Task ResizeVolumeAsync(StoragePoolDefinition pool, Volume vol, ulong capacity, uint flags)
    {
        FileVolumes.Resize(vol, capacity, flags);
        return Task.CompletedTask;
    }
}
