using System.Globalization;
using System.Text.RegularExpressions;

namespace Vireo.Drivers.Qemu.Host;

/// <summary>What to do when a start would overcommit the host (the guide's chapter 17.4).</summary>
public enum OvercommitPolicy
{
    /// <summary>Start anyway, with a warning naming the numbers (libvirt's behaviour).</summary>
    Warn,
    /// <summary>Refuse the start.</summary>
    Refuse,
}

/// <summary>Host capacity and what running guests have committed; a pure check so its arithmetic is testable.</summary>
public static partial class Overcommit
{
    /// <summary>
    /// The warning for starting a guest of <paramref name="memKiB"/>/<paramref name="vcpus"/> when guests already
    /// committed <paramref name="committedKiB"/>/<paramref name="committedVcpus"/>, or null when it all fits in RAM + swap
    /// and the physical CPUs.
    /// </summary>
    public static string? Check(string name, ulong memKiB, uint vcpus, ulong committedKiB, uint committedVcpus, ulong ramKiB, ulong swapKiB, int hostCpus)
    {
        var problems = new List<string>();
        ulong totalMem = committedKiB + memKiB;
        if (totalMem > ramKiB + swapKiB)
            problems.Add(string.Create(CultureInfo.InvariantCulture,
                $"guest memory would total {totalMem / 1024} MiB ({committedKiB / 1024} MiB running + {memKiB / 1024} MiB for '{name}') but the host has {ramKiB / 1024} MiB RAM + {swapKiB / 1024} MiB swap"));
        uint totalCpus = committedVcpus + vcpus;
        if (vcpus > hostCpus)
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"'{name}' has {vcpus} vCPUs but the host has {hostCpus} physical CPUs"));
        else if (totalCpus > hostCpus)
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"running guests would have {totalCpus} vCPUs on {hostCpus} physical CPUs"));
        return problems.Count == 0 ? null : "overcommit: " + string.Join("; ", problems);
    }

    /// <summary>MemTotal and SwapTotal from /proc/meminfo, in KiB.</summary>
    public static (ulong RamKiB, ulong SwapKiB) HostMemory()
    {
        string text;
        try
        {
            text = File.ReadAllText("/proc/meminfo");
        }
        catch (IOException)
        {
            return (ulong.MaxValue / 4, 0);
        }
        ulong Get(Regex re) => re.Match(text) is { Success: true } m ? ulong.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        return (Get(MemTotal()), Get(SwapTotal()));
    }

    [GeneratedRegex(@"MemTotal:\s*(\d+)")]
    private static partial Regex MemTotal();

    [GeneratedRegex(@"SwapTotal:\s*(\d+)")]
    private static partial Regex SwapTotal();
}
