using Vireo.Model.Defaults;
using Vireo.Model.Domain;

namespace Vireo.Model.Tests;

/// <summary>Domain XML: parse + test-driver defaults + format must equal what libvirt's test driver prints after define.</summary>
public class DomainGoldenTests
{
    public static TheoryData<string> Cases => GoldenFiles.Cases("domain-");

    [Theory]
    [MemberData(nameof(Cases))]
    public void DefineThenDumpxmlMatchesLibvirt(string name)
    {
        var input = GoldenFiles.Input(name);
        var domName = GoldenFiles.NameOf(input);
        bool secure = name.Contains("-secure", StringComparison.Ordinal);
        bool running = name.Contains("-running", StringComparison.Ordinal);
        var expected = GoldenFiles.Expected(name, () =>
            $"define {name}.in.xml; " + (running ? $"start {domName}; " : "") + $"dumpxml {(secure ? "--security-info " : "")}{domName}");

        var def = DomainDefinition.Parse(input);
        DomainDefaults.ApplyForTestDriver(def);
        if (running)
            def.Id = 2; // test:///default's own domain "test" runs as id 1
        var flags = secure ? DomainXmlFormatFlags.Secure : DomainXmlFormatFlags.None;
        var actual = def.ToXml(flags);
        XmlAssert.Equal(GoldenFiles.MaskGenerated(expected, input), GoldenFiles.MaskGenerated(actual, input));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void FormattedOutputRoundTripsLosslessly(string name)
    {
        var golden = File.ReadAllText(GoldenFiles.OutputPath(name));
        var flags = name.Contains("-secure", StringComparison.Ordinal) ? DomainXmlFormatFlags.Secure : DomainXmlFormatFlags.None;
        var once = DomainDefinition.Parse(golden).ToXml(flags);
        XmlAssert.Equal(golden, once);
        XmlAssert.Equal(once, DomainDefinition.Parse(once).ToXml(flags));
    }
}
