using System.Runtime.InteropServices;

namespace Vireo.Drivers.Qemu.Supervision;

/// <summary>CPU affinity of host threads (sched_getaffinity / sched_setaffinity), as bool-per-host-CPU maps.</summary>
internal static partial class Affinity
{
    private const int MaskBytes = 128; // 1024 CPUs, glibc's cpu_set_t

    [LibraryImport("libc", SetLastError = true)]
    private static partial int sched_getaffinity(int pid, nuint size, byte[] mask);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int sched_setaffinity(int pid, nuint size, byte[] mask);

    /// <summary>The thread's affinity over <paramref name="hostCpus"/> CPUs; all true when it cannot be read (thread gone).</summary>
    public static bool[] Get(int tid, int hostCpus)
    {
        var mask = new byte[MaskBytes];
        if (sched_getaffinity(tid, MaskBytes, mask) != 0)
            return Enumerable.Repeat(true, hostCpus).ToArray();
        var map = new bool[hostCpus];
        for (int i = 0; i < hostCpus; i++)
            map[i] = (mask[i / 8] & (1 << (i % 8))) != 0;
        return map;
    }

    /// <summary>Pins a thread; throws with errno's text when the kernel refuses.</summary>
    public static void Set(int tid, bool[] map)
    {
        var mask = new byte[MaskBytes];
        for (int i = 0; i < map.Length && i < MaskBytes * 8; i++)
            if (map[i])
                mask[i / 8] |= (byte)(1 << (i % 8));
        if (sched_setaffinity(tid, MaskBytes, mask) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw QemuErrors.System($"cannot set CPU affinity on thread {tid}", Marshal.GetPInvokeErrorMessage(errno));
        }
    }

    /// <summary>Every thread of a process (/proc/PID/task).</summary>
    public static IReadOnlyList<int> Threads(int pid)
    {
        try
        {
            return Directory.GetDirectories($"/proc/{pid}/task").Select(p => int.Parse(Path.GetFileName(p), System.Globalization.CultureInfo.InvariantCulture)).ToList();
        }
        catch (DirectoryNotFoundException)
        {
            return [];
        }
    }
}
