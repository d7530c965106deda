using Vireo.Drivers.Domains;
using Vireo.Protocol.Errors;

namespace Vireo.Drivers.Test.Tests;

/// <summary>setmem/setmaxmem/setvcpus/vcpupin rules of libvirt's test driver.</summary>
public class DomainTuningTests
{
    private const uint Live = DomainFlags.AffectLive, Config = DomainFlags.AffectConfig, Max = DomainFlags.MemMaximum;

    [Fact]
    public async Task Setmem_live_and_config_change_their_own_definition()
    {
        var c = TestKit.Default();
        var test = await TestKit.Test(c);
        await c.Domains.SetMemoryFlagsAsync(test, 1000, Config);
        await c.Domains.SetMemoryFlagsAsync(test, 2000, Live);
        Assert.Equal(2000UL, (await c.Domains.GetInfoAsync(test)).MemoryKiB);
        Assert.Contains("<currentMemory unit='KiB'>1000</currentMemory>", await c.Domains.GetXmlDescAsync(test, DomainFlags.XmlInactive));
        await c.Domains.SetMemoryFlagsAsync(test, 3000, DomainFlags.AffectCurrent); // current = live while running
        Assert.Equal(3000UL, (await c.Domains.GetInfoAsync(test)).MemoryKiB);
    }

    [Fact]
    public async Task Setmem_errors()
    {
        var c = TestKit.Default();
        var test = await TestKit.Test(c);
        await TestKit.Fails(() => c.Domains.SetMemoryFlagsAsync(test, 9000000, 0), ErrorCode.InvalidArg, ErrorDomain.Test,
            "invalid argument: cannot set memory higher than max memory");
        await TestKit.Fails(() => c.Domains.SetMemoryFlagsAsync(test, 0, 0), ErrorCode.InvalidArg, ErrorDomain.Domain,
            "memory in virDomainSetMemoryFlags must not be zero");
        await TestKit.Fails(() => c.Domains.SetMemoryFlagsAsync(test, 1000, Live | Config), ErrorCode.InvalidArg, ErrorDomain.Domain,
            "Flags 'VIR_DOMAIN_AFFECT_LIVE' and 'VIR_DOMAIN_AFFECT_CONFIG' are mutually exclusive");
        await TestKit.Fails(() => c.Domains.SetMemoryFlagsAsync(test, 9000000, Max), ErrorCode.OperationInvalid, ErrorDomain.Test,
            "Requested operation is not valid: cannot resize the maximum memory on an active domain");
        await TestKit.Fails(() => c.Domains.SetMemoryFlagsAsync(test, 1, 8), ErrorCode.InvalidArg, ErrorDomain.Test,
            "unsupported flags (0x8) in function testDomainSetMemoryFlags");
    }

    [Fact]
    public async Task Setmaxmem_in_config_pulls_current_memory_down()
    {
        var c = TestKit.Default();
        var test = await TestKit.Test(c);
        await c.Domains.SetMemoryFlagsAsync(test, 100000, Max | Config);
        var xml = await c.Domains.GetXmlDescAsync(test, DomainFlags.XmlInactive);
        Assert.Contains("<memory unit='KiB'>100000</memory>", xml);
        Assert.Contains("<currentMemory unit='KiB'>100000</currentMemory>", xml);
        Assert.Equal(8388608UL, await c.Domains.GetMaxMemoryAsync(test)); // the live domain keeps its size

        var dom = await c.Domains.DefineXmlAsync(TestKit.NewDomainXml, 0);
        await c.Domains.SetMemoryFlagsAsync(dom, 100, 0);
        await c.Domains.SetMemoryFlagsAsync(dom, 500000, Max);
        Assert.Equal((500000UL, 100UL), ((await c.Domains.GetInfoAsync(dom)).MaxMemKiB, (await c.Domains.GetInfoAsync(dom)).MemoryKiB));
    }

    [Fact]
    public async Task Setmaxmem_may_not_pass_the_hotplug_maximum()
    {
        var c = TestKit.Default();
        var dom = await c.Domains.DefineXmlAsync(TestKit.NewDomainXml.Replace("<memory", "<maxMemory slots='4' unit='KiB'>524288</maxMemory><memory"), 0);
        await TestKit.Fails(() => c.Domains.SetMemoryFlagsAsync(dom, 600000, Max), ErrorCode.OperationInvalid, ErrorDomain.Test,
            "Requested operation is not valid: cannot set initial memory size greater than the maximum memory size");
    }

    [Fact]
    public async Task Setvcpus_live_current_and_maximum()
    {
        var c = TestKit.Default();
        var test = await TestKit.Test(c);
        await c.Domains.SetVcpusFlagsAsync(test, 1, 0);
        await c.Domains.SetVcpusFlagsAsync(test, 4, DomainFlags.VcpuMaximum | Config);
        var counts = new[]
        {
            await c.Domains.GetVcpusFlagsAsync(test, 0), await c.Domains.GetVcpusFlagsAsync(test, Live),
            await c.Domains.GetVcpusFlagsAsync(test, Config), await c.Domains.GetVcpusFlagsAsync(test, DomainFlags.VcpuMaximum),
            await c.Domains.GetVcpusFlagsAsync(test, DomainFlags.VcpuMaximum | Live), await c.Domains.GetVcpusFlagsAsync(test, DomainFlags.VcpuMaximum | Config),
        };
        Assert.Equal(new[] { 1, 1, 2, 2, 2, 4 }, counts);
        Assert.Equal(2, await c.Domains.GetMaxVcpusAsync(test));
        Assert.Contains("<vcpu placement='static' current='1'>2</vcpu>", await c.Domains.GetXmlDescAsync(test, 0));
        Assert.Contains("<vcpu placement='static' current='2'>4</vcpu>", await c.Domains.GetXmlDescAsync(test, DomainFlags.XmlInactive));
        await c.Domains.SetVcpusFlagsAsync(test, 1, Live | Config);
        Assert.Equal(1, await c.Domains.GetVcpusFlagsAsync(test, Config));
    }

