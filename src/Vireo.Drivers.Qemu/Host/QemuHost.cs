using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Vireo.Drivers.Host;

namespace Vireo.Drivers.Qemu.Host;

/// <summary>Connection- and node-level facts for qemu:/// connections, read from the real host and emulator.</summary>
public sealed partial class QemuHost(string uri, QemuEmulatorInfo emulator) : IHostDriver
{
    public string HypervisorType => "QEMU";
    public ulong HypervisorVersion => emulator.Version;
    public string Uri => uri;
    public string Hostname => System.Net.Dns.GetHostName();

    public Task<NodeInfo> GetNodeInfoAsync()
    {
        var cpuinfo = SafeRead("/proc/cpuinfo");
        int mhz = CpuMhz().Match(cpuinfo) is { Success: true } h ? (int)double.Parse(h.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        ulong memKiB = MemTotal().Match(SafeRead("/proc/meminfo")) is { Success: true } t ? ulong.Parse(t.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        int cpus = Environment.ProcessorCount;
        // virNodeInfo.model is the CPU architecture, not the marketing name.
        return Task.FromResult(new NodeInfo("x86_64", memKiB, cpus, mhz, 1, 1, cpus, 1));
    }

    /// <summary>What running guests have committed (set by the connection from its domain driver); null leaves &lt;committed&gt; out.</summary>
    public Func<CommittedResources>? Committed { get; init; }

    public Task<string> GetCapabilitiesAsync()
    {
        var topology = HostTopology.Read();
        var cpu = ReadHostCpu(topology);
        bool iommu = Directory.Exists("/sys/kernel/iommu_groups") && Directory.EnumerateFileSystemEntries("/sys/kernel/iommu_groups").Any();
        return Task.FromResult(CapabilitiesXml.Format(HostUuid(), cpu, topology, iommu, Committed?.Invoke(), emulator));
    }

    private static HostCpu ReadHostCpu(HostTopology? topology = null) =>
        HostCpu.Parse(SafeRead("/proc/cpuinfo"), topology ?? HostTopology.Read(), HugePageSizes(), CpuModels.Value);

    /// <summary>libvirt's cpu_map is read once per process: it only changes with a libvirt package upgrade.</summary>
    private static readonly Lazy<IReadOnlyList<CpuMapModel>> CpuModels = new(() => CpuMapModels.Load());

    /// <summary>The SMBIOS system UUID when readable, else /etc/machine-id as a UUID (libvirt's order).</summary>
    private static string? HostUuid()
    {
        var smbios = SafeRead("/sys/class/dmi/id/product_uuid").Trim().ToLowerInvariant();
        if (Guid.TryParse(smbios, out var g) && g != Guid.Empty)
            return g.ToString();
        var id = SafeRead("/etc/machine-id").Trim();
        return id.Length == 32 && Guid.TryParseExact(id, "N", out var m) ? m.ToString() : null;
    }

    private static IReadOnlyList<ulong> HugePageSizes()
    {
        const string dir = "/sys/kernel/mm/hugepages";
        if (!Directory.Exists(dir))
            return [];
        return [.. Directory.GetDirectories(dir).Select(d => Path.GetFileName(d))
            .Where(n => n.StartsWith("hugepages-", StringComparison.Ordinal) && n.EndsWith("kB", StringComparison.Ordinal))
            .Select(n => ulong.Parse(n["hugepages-".Length..^2], CultureInfo.InvariantCulture))];
    }

    public Task<int> GetMaxVcpusAsync(string? type) => Task.FromResult(255);

    public Task<bool[]> GetCpuMapAsync() => Task.FromResult(Enumerable.Repeat(true, Environment.ProcessorCount).ToArray());

    private static string SafeRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }

    [GeneratedRegex(@"cpu MHz\s*:\s*([0-9.]+)")]
    private static partial Regex CpuMhz();

    [GeneratedRegex(@"MemTotal:\s*(\d+)")]
    private static partial Regex MemTotal();
}

/// <summary>What the emulator binary says about itself: version (major*1e6+minor*1e3+micro) and the machine "pc" stands for.</summary>
public sealed partial record QemuEmulatorInfo(string Path, ulong Version, string DefaultMachine)
{
    /// <summary>Asks the binary (--version, -machine help); falls back to QEMU 7.2 facts when it cannot be run.</summary>
    public static QemuEmulatorInfo Probe(string path)
    {
        ulong version = 7_002_000;
        string machine = "pc-i440fx-7.2";
        if (Run(path, "--version") is { } v && VersionRe().Match(v) is { Success: true } m)
            version = ulong.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) * 1_000_000 + ulong.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) * 1000
                + ulong.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture);
        if (Run(path, "-machine", "help") is { } h && PcAlias().Match(h) is { Success: true } a)
            machine = a.Groups[1].Value;
        return new QemuEmulatorInfo(path, version, machine);
    }

    private static string? Run(string path, params string[] args)
    {
        try
        {
            var psi = new ProcessStartInfo(path) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in args)
                psi.ArgumentList.Add(a);
            using var p = Process.Start(psi);
            if (p is null)
                return null;
            var output = p.StandardOutput.ReadToEnd();
            p.WaitForExit(10_000);
            return output;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"version (\d+)\.(\d+)\.(\d+)")]
    private static partial Regex VersionRe();

    [GeneratedRegex(@"^pc\s+.*\(alias of ([\w.-]+)\)", RegexOptions.Multiline)]
    private static partial Regex PcAlias();
}
