using System.Runtime.InteropServices;

namespace Vireo.Drivers.Qemu.Security;

/// <summary>A file's owner (uid, gid) read with stat(2) and changed with chown(2).</summary>
internal static partial class FileOwner
{
    public static (int Uid, int Gid) Get(string path)
    {
        var st = new StatBuf();
        if (Stat(path, ref st) != 0)
            throw new IOException($"cannot stat '{path}' (errno {Marshal.GetLastPInvokeError()})");
        return ((int)st.Uid, (int)st.Gid);
    }

    public static void Set(string path, int uid, int gid)
    {
        if (Chown(path, uid, gid) != 0)
            throw new IOException($"cannot change the owner of '{path}' to {uid}:{gid} (errno {Marshal.GetLastPInvokeError()})");
    }

    [LibraryImport("libc", EntryPoint = "stat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Stat(string path, ref StatBuf buf);

    [LibraryImport("libc", EntryPoint = "chown", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Chown(string path, int uid, int gid);

    // struct stat on x86_64 Linux (glibc), 144 bytes: only the owner fields are read.
    [StructLayout(LayoutKind.Sequential)]
    private struct StatBuf
    {
        public ulong Dev, Ino, Nlink;
        public uint Mode, Uid, Gid, Pad0;
        public ulong Rdev;
        public long Size, Blksize, Blocks;
        public long Atime, AtimeNs, Mtime, MtimeNs, Ctime, CtimeNs;
        public long Reserved0, Reserved1, Reserved2;
    }
}
