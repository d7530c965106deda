using Vireo.Drivers.Domains;
using Vireo.Drivers.Events;
using Vireo.Protocol.Errors;

namespace Vireo.Drivers.Test.Tests;

/// <summary>Hotplug (a Vireo addition: libvirt's test driver has none), with the QEMU driver's rules.</summary>
public class DomainDeviceTests
{
    private const string Disk = "<disk type='file' device='disk'><source file='/guest/extra.img'/><target dev='vdc' bus='virtio'/></disk>";
    private const string Nic = "<interface type='network'><mac address='52:54:00:00:00:42'/><source network='default'/></interface>";

    [Fact]
    public async Task Attach_live_adds_to_the_running_domain_only_with_an_event()
    {
        var c = TestKit.Default();
        var test = await TestKit.Test(c);
        using var log = new EventLog(c);
        await c.Domains.AttachDeviceFlagsAsync(test, Disk, 0);
        Assert.Contains("<target dev='vdc' bus='virtio'/>", await c.Domains.GetXmlDescAsync(test, 0));
        Assert.DoesNotContain("vdc", await c.Domains.GetXmlDescAsync(test, DomainFlags.XmlInactive));
        var added = Assert.IsType<DomainDeviceAddedEvent>(Assert.Single(log.Take()));
        Assert.Equal(("test", "vdc"), (added.Domain.Name, added.DevAlias));
        await c.Domains.GetBlockStatsAsync(test, "vdc");
    }

    [Fact]
    public async Task Attach_live_and_config_then_detach_config_only()
    {
        var c = TestKit.Default();
        var test = await TestKit.Test(c);
        const uint both = DomainFlags.AffectLive | DomainFlags.AffectConfig;
        await c.Domains.AttachDeviceFlagsAsync(test, Nic, both);
        var live = await c.Domains.GetXmlDescAsync(test, 0);
        Assert.Contains("<mac address='52:54:00:00:00:42'/>", live);
        Assert.Contains("<target dev='testnet1'/>", live);
        Assert.Contains("52:54:00:00:00:42", await c.Domains.GetXmlDescAsync(test, DomainFlags.XmlInactive));
        using var log = new EventLog(c);
        await c.Domains.DetachDeviceFlagsAsync(test, Nic, DomainFlags.AffectConfig);
        Assert.Empty(log.All);
        Assert.DoesNotContain("52:54:00:00:00:42", await c.Domains.GetXmlDescAsync(test, DomainFlags.XmlInactive));
        Assert.Contains("52:54:00:00:00:42", await c.Domains.GetXmlDescAsync(test, 0));
        await c.Domains.DetachDeviceFlagsAsync(test, Nic, 0);
        var removed = Assert.IsType<DomainDeviceRemovedEvent>(Assert.Single(log.All));
        Assert.Equal("testnet1", removed.DevAlias);
        Assert.Equal(TestKit.Golden("default-domain.xml"), await c.Domains.GetXmlDescAsync(test, 0));
    }

    [Fact]
    public async Task Attach_to_a_shut_off_domain_changes_its_config()
    {
        var c = TestKit.Default();
        var dom = await c.Domains.DefineXmlAsync(TestKit.NewDomainXml, 0);
        await c.Domains.AttachDeviceFlagsAsync(dom, Disk, 0);
        Assert.Contains("vdc", await c.Domains.GetXmlDescAsync(dom, 0));
        await TestKit.Fails(() => c.Domains.AttachDeviceFlagsAsync(dom, Disk, DomainFlags.AffectLive), ErrorCode.OperationInvalid, ErrorDomain.Domain,
            "Requested operation is not valid: domain is not running");
    }

