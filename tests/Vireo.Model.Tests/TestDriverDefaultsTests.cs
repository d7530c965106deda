using Vireo.Model.Defaults;
using Vireo.Model.Domain;

namespace Vireo.Model.Tests;

/// <summary>The objects and capabilities of test:///default must format exactly as libvirt's test driver prints them.</summary>
public class TestDriverDefaultsTests
{
    [Fact]
    public void DomainTestRunningMatchesDumpxml()
    {
        var expected = GoldenFiles.Expected("testdriver-domain-test-running", () => "dumpxml test");
        var def = TestDriverDefaults.Domain();
        def.Id = TestDriverDefaults.TestDomainId;
        XmlAssert.Equal(expected, def.ToXml());
    }

    [Fact]
    public void DomainTestInactiveMatchesDumpxml()
    {
        var expected = GoldenFiles.Expected("testdriver-domain-test-inactive", () => "dumpxml --inactive test");
        var def = TestDriverDefaults.Domain();
        def.Id = TestDriverDefaults.TestDomainId;
        XmlAssert.Equal(expected, def.ToXml(DomainXmlFormatFlags.Inactive));
        DomainDefaults.ApplyForTestDriver(def);
        XmlAssert.Equal(expected, def.ToXml(DomainXmlFormatFlags.Inactive));
    }

    [Fact]
    public void NetworkDefaultMatchesNetDumpxml() =>
        XmlAssert.Equal(GoldenFiles.Expected("testdriver-network-default", () => "net-dumpxml default"), TestDriverDefaults.Network().ToXml());

    [Fact]
    public void PoolDefaultMatchesPoolDumpxml() =>
        XmlAssert.Equal(GoldenFiles.Expected("testdriver-pool-default-pool", () => "pool-dumpxml default-pool"), TestDriverDefaults.Pool().ToXml());

    // virsh prints the capabilities document followed by one more newline ("%s\n"); libvirt's text itself ends after </capabilities>.
    [Fact]
    public void CapabilitiesMatchVirshCapabilities() =>
        XmlAssert.Equal(GoldenFiles.Expected("testdriver-capabilities", () => "capabilities"), TestDriverDefaults.Capabilities().ToXml() + "\n");

    [Fact]
    public void EmbeddedInterfaceIsTheTestDriversEth1() =>
        XmlAssert.Equal(GoldenFiles.Expected("testdriver-interface-eth1", () => "iface-dumpxml eth1"), TestDriverDefaults.InterfaceEth1Xml);
}
