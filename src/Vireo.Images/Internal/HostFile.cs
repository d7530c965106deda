using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Vireo.Images.Internal;

/// <summary>The file under an image: positional reads and writes, length, sync, hole punching.</summary>
internal sealed class HostFile : IDisposable
{
    private readonly SafeFileHandle handle;

    private HostFile(SafeFileHandle handle, string path, bool writable)
    {
        this.handle = handle;
        Path = path;
        Writable = writable;
    }

    public string Path { get; }

    public bool Writable { get; }

    public SafeFileHandle Handle => handle;

    /// <summary>Opens an existing file.</summary>
    public static HostFile Open(string path, bool writable)
    {
        var h = File.OpenHandle(path, FileMode.Open, writable ? FileAccess.ReadWrite : FileAccess.Read, FileShare.ReadWrite);
        return new HostFile(h, path, writable);
    }

    /// <summary>Creates (or truncates) a file for writing.</summary>
    public static HostFile Create(string path)
    {
        var h = File.OpenHandle(path, FileMode.Create, FileAccess.ReadWrite, FileShare.Read);
        return new HostFile(h, path, true);
    }

    public long Length => RandomAccess.GetLength(handle);

    /// <summary>Reads exactly buffer.Length bytes; bytes past end of file read as zeroes.</summary>
    public void ReadExactOrZero(long offset, Span<byte> buffer)
    {
        CheckOffset(offset);
        int done = 0;
        while (done < buffer.Length)
        {
            int n = RandomAccess.Read(handle, buffer[done..], offset + done);
            if (n <= 0)
            {
                buffer[done..].Clear();
                return;
            }
            done += n;
        }
    }

    /// <summary>Reads up to buffer.Length bytes, stopping at end of file; returns the count.</summary>
    public int ReadUpTo(long offset, Span<byte> buffer)
    {
        CheckOffset(offset);
        int done = 0;
        while (done < buffer.Length)
        {
            int n = RandomAccess.Read(handle, buffer[done..], offset + done);
            if (n <= 0)
                break;
            done += n;
        }
        return done;
    }

    public void Write(long offset, ReadOnlySpan<byte> data)
    {
        CheckOffset(offset);
        RandomAccess.Write(handle, data, offset);
    }

    /// <summary>Last line of defence: an offset computed from hostile metadata must not become a runtime error.</summary>
    private void CheckOffset(long offset)
    {
        if (offset < 0 || offset > ImageLimits.MaxVirtualSize)
            throw new ImageFormatException(Path, $"metadata points at file offset 0x{offset:x}, which is invalid");
    }

    public void SetLength(long length) => RandomAccess.SetLength(handle, length);

    public void Sync() => Fsync(handle);

    /// <summary>Deallocates a byte range, keeping the file size (reads then return zeroes). False when unsupported.</summary>
    public bool PunchHole(long offset, long length)
    {
        const int FALLOC_FL_KEEP_SIZE = 1, FALLOC_FL_PUNCH_HOLE = 2;
        return Fallocate(handle, FALLOC_FL_KEEP_SIZE | FALLOC_FL_PUNCH_HOLE, offset, length) == 0;
    }

    /// <summary>Allocates a byte range (posix_fallocate semantics with mode 0). False when unsupported.</summary>
    public bool Allocate(long offset, long length) => Fallocate(handle, 0, offset, length) == 0;

    /// <summary>Bytes actually allocated on disk (st_blocks * 512), what qemu-img prints as "disk size".</summary>
    public static long AllocatedBytes(string path)
    {
        var st = new StatBuf();
        return Stat(path, ref st) == 0 ? st.st_blocks * 512 : 0;
    }

    /// <summary>Next data offset at or after offset (SEEK_DATA), or -1 when there is none or it is unsupported.</summary>
    public long SeekData(long offset) => Lseek(handle, offset, 3);

    /// <summary>Next hole offset at or after offset (SEEK_HOLE), or -1.</summary>
    public long SeekHole(long offset) => Lseek(handle, offset, 4);

    public void Dispose() => handle.Dispose();

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static extern int FsyncRaw(SafeFileHandle fd);

    private static void Fsync(SafeFileHandle fd)
    {
        if (FsyncRaw(fd) != 0)
            throw new IOException($"fsync failed (errno {Marshal.GetLastPInvokeError()})");
    }

    [DllImport("libc", EntryPoint = "fallocate", SetLastError = true)]
    private static extern int Fallocate(SafeFileHandle fd, int mode, long offset, long len);

    [DllImport("libc", EntryPoint = "lseek", SetLastError = true)]
    private static extern long Lseek(SafeFileHandle fd, long offset, int whence);

    [DllImport("libc", EntryPoint = "stat", SetLastError = true)]
    private static extern int Stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, ref StatBuf buf);

    // struct stat on x86_64 Linux (glibc): 144 bytes; st_blocks at offset 64.
    [StructLayout(LayoutKind.Sequential)]
    private struct StatBuf
    {
        public ulong st_dev, st_ino, st_nlink;
        public uint st_mode, st_uid, st_gid, pad0;
        public ulong st_rdev;
        public long st_size, st_blksize, st_blocks;
        public long atime, atimens, mtime, mtimens, ctime, ctimens;
        public long r0, r1, r2;
    }
}
