using Vireo.Drivers.Storage;

namespace Vireo.Storage;

/// <summary>Connects vol-upload / vol-download (the daemon's RPC streams) to this driver's volume transfer streams.</summary>
public sealed partial class StorageDriver
{
    Task<Stream> IStorageDriver.UploadVolAsync(StorageVolRef vol, ulong offset, ulong length, uint flags) =>
        OpenVolumeForUploadAsync(vol, offset, length, flags);

    Task<Stream> IStorageDriver.DownloadVolAsync(StorageVolRef vol, ulong offset, ulong length, uint flags) =>
        OpenVolumeForDownloadAsync(vol, offset, length, flags);
}
