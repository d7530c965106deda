using Vireo.Drivers.Qemu.Host;

namespace Vireo.Drivers.Qemu.Tests.Domains;

public class OvercommitTests
{
    [Fact]
    public void FitsWithoutAWarning() => Assert.Null(Overcommit.Check("g", 1024 * 1024, 1, 2048 * 1024, 1, 8192 * 1024, 0, 4));

    [Fact]
    public void MemoryPastRamPlusSwapNamesTheNumbers()
    {
        var w = Overcommit.Check("big", 6144 * 1024, 1, 4096 * 1024, 1, 8192 * 1024, 1024 * 1024, 4);
        Assert.Equal("overcommit: guest memory would total 10240 MiB (4096 MiB running + 6144 MiB for 'big') but the host has 8192 MiB RAM + 1024 MiB swap", w);
    }

    [Fact]
    public void VcpusPastPhysicalCpus()
    {
        Assert.Equal("overcommit: 'wide' has 8 vCPUs but the host has 2 physical CPUs", Overcommit.Check("wide", 1024, 8, 0, 0, 8192 * 1024, 0, 2));
        Assert.Equal("overcommit: running guests would have 3 vCPUs on 2 physical CPUs", Overcommit.Check("third", 1024, 1, 0, 2, 8192 * 1024, 0, 2));
    }
}
