using Vireo.Protocol.Remote;
using Vireo.Shell.Commands;

namespace Vireo.Shell.Tests.Output;

/// <summary>domstats' layout as virsh 9.0 prints it: "Domain: 'NAME'", "  field=value" lines, a blank line between domains.</summary>
public class DomainStatsFormatTests
{
    [Fact]
    public void RecordsPrintAsVirshDoes()
    {
        var text = DomainStatsCommand.Format(
        [
            ("a", [TypedParameter.Int("state.state", 1), TypedParameter.ULLong("cpu.time", 123456789), TypedParameter.Str("block.0.name", "vda"), TypedParameter.UInt("vcpu.current", 2)]),
            ("b", []),
        ]);
        Assert.Equal("Domain: 'a'\n  state.state=1\n  cpu.time=123456789\n  block.0.name=vda\n  vcpu.current=2\n\nDomain: 'b'\n", text);
    }
}
