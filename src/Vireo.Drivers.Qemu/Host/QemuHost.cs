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

    public Task<string> GetCapabilitiesAsync() => Task.FromResult(
        $"""
        <capabilities>
          <host>
            <cpu>
              <arch>x86_64</arch>
            </cpu>
          </host>
          <guest>
            <os_type>hvm</os_type>
            <arch name='x86_64'>
              <wordsize>64</wordsize>
              <emulator>{emulator.Path}</emulator>
              <machine canonical='{emulator.DefaultMachine}' maxCpus='255'>pc</machine>
              <machine maxCpus='255'>{emulator.DefaultMachine}</machine>
              <domain type='qemu'/>
              <domain type='kvm'/>
            </arch>
          </guest>
        </capabilities>

        """);

    public Task<int> GetMaxVcpusAsync(string? type) => Task.FromResult(255);

    public Task<bool[]> GetCpuMapAsync() => Task.FromResult(Enumerable.Repeat(true, Environment.ProcessorCount).ToArray());

    private static string SafeRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
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
