using Vireo.Drivers.Qemu.Domains;
using Vireo.Drivers.Qemu.Tests.CommandLine;
using Vireo.Model.Domain;
using Vireo.Protocol.Errors;

namespace Vireo.Drivers.Qemu.Tests.Domains;

public class QemuDomainXmlTests
{
    private const string Minimal = """
        <domain type='qemu'>
          <name>d</name>
          <memory unit='MiB'>64</memory>
          <os><type machine='pc'>hvm</type></os>
          <devices><graphics type='vnc'/></devices>
        </domain>
        """;

    [Fact]
    public void DefineAddsWhatLibvirtsQemuDriverAdds()
    {
        var def = QemuDomainXml.Parse(Minimal, GoldenArgvTests.Defaults);
        var xml = def.ToXml(DomainXmlFormatFlags.Inactive);
        Assert.Contains("<type arch='x86_64' machine='pc-i440fx-7.2'>hvm</type>", xml);
        Assert.Contains("<emulator>/usr/bin/qemu-system-x86_64</emulator>", xml);
        Assert.Contains("<controller type='usb' index='0' model='piix3-uhci'>", xml);
        Assert.Contains("<address type='pci' domain='0x0000' bus='0x00' slot='0x01' function='0x2'/>", xml);
        Assert.Contains("<controller type='pci' index='0' model='pci-root'/>", xml);
        Assert.Contains("<input type='mouse' bus='ps2'/>", xml);
        Assert.Contains("<video>", xml);
        Assert.Contains("slot='0x02'", xml);
        Assert.Contains("<memballoon model='virtio'>", xml);
        Assert.Contains("slot='0x03'", xml);
    }

    [Fact]
    public void DefineIsIdempotentOnItsOwnOutput()
    {
        var once = QemuDomainXml.Parse(Minimal, GoldenArgvTests.Defaults).ToXml(DomainXmlFormatFlags.Inactive);
        var twice = QemuDomainXml.Parse(once, GoldenArgvTests.Defaults).ToXml(DomainXmlFormatFlags.Inactive);
        Assert.Equal(once, twice);
    }

    [Fact]
    public void XenGuestsAreRefusedWithLibvirtsMessage()
    {
        var e = Assert.Throws<LibvirtException>(() => QemuDomainXml.Parse(Minimal.Replace("type='qemu'", "type='xen'"), GoldenArgvTests.Defaults));
        Assert.Equal(ErrorCode.ConfigUnsupported, e.Code);
        Assert.Equal("unsupported configuration: Emulator '/usr/bin/qemu-system-x86_64' does not support virt type 'xen'", e.Message);
    }

    [Fact]
    public void MalformedXmlIsAnXmlError()
    {
        var e = Assert.Throws<LibvirtException>(() => QemuDomainXml.Parse("<domain type='qemu'><name>x</name>", GoldenArgvTests.Defaults));
        Assert.Equal(ErrorCode.XmlDetail, e.Code);
    }
}