    [Fact]
    public async Task Lowering_the_maximum_lowers_the_current_count()
    {
        var c = TestKit.Default();
        var dom = await c.Domains.DefineXmlAsync(TestKit.NewDomainXml, 0);
        await c.Domains.SetVcpusFlagsAsync(dom, 4, DomainFlags.VcpuMaximum | Config);
        await c.Domains.SetVcpusFlagsAsync(dom, 3, 0);
        Assert.Contains("<vcpu placement='static' current='3'>4</vcpu>", await c.Domains.GetXmlDescAsync(dom, 0));
        await c.Domains.SetVcpusFlagsAsync(dom, 2, DomainFlags.VcpuMaximum | Config);
        Assert.Contains("<vcpu placement='static'>2</vcpu>", await c.Domains.GetXmlDescAsync(dom, 0));
    }

    [Fact]
    public async Task Setvcpus_errors()
    {
        var c = TestKit.Default();
        var test = await TestKit.Test(c);
        await TestKit.Fails(() => c.Domains.SetVcpusFlagsAsync(test, 40, 0), ErrorCode.InvalidArg, ErrorDomain.Test,
            "invalid argument: requested cpu amount exceeds maximum supported amount (40 > 32)");
        await TestKit.Fails(() => c.Domains.SetVcpusFlagsAsync(test, 3, 0), ErrorCode.InvalidArg, ErrorDomain.Test,
            "invalid argument: requested cpu amount exceeds maximum (3 > 2)");
        await TestKit.Fails(() => c.Domains.SetVcpusFlagsAsync(test, 0, 0), ErrorCode.InvalidArg, ErrorDomain.Domain,
            "nvcpus in virDomainSetVcpusFlags must not be zero");
        await TestKit.Fails(() => c.Domains.SetVcpusFlagsAsync(test, 4, DomainFlags.VcpuMaximum), ErrorCode.InvalidArg, ErrorDomain.Domain,
            "Flag 'VIR_DOMAIN_AFFECT_CONFIG' is required by flag 'VIR_DOMAIN_VCPU_MAXIMUM'");
        await TestKit.Fails(() => c.Domains.GetVcpusFlagsAsync(test, Live | Config), ErrorCode.InvalidArg, ErrorDomain.Domain,
            "Flags 'VIR_DOMAIN_AFFECT_LIVE' and 'VIR_DOMAIN_AFFECT_CONFIG' are mutually exclusive");
    }

    [Fact]
    public async Task Vcpu_info_and_pinning()
    {
        var c = TestKit.Default();
        var test = await TestKit.Test(c);
        var before = await c.Domains.GetVcpusAsync(test);
        Assert.Equal(2, before.Count);
        Assert.All(before, v => Assert.Equal((1, 15, 16), (v.State, v.Cpu, v.Affinity.Count(a => a))));

        var map = new bool[8];
        map[0] = map[2] = true;
        await c.Domains.PinVcpuFlagsAsync(test, 0, map, 0);
        await c.Domains.PinVcpuFlagsAsync(test, 1, [false, false, false, true, true, true], DomainFlags.AffectLive);
        var after = await c.Domains.GetVcpusAsync(test);
        Assert.Equal((2, 5), (after[0].Cpu, after[1].Cpu));
        Assert.Equal(16, after[0].Affinity.Length);
        Assert.Contains("<cputune>\n    <vcpupin vcpu='0' cpuset='0,2'/>\n    <vcpupin vcpu='1' cpuset='3-5'/>\n  </cputune>",
            await c.Domains.GetXmlDescAsync(test, 0));
        var live = await c.Domains.GetVcpuPinInfoAsync(test, 0);
        Assert.Equal([0, 2], Enumerable.Range(0, 16).Where(i => live[0][i]));
        var config = await c.Domains.GetVcpuPinInfoAsync(test, Config);
        Assert.All(config, m => Assert.True(m.All(x => x)));

        await TestKit.Fails(() => c.Domains.PinVcpuFlagsAsync(test, 5, map, 0), ErrorCode.InvalidArg, ErrorDomain.Test,
            "invalid argument: requested vcpu '5' is not present in the domain");

        // Offline vCPUs keep their pin but are no longer listed.
        await c.Domains.SetVcpusFlagsAsync(test, 1, 0);
        Assert.Single(await c.Domains.GetVcpusAsync(test));
        Assert.Equal(2, (await c.Domains.GetVcpuPinInfoAsync(test, 0)).Count);
        await TestKit.Fails(() => c.Domains.PinVcpuFlagsAsync(test, 1, map, 0), ErrorCode.InvalidArg, ErrorDomain.Test,
            "invalid argument: requested vcpu '1' is not present in the domain");
    }

    [Fact]
    public async Task Vcpu_cpu_time_is_wall_clock_microseconds_over_ten()
    {
        var c = TestKit.Default();
        var test = await TestKit.Test(c);
        long lower = (DateTime.UtcNow - DateTime.UnixEpoch).Ticks / 100;
        var v = (await c.Domains.GetVcpusAsync(test))[0];
        long upper = (DateTime.UtcNow - DateTime.UnixEpoch).Ticks / 100;
        Assert.InRange((long)v.CpuTimeNs, lower, upper);
    }
}
