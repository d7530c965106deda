namespace Vireo.Drivers.Qemu.Supervision;

/// <summary>
/// Liveness of a QEMU process by pid, from /proc. A zombie counts as exited (PID 1 here reaps orphans only every
/// 1-2 s); when vireod is its reaper (child subreaper), the zombie is reaped on the spot.
/// </summary>
public static class ProcessState
{
    /// <summary>True while the pid runs (not a zombie) and, when given, its command line contains <paramref name="mustContain"/>.</summary>
    public static bool IsAlive(int pid, string? mustContain = null)
    {
        if (pid <= 0)
            return false;
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return true;
        }
        // Field 3, after "pid (comm)": comm may contain spaces and parentheses, so look after the last ')'.
        int close = stat.LastIndexOf(')');
        char state = close >= 0 && close + 2 < stat.Length ? stat[close + 2] : '?';
        if (state is 'Z' or 'X')
        {
            NativeMethods.waitpid(pid, out _, NativeMethods.WNOHANG);
            return false;
        }
        if (mustContain is null)
            return true;
        try
        {
            var cmdline = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
            return cmdline.Contains(mustContain, StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Sends a signal; false when the process is already gone.</summary>
    public static bool Signal(int pid, int signal) => pid > 0 && NativeMethods.kill(pid, signal) == 0;

    /// <summary>Waits until the process has exited (or is a zombie), polling with a deadline; true if it did.</summary>
    public static async Task<bool> WaitExitAsync(int pid, TimeSpan timeout, CancellationToken ct = default)
    {
        var start = DateTime.UtcNow;
        var deadline = start + timeout;
        int delay = 2;
        while (IsAlive(pid))
        {
            if (DateTime.UtcNow >= deadline)
                return false;
            await Task.Delay(delay, ct).ConfigureAwait(false);
            // a QEMU told to quit is gone within milliseconds: look often at first (no exit notification for a
            // process that is not our child), then back off
            if (DateTime.UtcNow - start > TimeSpan.FromMilliseconds(100))
                delay = Math.Min(delay * 2, 50);
        }
        return true;
    }

    /// <summary>SIGTERM, then SIGKILL when the process outlives <paramref name="grace"/> (unless graceful only); true once it is gone.</summary>
    public static async Task<bool> TerminateAsync(int pid, TimeSpan grace, bool gracefulOnly = false, CancellationToken ct = default)
    {
        if (!IsAlive(pid))
            return true;
        Signal(pid, NativeMethods.SIGTERM);
        if (await WaitExitAsync(pid, grace, ct).ConfigureAwait(false))
            return true;
        if (gracefulOnly)
            return false;
        Signal(pid, NativeMethods.SIGKILL);
        return await WaitExitAsync(pid, TimeSpan.FromSeconds(5), ct).ConfigureAwait(false);
    }
}
