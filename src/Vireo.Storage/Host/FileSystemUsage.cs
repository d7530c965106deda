using System.Runtime.InteropServices;

namespace Vireo.Storage.Host;

/// <summary>statvfs(3) of a mounted file system as libvirt turns it into pool capacity, allocation and available.</summary>
internal readonly record struct FileSystemUsage(ulong Capacity, ulong Allocation, ulong Available)
{
    public static FileSystemUsage Of(string path)
    {
        Span<byte> buf = stackalloc byte[128]; // struct statvfs: 112 bytes on x86_64
        if (Native.StatVfs(path, ref MemoryMarshal.GetReference(buf)) != 0)
            throw StorageErrors.System($"cannot statvfs path '{path}'", Marshal.GetLastPInvokeError());
        // bsize 0, frsize 8, blocks 16, bfree 24; libvirt counts f_bfree (root-reserved blocks included) as available
        ulong frsize = BitConverter.ToUInt64(buf[8..]), blocks = BitConverter.ToUInt64(buf[16..]);
        ulong bfree = BitConverter.ToUInt64(buf[24..]);
        return new FileSystemUsage(blocks * frsize, (blocks - bfree) * frsize, bfree * frsize);
    }
}
