using Vireo.Drivers.Qemu.Host;
using Vireo.Host;

namespace Vireo.Drivers.Qemu.Tests.Host;

/// <summary>The /proc parsers on sample inputs, and the host facts read from this machine's real files.</summary>
public class ProcFilesTests
{
    private const string Stat = """
        cpu  4705 150 1120 16250 520 30 25 0 0 0
        cpu0 2350 75 560 8125 260 15 12 0 0 0
        cpu1 2355 75 560 8125 260 15 13 0 0 0
        intr 114930548 113199788 3 0 5 263 0 4 [... lots more numbers ...]
        ctxt 1990473
        """;

    [Fact]
    public void StatGivesTotalAndPerCpuTicks()
    {
        var s = ProcFiles.ParseStat(Stat);
        Assert.Equal(new CpuTimes(4705, 150, 1120, 16250, 520, 30, 25), s[-1]);
        Assert.Equal(new CpuTimes(2355, 75, 560, 8125, 260, 15, 13), s[1]);
        Assert.Equal(3, s.Count);
    }

    [Fact]
    public void MeminfoReadsKibValuesAndNumaNodeLines()
    {
        var m = ProcFiles.ParseMeminfo("MemTotal:        8023172 kB\nMemFree:          190420 kB\nBuffers:           66260 kB\nCached:          2235720 kB\nHugePages_Total:       0\n");
        Assert.Equal(8023172UL, m["MemTotal"]);
        Assert.Equal(66260UL, m["Buffers"]);
        Assert.Equal(0UL, m["HugePages_Total"]);
        var node = ProcFiles.ParseMeminfo("Node 0 MemTotal:       4011586 kB\nNode 0 MemFree:         95210 kB\n");
        Assert.Equal(4011586UL, node["MemTotal"]);
        Assert.Equal(95210UL, node["MemFree"]);
    }

    [Fact]
    public void CpuInfoGivesModelFlagsAndTopology()
    {
        // two sockets, 2 cores each, hyperthreaded (siblings 4)
        var text = string.Join("\n", Enumerable.Range(0, 8).Select(i => $"""
            processor	: {i}
            vendor_id	: GenuineIntel
            model name	: Intel(R) Xeon(R) CPU E5-2620 v4 @ 2.10GHz
            cpu MHz		: 2100.000
            physical id	: {i / 4}
            siblings	: 4
            core id		: {i % 2}
            cpu cores	: 2
            flags		: fpu vme vmx constant_tsc lm

            """));
        var c = ProcFiles.ParseCpuInfo(text);
        Assert.Equal("GenuineIntel", c.Vendor);
        Assert.StartsWith("Intel(R) Xeon(R)", c.Model);
        Assert.Equal(2100.0, c.Mhz);
        Assert.Equal((8, 2, 2, 2), (c.Cpus, c.Sockets, c.CoresPerSocket, c.ThreadsPerCore));
        Assert.Contains("vmx", c.Flags);
        Assert.Contains("constant_tsc", c.Flags);
    }

    [Fact]
    public async Task NodeStatsComeFromThisHost()
    {
        var host = new QemuHost("qemu:///system", new QemuEmulatorInfo("/usr/bin/qemu-system-x86_64", 7_002_000, "pc-i440fx-7.2"));
        var mem = (await host.GetMemoryStatsAsync(-1, 0)).ToDictionary(p => p.Field, p => p.Value);
        Assert.Equal(["total", "free", "buffers", "cached"], mem.Keys);
        Assert.Equal(ProcFiles.ParseMeminfo(File.ReadAllText("/proc/meminfo"))["MemTotal"], mem["total"]);
        var cpu = (await host.GetCpuStatsAsync(-1, 0)).ToDictionary(p => p.Field, p => p.Value);
        Assert.Equal(["kernel", "user", "idle", "iowait"], cpu.Keys);
        Assert.True(cpu["idle"] > 0);
        Assert.Equal(Vireo.Protocol.Errors.ErrorCode.InvalidArg, ErrorCodeOf(() => host.GetCpuStatsAsync(100000, 0)));
    }

    [Fact]
    public void HostValidateLinesHaveVirtHostValidateLayout()
    {
        Assert.Equal("  QEMU: Checking if device /dev/net/tun exists                               : PASS",
            HostValidator.Format(new HostCheck("if device /dev/net/tun exists", "PASS")));
        Assert.Equal("  QEMU: Checking for hardware virtualization                                 : FAIL (why)",
            HostValidator.Format(new HostCheck("for hardware virtualization", "FAIL", "why")));
    }

    private static Vireo.Protocol.Errors.ErrorCode ErrorCodeOf(Func<Task> f)
    {
        try
        {
            f().GetAwaiter().GetResult();
        }
        catch (Vireo.Protocol.Errors.LibvirtException e)
        {
            return e.Code;
        }
        return 0;
    }
}
