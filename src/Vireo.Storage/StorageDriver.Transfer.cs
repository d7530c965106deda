using Vireo.Drivers.Storage;
using Vireo.Storage.Volumes;

namespace Vireo.Storage;

/// <summary>
/// vol-upload and vol-download: the bytes of the volume's file or device itself (for a qcow2 volume, the qcow2
/// file), from an offset, for a length (0: to the end), as libvirt's storageVolUpload/Download transfer them.
/// The RPC stream layer connects these streams to virStorageVolUpload/Download.
/// </summary>
public sealed partial class StorageDriver
{
    /// <summary>VIR_STORAGE_VOL_UPLOAD_SPARSE_STREAM / VIR_STORAGE_VOL_DOWNLOAD_SPARSE_STREAM.</summary>
    public const uint TransferSparseStream = 1;

    /// <summary>A stream that writes into the volume from <paramref name="offset"/>, refusing bytes past <paramref name="length"/> (0: no limit); disposing it refreshes the volume.</summary>
    public Task<Stream> OpenVolumeForUploadAsync(StorageVolRef vol, ulong offset, ulong length, uint flags) => Locked(_ =>
    {
        StorageErrors.CheckFlags(flags, TransferSparseStream, "storageVolUpload");
        var p = Active(vol.Pool);
        var v = VolumeIn(p, vol.Name);
        var file = OpenVolumeFile(v, FileAccess.Write);
        file.Seek((long)offset, SeekOrigin.Begin);
        Stream s = new VolumeTransferStream(file, length, writable: true, onClose: () => RefreshAfterUploadAsync(vol));
        return Task.FromResult(s);
    });

    /// <summary>A stream that reads the volume from <paramref name="offset"/> for <paramref name="length"/> bytes (0: to the end).</summary>
    public Task<Stream> OpenVolumeForDownloadAsync(StorageVolRef vol, ulong offset, ulong length, uint flags) => Locked(_ =>
    {
        StorageErrors.CheckFlags(flags, TransferSparseStream, "storageVolDownload");
        var p = Active(vol.Pool);
        var v = VolumeIn(p, vol.Name);
        var file = OpenVolumeFile(v, FileAccess.Read);
        long size = file.Seek(0, SeekOrigin.End); // a block device's length is where its end is
        if ((long)offset > size)
        {
            file.Dispose();
            throw StorageErrors.InvalidArg($"offset {offset} is past the end of volume '{v.Name}' ({size} bytes)");
        }
        file.Seek((long)offset, SeekOrigin.Begin);
        ulong available = (ulong)size - offset;
        Stream s = new VolumeTransferStream(file, length == 0 || length > available ? available : length, writable: false, onClose: null);
        return Task.FromResult(s);
    });

    private static FileStream OpenVolumeFile(Volume v, FileAccess access)
    {
        try
        {
            return new FileStream(v.Path, FileMode.Open, access, FileShare.ReadWrite, 1 << 16, FileOptions.Asynchronous);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw StorageErrors.System($"cannot open volume '{v.Path}'", e);
        }
    }

    private async Task RefreshAfterUploadAsync(StorageVolRef vol)
    {
        await Locked(async _ =>
        {
            var p = _pools.FirstOrDefault(x => x.Name == vol.Pool && x.Active);
            var v = p?.Volumes.FirstOrDefault(x => x.Name == vol.Name);
            if (p is not null && v is not null)
                await ReplaceWithFresh(p, v).ConfigureAwait(false);
            return 0;
        }).ConfigureAwait(false);
    }
}
