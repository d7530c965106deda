using System.Runtime.InteropServices;

namespace Vireo.Daemon.Server;

/// <summary>Linux process settings vireod needs.</summary>
public static partial class ProcessControl
{
    private const int PrSetChildSubreaper = 36;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int prctl(int option, ulong arg2, ulong arg3, ulong arg4, ulong arg5);

    /// <summary>
    /// Makes vireod the reaper of its detached descendants (QEMU), so an exited guest is seen at once instead of
    /// after PID 1's slow reaping on these machines.
    /// </summary>
    public static bool BecomeChildSubreaper() => prctl(PrSetChildSubreaper, 1, 0, 0, 0) == 0;
}
