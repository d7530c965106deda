using System.Runtime.InteropServices;

namespace Vireo.Storage.Host;

/// <summary>The few libc calls .NET does not expose: stat with owner and nanosecond times, statvfs, fallocate.</summary>
internal static partial class Native
{
    [LibraryImport("libc", EntryPoint = "stat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static partial int Stat(string path, ref byte buf);

    [LibraryImport("libc", EntryPoint = "statvfs", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static partial int StatVfs(string path, ref byte buf);

    [LibraryImport("libc", EntryPoint = "chown", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static partial int Chown(string path, int uid, int gid);

    [LibraryImport("libc", EntryPoint = "posix_fallocate")]
    internal static partial int PosixFallocate(int fd, long offset, long length);

    /// <summary>strerror text for an errno, as libvirt appends it ("No such file or directory").</summary>
    internal static string ErrorText(int errno) => Marshal.GetPInvokeErrorMessage(errno);
}
