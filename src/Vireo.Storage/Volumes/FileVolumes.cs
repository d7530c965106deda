using Vireo.Images;
using Vireo.Images.Qcow2;
using Vireo.Model.Storage;
using Vireo.Storage.Host;

namespace Vireo.Storage.Volumes;

/// <summary>
/// Volumes that are files in a directory (dir, fs and netfs pools): scanned and described from the files
/// themselves, created and copied through Vireo.Images.
/// </summary>
internal static class FileVolumes
{
    /// <summary>Mode of new volume files when the XML gives none (libvirt's VIR_STORAGE_DEFAULT_VOL_PERM_MODE).</summary>
    public const uint DefaultMode = 0x180; // 0600

    /// <summary>Every regular file in the directory, described.</summary>
    public static List<Volume> Scan(string dir)
    {
        var list = new List<Volume>();
        foreach (var path in Directory.EnumerateFiles(dir).Order(StringComparer.Ordinal))
        {
            if (Describe(path, Path.GetFileName(path)) is { } v)
                list.Add(v);
        }
        return list;
    }

    /// <summary>
    /// A volume as its file shows it: the format from the file's own header (probing the top image is what
    /// libvirt does too), capacity from the image's virtual size, the backing store with the format the image
    /// records for it (never probed), allocation from st_blocks, physical from st_size. Null if the file vanished.
    /// </summary>
    public static Volume? Describe(string path, string name)
    {
        var st = FileStatus.Get(path);
        if (st is null || !st.IsRegular)
            return null;
        var def = new StorageVolumeDefinition
        {
            Type = "file", Name = name, Key = path, TargetPath = path,
            CapacityBytes = (ulong)st.Size, AllocationBytes = st.Allocated,
            TargetPermissions = Volume.PermissionsOf(st),
        };
        FileStatus? backingStatus = null;
        try
        {
            def.TargetFormat = ImageProbe.Probe(path);
            if (def.TargetFormat == "qcow2")
            {
                using var img = Qcow2Image.Open(path, new ImageOpenOptions { Format = "qcow2", OpenBacking = false });
                def.CapacityBytes = (ulong)img.VirtualSize;
                if (img.BackingFileName is { } backing)
                {
                    def.BackingStorePath = Image.ResolveBacking(path, backing);
                    def.BackingStoreFormat = img.BackingFormat;
                    backingStatus = FileStatus.Get(def.BackingStorePath);
                    if (backingStatus is not null)
                        def.BackingStorePermissions = Volume.PermissionsOf(backingStatus);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            // unreadable or damaged: list it with what stat says, as libvirt lists files it cannot parse
            def.TargetFormat ??= "raw";
        }
        return new Volume(def) { Physical = (ulong)st.Size, Status = st, BackingStatus = backingStatus };
    }

    /// <summary>vol-create in a directory: a raw or qcow2 file, sparse or preallocated as the XML and flags ask.</summary>
    public static void Create(StorageVolumeDefinition vol, uint flags)
    {
        var path = vol.TargetPath!;
        CheckCreatable(vol);
        if (File.Exists(path) || Directory.Exists(path))
            throw StorageErrors.System($"cannot create vol '{path}'", 17 /* EEXIST */);
        try
        {
            if (vol.TargetFormat == "raw")
                CreateRaw(path, vol.CapacityBytes, vol.AllocationBytes ?? vol.CapacityBytes);
            else
                Image.Create(path, "qcow2", Qcow2Options(vol, vol.CapacityBytes, flags));
            ApplyPermissions(path, vol.TargetPermissions);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            TryDelete(path);
            throw StorageErrors.Internal($"cannot create volume '{vol.Name}': {e.Message}");
        }
        catch
        {
            TryDelete(path);
            throw;
        }
    }

    /// <summary>
    /// vol-create-from: an overlay when the new XML names a backing store, else a full copy of the source's
    /// contents (through its whole backing chain) into a new raw or qcow2 file, holes kept as holes.
    /// </summary>
    public static async Task CreateFromAsync(StorageVolumeDefinition vol, Volume source, uint flags)
    {
        if (vol.BackingStorePath is not null)
        {
            Create(vol, flags);
            return;
        }
        var path = vol.TargetPath!;
        CheckCreatable(vol);
        if (File.Exists(path))
            throw StorageErrors.System($"cannot create vol '{path}'", 17 /* EEXIST */);
        try
        {
            await using var src = Image.Open(source.Path, new ImageOpenOptions { Format = source.Def.TargetFormat });
            long size = Math.Max((long)vol.CapacityBytes, src.VirtualSize);
            if (vol.TargetFormat == "raw")
                CreateRaw(path, (ulong)size, 0);
            else
                Image.Create(path, "qcow2", Qcow2Options(vol, (ulong)size, flags));
            ApplyPermissions(path, vol.TargetPermissions);
            await using var dst = Image.Open(path, new ImageOpenOptions { Format = vol.TargetFormat, Writable = true });
            await CopyDataAsync(src, dst).ConfigureAwait(false);
            await dst.FlushAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            TryDelete(path);
            throw StorageErrors.Internal($"cannot copy volume '{source.Name}' to '{vol.Name}': {e.Message}");
        }
        catch
        {
            TryDelete(path);
            throw;
        }
    }

    /// <summary>Copies the ranges that hold data anywhere in the source's chain; the rest stays unallocated.</summary>
    private static async Task CopyDataAsync(IBlockImage src, IBlockImage dst)
    {
        var buffer = new byte[1 << 20];
        foreach (var e in ChainStatus.Map(src, 0, src.VirtualSize))
        {
            if (!e.Data)
                continue;
            for (long at = e.Start; at < e.Start + e.Length; at += buffer.Length)
            {
                var chunk = buffer.AsMemory(0, (int)Math.Min(buffer.Length, e.Start + e.Length - at));
                await src.ReadAsync(at, chunk).ConfigureAwait(false);
                await dst.WriteAsync(at, chunk).ConfigureAwait(false);
            }
        }
    }

    /// <summary>vol-resize of a file volume: truncate (raw) or the image's own resize (qcow2).</summary>
    public static void Resize(Volume vol, ulong capacity, uint flags)
    {
        try
        {
            if (vol.Def.TargetFormat == "qcow2")
            {
                using var img = Qcow2Image.Open(vol.Path, new ImageOpenOptions { Format = "qcow2", Writable = true, OpenBacking = false });
                img.Resize((long)capacity, shrink: (flags & VolumeFlags.ResizeShrink) != 0);
                return;
            }
            using var fs = new FileStream(vol.Path, FileMode.Open, FileAccess.ReadWrite);
            long old = fs.Length;
            fs.SetLength((long)capacity);
            if ((flags & VolumeFlags.ResizeAllocate) != 0 && (long)capacity > old)
                Fallocate(fs, old, (long)capacity - old);
            fs.Flush(flushToDisk: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw StorageErrors.Internal($"cannot resize volume '{vol.Name}': {e.Message}");
        }
    }

    public static void Delete(Volume vol)
    {
        try
        {
            File.Delete(vol.Path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw StorageErrors.System($"cannot unlink file '{vol.Path}'", e);
        }
    }

    private static void CheckCreatable(StorageVolumeDefinition vol)
    {
        if (vol.TargetFormat is not ("raw" or "qcow2"))
            throw StorageErrors.Unsupported($"creating '{vol.TargetFormat}' volumes is not supported (raw, qcow2)");
        if (vol.TargetFormat == "raw" && vol.BackingStorePath is not null)
            throw new Protocol.Errors.LibvirtException(Protocol.Errors.ErrorCode.NoSupport, Protocol.Errors.ErrorDomain.Storage,
                "this function is not supported by the connection driver: backing storage not supported for raw volumes");
        if (vol.BackingStorePath is { } b && !File.Exists(b))
            throw StorageErrors.System($"cannot access backing file '{b}'", 2 /* ENOENT */);
    }

    /// <summary>A raw file of <paramref name="capacity"/> bytes with its first <paramref name="allocation"/> bytes allocated (all of it: preallocated; none: sparse).</summary>
    private static void CreateRaw(string path, ulong capacity, ulong allocation)
    {
        Image.Create(path, "raw", new Qcow2CreateOptions { Size = (long)capacity, Preallocation = allocation >= capacity && capacity > 0 ? "falloc" : "off" });
        if (allocation > 0 && allocation < capacity)
        {
            using var fs = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
            Fallocate(fs, 0, (long)allocation);
        }
    }

    private static void Fallocate(FileStream fs, long offset, long length)
    {
        int rc = Native.PosixFallocate((int)fs.SafeFileHandle.DangerousGetHandle(), offset, length);
        if (rc != 0)
            throw StorageErrors.System($"cannot allocate {length} bytes in file '{fs.Name}'", rc);
    }

    /// <summary>qcow2 options from the volume XML: compat, clusterSize, lazy_refcounts, backing store; metadata preallocation on request.</summary>
    private static Qcow2CreateOptions Qcow2Options(StorageVolumeDefinition vol, ulong capacity, uint flags)
    {
        var o = new Qcow2CreateOptions
        {
            Size = (long)capacity,
            BackingFile = vol.BackingStorePath,
            BackingFormat = vol.BackingStoreFormat,
            // libvirt asks qemu-img for metadata preallocation only when the allocation is below the capacity,
            // and for falloc (data clusters too) when the whole volume is to be allocated
            Preallocation = (flags & VolumeFlags.CreatePreallocMetadata) == 0 ? "off"
                : (vol.AllocationBytes ?? vol.CapacityBytes) < capacity ? "metadata" : "falloc",
        };
        foreach (var e in vol.TargetExtra)
        {
            switch (e.Name.LocalName)
            {
                case "compat":
                    o = o with { Compat = e.Value.Trim() };
                    break;
                case "clusterSize":
                    var scale = Model.Units.ByteSize.Scale(ulong.Parse(e.Value.Trim(), System.Globalization.CultureInfo.InvariantCulture), e.Attribute("unit")?.Value, 1);
                    o = o with { ClusterSize = (int)scale };
                    break;
                case "features":
                    o = o with { LazyRefcounts = e.Element("lazy_refcounts") is not null };
                    break;
            }
        }
        if (o.Compat is not ("0.10" or "1.1"))
            throw StorageErrors.Unsupported($"unknown qcow2 compat '{o.Compat}' (0.10, 1.1)");
        return o;
    }

    /// <summary>Mode (0600 unless given), owner and group of a new volume.</summary>
    public static void ApplyPermissions(string path, StoragePermissions? perms)
    {
        File.SetUnixFileMode(path, (UnixFileMode)(perms?.Mode ?? DefaultMode));
        if (perms is not null)
            ApplyOwner(path, perms);
    }

    /// <summary>chown to the owner and group the XML gives (-1 or absent: unchanged).</summary>
    public static void ApplyOwner(string path, StoragePermissions perms)
    {
        int uid = perms?.Owner is { } o and >= 0 ? (int)o : -1;
        int gid = perms?.Group is { } g and >= 0 ? (int)g : -1;
        if ((uid != -1 || gid != -1) && Native.Chown(path, uid, gid) != 0)
            throw StorageErrors.System($"cannot chown '{path}' to ({uid}, {gid})", System.Runtime.InteropServices.Marshal.GetLastPInvokeError());
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
    }
}
