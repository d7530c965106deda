using Vireo.Model.Defaults;
using Vireo.Model.Network;

namespace Vireo.Model.Tests;

/// <summary>Network XML: parse + test-driver defaults + format must equal libvirt's net-define + net-dumpxml.</summary>
public class NetworkGoldenTests
{
    public static TheoryData<string> Cases => GoldenFiles.Cases("network-");

    [Theory]
    [MemberData(nameof(Cases))]
    public void DefineThenDumpxmlMatchesLibvirt(string name)
    {
        var input = GoldenFiles.Input(name);
        var expected = GoldenFiles.Expected(name, () => $"net-define {name}.in.xml; net-dumpxml {GoldenFiles.NameOf(input)}");
        var net = NetworkDefinition.Parse(input);
        NetworkDefaults.ApplyForTestDriver(net);
        XmlAssert.Equal(GoldenFiles.MaskGenerated(expected, input), GoldenFiles.MaskGenerated(net.ToXml(), input));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void FormattedOutputRoundTripsLosslessly(string name)
    {
        var golden = File.ReadAllText(GoldenFiles.OutputPath(name));
        XmlAssert.Equal(golden, NetworkDefinition.Parse(golden).ToXml());
    }
}