    [Fact]
    public async Task Attach_and_detach_errors()
    {
        var c = TestKit.Default();
        var test = await TestKit.Test(c);
        const string vda = "<disk type='file'><source file='/x'/><target dev='vda'/></disk>";
        await TestKit.Fails(() => c.Domains.AttachDeviceFlagsAsync(test, vda, 0), ErrorCode.OperationFailed, ErrorDomain.Domain,
            "operation failed: target vda already exists");
        await TestKit.Fails(() => c.Domains.AttachDeviceFlagsAsync(test, vda, DomainFlags.AffectConfig), ErrorCode.OperationInvalid, ErrorDomain.Domain,
            "Requested operation is not valid: target vda already exists");
        await TestKit.Fails(() => c.Domains.DetachDeviceFlagsAsync(test, Disk, 0), ErrorCode.DeviceMissing, ErrorDomain.Domain,
            "device not found: disk vdc not found");
        await TestKit.Fails(() => c.Domains.DetachDeviceFlagsAsync(test, Disk, DomainFlags.AffectConfig), ErrorCode.DeviceMissing, ErrorDomain.Domain,
            "device not found: no target device vdc");
        await TestKit.Fails(() => c.Domains.DetachDeviceFlagsAsync(test, Nic, 0), ErrorCode.DeviceMissing, ErrorDomain.Domain,
            "device not found: no device matching MAC address 52:54:00:00:00:42 found");
        await TestKit.Fails(() => c.Domains.AttachDeviceFlagsAsync(test, "<bogus/>", 0), ErrorCode.ConfigUnsupported, ErrorDomain.Domain,
            "unsupported configuration: unknown element <bogus> in <devices>");
        await TestKit.Fails(() => c.Domains.AttachDeviceFlagsAsync(test, Disk, 4), ErrorCode.InvalidArg, ErrorDomain.Test,
            "unsupported flags (0x4) in function testDomainAttachDeviceFlags");
    }

    [Fact]
    public async Task A_refused_attach_changes_neither_definition()
    {
        var c = TestKit.Default();
        var test = await TestKit.Test(c);
        await c.Domains.AttachDeviceFlagsAsync(test, Disk, DomainFlags.AffectConfig);
        await Assert.ThrowsAsync<Protocol.Errors.LibvirtException>(() =>
            c.Domains.AttachDeviceFlagsAsync(test, Disk, DomainFlags.AffectLive | DomainFlags.AffectConfig));
        Assert.DoesNotContain("vdc", await c.Domains.GetXmlDescAsync(test, 0));
    }

    [Fact]
    public async Task Virsh_style_attach_detach_sequence_restores_the_config()
    {
        var c = TestKit.Default();
        var test = await TestKit.Test(c);
        const uint config = DomainFlags.AffectConfig;
        const string iface = "<interface type='network'><mac address='52:54:00:11:22:44'/><source network='default'/></interface>";
        // What virsh attach-disk / attach-interface send.
        const string vdb = "<disk type='file'><source file='/guest/x.img'/><target dev='vdb'/></disk>";
        const string mac33 = "<interface type='network'><source network='default'/><mac address='52:54:00:11:22:33'/></interface>";
        await c.Domains.AttachDeviceFlagsAsync(test, Disk, config);
        await c.Domains.AttachDeviceFlagsAsync(test, vdb, config);
        await c.Domains.AttachDeviceFlagsAsync(test, mac33, config);
        await c.Domains.AttachDeviceFlagsAsync(test, iface, config);
        var xml = await c.Domains.GetXmlDescAsync(test, DomainFlags.XmlInactive);
        Assert.Equal(["vda", "vdb", "vdc"], System.Text.RegularExpressions.Regex.Matches(xml, "<target dev='(vd.)'").Select(m => m.Groups[1].Value));
        Assert.Contains("<target dev='testnet2'/>", xml);
        await c.Domains.DetachDeviceFlagsAsync(test, Disk, config);
        await c.Domains.DetachDeviceFlagsAsync(test, vdb, config);
        await c.Domains.DetachDeviceFlagsAsync(test, mac33, config);
        await c.Domains.DetachDeviceFlagsAsync(test, iface, config);
        Assert.Equal(TestKit.Golden("default-domain-inactive.xml"), await c.Domains.GetXmlDescAsync(test, DomainFlags.XmlInactive));

        // detach-interface sends the interface element copied from the live XML, address included.
        var live = System.Xml.Linq.XElement.Parse(await c.Domains.GetXmlDescAsync(test, 0));
        await c.Domains.DetachDeviceFlagsAsync(test, live.Element("devices")!.Element("interface")!.ToString(), 0);
        Assert.Empty(await c.Domains.GetInterfaceAddressesAsync(test, 0, 0));
    }
}
