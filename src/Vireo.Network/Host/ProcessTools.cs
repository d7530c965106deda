using System.Runtime.InteropServices;

namespace Vireo.Network.Host;

/// <summary>Pids of daemons we started (dnsmasq): liveness from /proc, signals through libc.</summary>
public static partial class ProcessTools
{
    public const int SIGHUP = 1, SIGKILL = 9, SIGTERM = 15;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int sig);

    /// <summary>Reads a pid file; null when missing or garbled.</summary>
    public static int? ReadPidFile(string path)
    {
        try
        {
            return int.TryParse(File.ReadAllText(path).Trim(), out var pid) && pid > 0 ? pid : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>
    /// True when the process exists, is not a zombie (a zombie has exited; its parent just has not reaped it yet)
    /// and its command line contains <paramref name="marker"/> (so a recycled pid is not mistaken for ours).
    /// </summary>
    public static bool IsAlive(int pid, string marker)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0];
            if (state is "Z" or "X")
                return false;
            var cmdline = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
            return cmdline.Contains(marker, StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    public static bool Signal(int pid, int sig) => kill(pid, sig) == 0;

    /// <summary>SIGTERM, then SIGKILL when it has not exited by the deadline; polls /proc.</summary>
    public static async Task StopAsync(int pid, string marker, TimeSpan grace)
    {
        if (!IsAlive(pid, marker))
            return;
        Signal(pid, SIGTERM);
        var deadline = Environment.TickCount64 + (long)grace.TotalMilliseconds;
        while (IsAlive(pid, marker))
        {
            if (Environment.TickCount64 > deadline)
            {
                Signal(pid, SIGKILL);
                deadline = long.MaxValue;
            }
            await Task.Delay(20).ConfigureAwait(false); // poll interval while the daemon exits
        }
    }
}
