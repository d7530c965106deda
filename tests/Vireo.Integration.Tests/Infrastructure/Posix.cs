using System.Runtime.InteropServices;

namespace Vireo.Integration.Tests.Infrastructure;

/// <summary>The few libc calls the harness needs.</summary>
public static class Posix
{
    public const int SIGKILL = 9;
    public const int SIGTERM = 15;

    /// <summary>True when the tests run as root.</summary>
    public static bool IsRoot => geteuid() == 0;

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/>; false if it is gone.</summary>
    public static bool Kill(int pid, int signal) => kill(pid, signal) == 0;

    [DllImport("libc", SetLastError = true)]
    private static extern uint geteuid();

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);
}
