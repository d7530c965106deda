using Vireo.Drivers.Qemu.Host;

namespace Vireo.Drivers.Qemu.Tests.Host;

/// <summary>
/// The host CPU description on a sample cpuinfo (an Intel host with two sockets of 2 cores × 2 threads): vendor,
/// signature, microcode, address bits, Linux flag names turned into libvirt's, the largest fitting cpu_map model
/// and the features beyond it. The comparison with the real libvirtd is CapabilitiesCompatTests.
/// </summary>
public class HostCpuTests
{
    private const string CpuInfo = """
        processor	: 0
        vendor_id	: GenuineIntel
        cpu family	: 6
        model		: 85
        model name	: Intel(R) Xeon(R)
        stepping	: 7
        microcode	: 0x5003604
        flags		: fpu vme de pse tsc msr pae cx8 apic sep pge cmov sse sse2 ht syscall nx lm constant_tsc rep_good nopl nonstop_tsc pni pclmulqdq sse4_1 sse4_2 tsc_deadline_timer lahf_lm avx512_vnni md_clear
        address sizes	: 46 bits physical, 48 bits virtual

        processor	: 1
        vendor_id	: GenuineIntel
        flags		: fpu
        """;

    private static readonly CpuMapModel[] Models =
    [
        new("tiny", null, true, new HashSet<string> { "fpu", "tsc" }),
        new("bigger", null, true, new HashSet<string> { "fpu", "tsc", "sse", "sse2", "pni" }),
        new("amdonly", "AMD", true, new HashSet<string> { "fpu", "tsc", "sse", "sse2", "pni", "vme", "de" }),
        new("needsavx", "Intel", true, new HashSet<string> { "fpu", "tsc", "sse", "sse2", "pni", "avx" }),
        new("nodecode", null, false, new HashSet<string> { "fpu", "tsc", "sse", "sse2", "pni", "vme", "de", "pse" }),
    ];

    private static HostTopology TwoSockets() => new(
    [
        new HostNumaCell(0, 1024, [(4, 256)], [(0, 10), (1, 21)], [new(0, 0, 0, 0, "0-1"), new(1, 0, 0, 0, "0-1"), new(2, 0, 0, 1, "2-3"), new(3, 0, 0, 1, "2-3")]),
        new HostNumaCell(1, 1024, [(4, 256)], [(0, 21), (1, 10)], [new(4, 1, 0, 0, "4-5"), new(5, 1, 0, 0, "4-5"), new(6, 1, 0, 1, "6-7"), new(7, 1, 0, 1, "6-7")]),
    ]);

    [Fact]
    public void SignatureMicrocodeAndTopologyComeFromCpuinfoAndSys()
    {
        var cpu = HostCpu.Parse(CpuInfo, TwoSockets(), [2048], Models);
        Assert.Equal("Intel", cpu.Vendor);
        Assert.Equal((6, 85, 7), (cpu.Family, cpu.ModelNumber, cpu.Stepping));
        Assert.Equal(0x5003604UL, cpu.Microcode);
        Assert.Equal(46, cpu.PhysAddrBits);
        Assert.Equal((2, 1, 2, 2), (cpu.Sockets, cpu.Dies, cpu.Cores, cpu.Threads));
        Assert.Equal([(ulong)Environment.SystemPageSize / 1024, 2048UL], cpu.PageSizesKiB);
    }

    [Fact]
    public void ModelIsTheLargestFittingOneOfTheVendorAndFeaturesAreTheRest()
    {
        var cpu = HostCpu.Parse(CpuInfo, TwoSockets(), [], Models);
        // amdonly is another vendor's, needsavx needs a feature the host lacks, nodecode is not for host decoding.
        Assert.Equal("bigger", cpu.Model);
        Assert.DoesNotContain("fpu", cpu.Features);
        Assert.Contains("vme", cpu.Features);
        Assert.Contains("sse4.1", cpu.Features);
        Assert.Contains("pclmuldq", cpu.Features);
        Assert.Contains("tsc-deadline", cpu.Features);
        Assert.Contains("lahf_lm", cpu.Features);
        Assert.Contains("avx512-vnni", cpu.Features);
        Assert.Contains("md-clear", cpu.Features);
        Assert.Contains("invtsc", cpu.Features); // constant_tsc + nonstop_tsc
        Assert.DoesNotContain("rep-good", cpu.Features);
        Assert.DoesNotContain("constant-tsc", cpu.Features);
    }

    [Fact]
    public void WithoutACpuMapTheModelIsQemu64AndEveryFeatureIsListed()
    {
        var cpu = HostCpu.Parse(CpuInfo, TwoSockets(), [], []);
        Assert.Equal("qemu64", cpu.Model);
        Assert.Contains("fpu", cpu.Features);
    }

    [Fact]
    public void CpuListsExpandRanges() =>
        Assert.Equal([0, 1, 2, 3, 8, 10, 11], HostTopology.ParseCpuList("0-3,8,10-11\n"));

    [Fact]
    public void ThisHostsTopologyHasEveryOnlineCpuInOneCell()
    {
        var t = HostTopology.Read();
        Assert.Equal(Environment.ProcessorCount, t.AllCpus.Count());
        Assert.Equal(t.AllCpus.Count(), t.AllCpus.Select(c => c.Id).Distinct().Count());
        Assert.All(t.Cells, c => Assert.True(c.MemoryKiB > 0));
        Assert.Equal(Environment.ProcessorCount, t.Sockets * t.DiesPerSocket * t.CoresPerDie * t.ThreadsPerCore);
    }
}
