using System.Runtime.InteropServices;

namespace Vireo.Drivers.Qemu.Supervision;

/// <summary>The few libc calls process supervision needs (source-generated P/Invoke, AOT-safe).</summary>
internal static partial class NativeMethods
{
    public const int SIGKILL = 9, SIGTERM = 15, WNOHANG = 1;

    [LibraryImport("libc", SetLastError = true)]
    public static partial int kill(int pid, int sig);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int waitpid(int pid, out int status, int options);
}
