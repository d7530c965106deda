using System.Globalization;
using System.Runtime.InteropServices;

namespace Vireo.Storage.Host;

/// <summary>What stat(2) says about a path: the mode, owner and times libvirt reports in volume and pool XML.</summary>
internal sealed record FileStatus(uint Mode, long Uid, long Gid, long Size, long Blocks512, Timespec Atime, Timespec Mtime, Timespec Ctime)
{
    private const uint S_IFMT = 0xF000, S_IFDIR = 0x4000, S_IFBLK = 0x6000, S_IFREG = 0x8000;

    public bool IsDirectory => (Mode & S_IFMT) == S_IFDIR;
    public bool IsBlockDevice => (Mode & S_IFMT) == S_IFBLK;
    public bool IsRegular => (Mode & S_IFMT) == S_IFREG;

    /// <summary>Permission bits (07777).</summary>
    public uint Permissions => Mode & 0xFFF;

    /// <summary>Bytes on disk (st_blocks * 512).</summary>
    public ulong Allocated => (ulong)Blocks512 * 512;

    /// <summary>stat(path) following links; null when the path does not exist.</summary>
    public static FileStatus? Get(string path)
    {
        Span<byte> buf = stackalloc byte[256]; // struct stat is 144 bytes on x86_64 (and 128 on arm64)
        if (Native.Stat(path, ref MemoryMarshal.GetReference(buf)) != 0)
            return null;
        // x86_64 glibc layout: dev 0, ino 8, nlink 16, mode 24, uid 28, gid 32, rdev 40, size 48, blksize 56, blocks 64, atim 72, mtim 88, ctim 104
        return new FileStatus(
            BitConverter.ToUInt32(buf[24..]), BitConverter.ToUInt32(buf[28..]), BitConverter.ToUInt32(buf[32..]),
            BitConverter.ToInt64(buf[48..]), BitConverter.ToInt64(buf[64..]),
            new Timespec(BitConverter.ToInt64(buf[72..]), BitConverter.ToInt64(buf[80..])),
            new Timespec(BitConverter.ToInt64(buf[88..]), BitConverter.ToInt64(buf[96..])),
            new Timespec(BitConverter.ToInt64(buf[104..]), BitConverter.ToInt64(buf[112..])));
    }
}

/// <summary>A time as seconds and nanoseconds, printed the way libvirt prints volume timestamps.</summary>
internal readonly record struct Timespec(long Seconds, long Nanoseconds)
{
    public override string ToString() => Seconds.ToString(CultureInfo.InvariantCulture) + "." + Nanoseconds.ToString("D9", CultureInfo.InvariantCulture);
}
