using Vireo.Shell.Commands;

namespace Vireo.Shell.Tests.Output;

/// <summary>domblkinfo's layout: virsh's "%-15s %llu" lines, and "%-15s %-.3lf %s" with --human.</summary>
public class DomainBlockInfoFormatTests
{
    [Fact]
    public void PlainAndHumanLayoutsMatchVirsh()
    {
        Assert.Equal("Capacity:       67108864\nAllocation:     200704\nPhysical:       196768\n",
            DomainBlockInfoCommand.Format(67108864, 200704, 196768, human: false));
        Assert.Equal("Capacity:       64.000 MiB\nAllocation:     196.000 KiB\nPhysical:       192.156 KiB\n",
            DomainBlockInfoCommand.Format(67108864, 200704, 196768, human: true));
    }
}
