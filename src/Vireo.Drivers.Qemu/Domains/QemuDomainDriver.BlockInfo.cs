using Vireo.Drivers.Domains;
using Vireo.Images;
using Vireo.Protocol.Errors;

namespace Vireo.Drivers.Qemu.Domains;

/// <summary>
/// domblkinfo (virDomainGetBlockInfo) from the image file itself, running or not: capacity is the image's virtual
/// size (qcow2 header, raw file size), allocation the bytes on disk (st_blocks * 512), physical the file's size.
/// </summary>
public sealed partial class QemuDomainDriver
{
    public Task<BlockInfo> GetBlockInfoAsync(DomainRef dom, string disk, uint flags)
    {
        if (flags != 0)
            throw LibvirtException.InvalidArg($"unsupported flags (0x{flags:x}) in function qemuDomainGetBlockInfo");
        string path;
        string format;
        lock (_lock)
        {
            var dev = Get(dom).Current.Devices.FindDisk(disk) ?? throw QemuErrors.InvalidArgNoDisk(disk);
            path = dev.SourcePath ?? throw LibvirtException.Invalid($"disk '{disk}' does not currently have a source assigned");
            format = dev.DriverType ?? "raw";
        }
        return Task.FromResult(ReadBlockInfo(path, format));
    }

    /// <summary>The sizes of one image file, opened read-only without its backing chain.</summary>
    public static BlockInfo ReadBlockInfo(string path, string format)
    {
        if (!File.Exists(path))
            throw QemuErrors.Internal($"cannot stat file '{path}': No such file or directory");
        long capacity;
        try
        {
            using var img = Image.Open(path, new ImageOpenOptions { Format = format, OpenBacking = false });
            capacity = img.VirtualSize;
        }
        catch (Exception e) when (e is IOException or ImageNotSupportedException or UnauthorizedAccessException)
        {
            throw QemuErrors.Internal($"cannot read image '{path}': {e.Message}");
        }
        var info = new FileInfo(path);
        // A block device has no file length: its physical size is its capacity.
        ulong physical = info.Length > 0 ? (ulong)info.Length : (ulong)capacity;
        ulong allocation = format == "raw" && info.Length == 0 ? physical : (ulong)Image.AllocatedBytes(path);
        return new BlockInfo((ulong)capacity, allocation, physical);
    }
}
