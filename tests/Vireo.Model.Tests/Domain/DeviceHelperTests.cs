using Vireo.Model.Defaults;
using Vireo.Model.Domain;
using Vireo.Model.Domain.Devices;
using Vireo.Model.Identity;

namespace Vireo.Model.Tests.Domain;

/// <summary>What the daemon needs for attach-device/detach-device: parse one device, add, find, remove.</summary>
public class DeviceHelperTests
{
    // The guide's example (section 18.1), attached to a running guest as hdc.
    private const string SatelliteIso = """
        <disk type="file" device="disk">
        	<driver name="file"/>
        	<source file="/var/lib/libvirt/images/rhn-satellite-5.0.1-11-redhat-linux-as-i386-4-embedded-oracle.iso"/>
        	<target dev="hdc"/>
        	<readonly/>
        </disk>
        """;

    [Fact]
    public void ParsesTheGuidesDiskFragment()
    {
        var disk = Assert.IsType<DiskDevice>(DomainDevice.Parse(SatelliteIso));
        Assert.Equal("file", disk.DriverName);
        Assert.Equal("hdc", disk.TargetDev);
        Assert.True(disk.ReadOnly);
        Assert.Equal("""
            <disk type='file' device='disk'>
              <driver name='file'/>
              <source file='/var/lib/libvirt/images/rhn-satellite-5.0.1-11-redhat-linux-as-i386-4-embedded-oracle.iso'/>
              <target dev='hdc'/>
              <readonly/>
            </disk>

            """.Replace("\r", ""), disk.ToXml());
    }

    [Fact]
    public void AttachedDiskGetsBusAddressAndController()
    {
        var def = TestDriverDefaults.Domain();
        var disk = (DiskDevice)DomainDevice.Parse(SatelliteIso);
        DomainDefaults.ApplyToNewDevice(def, disk);
        def.Devices.Add(disk);
        Assert.Equal("ide", disk.TargetBus);
        Assert.Equal("drive", disk.Address!.Type);
        Assert.Equal(1u, disk.Address.Get("bus"));
        Assert.Contains(def.Devices.Controllers, c => c.Type == "ide" && c.Index == 0);
        Assert.Same(disk, def.Devices.FindDisk("hdc"));
        Assert.Same(disk, def.Devices.FindDisk("/var/lib/libvirt/images/rhn-satellite-5.0.1-11-redhat-linux-as-i386-4-embedded-oracle.iso"));
        Assert.Equal(["vda", "hdc"], def.Devices.Disks.Select(d => d.TargetDev));
    }

    [Fact]
    public void DetachFindsTheDiskByTargetAndRemovesIt()
    {
        var def = TestDriverDefaults.Domain();
        var wanted = DomainDevice.Parse("<disk type='file' device='disk'><source file='/other'/><target dev='vda'/></disk>");
        var found = def.Devices.FindMatch(wanted);
        Assert.Same(def.Devices.Disks[0], found);
        Assert.True(def.Devices.Remove(found!));
        Assert.Empty(def.Devices.Disks);
        Assert.Null(def.Devices.FindDisk("vda"));
    }

    [Fact]
    public void InterfacesAreFoundByMac()
    {
        var def = TestDriverDefaults.Domain();
        var nic = def.Devices.FindInterface(MacAddress.Parse("AA:BB:CC:DD:EE:FF"));
        Assert.NotNull(nic);
        Assert.Equal("default", nic.SourceNetwork);
        var wanted = DomainDevice.Parse("<interface type='network'><mac address='aa:bb:cc:dd:ee:ff'/><source network='default'/></interface>");
        Assert.Same(nic, def.Devices.FindMatch(wanted));
        Assert.Null(def.Devices.FindMatch(DomainDevice.Parse("<interface type='network'><mac address='52:54:00:00:00:01'/><source network='default'/></interface>")));
    }

    [Fact]
    public void AttachedInterfaceGetsMacAndNextFreeTestnetName()
    {
        var def = TestDriverDefaults.Domain();
        var nic = (InterfaceDevice)DomainDevice.Parse("<interface type='bridge'><source bridge='br0'/><target dev='vnet3'/></interface>");
        DomainDefaults.ApplyToNewDevice(def, nic);
        def.Devices.Add(nic);
        Assert.NotNull(nic.Mac);
        Assert.StartsWith("52:54:00:", nic.Mac.ToString(), StringComparison.Ordinal);
        Assert.Equal("testnet1", nic.TargetDev);
        Assert.Same(nic, def.Devices.FindInterface(nic.Mac.Value));
    }

    [Fact]
    public void UntypedDevicesAreKeptVerbatimAndMatchedByContent()
    {
        var def = TestDriverDefaults.Domain();
        var rng = DomainDevice.Parse("<rng model='virtio'><backend model='random'>/dev/urandom</backend></rng>");
        Assert.IsType<OtherDevice>(rng);
        def.Devices.Add(rng);
        Assert.Contains("<rng model='virtio'>\n      <backend model='random'>/dev/urandom</backend>\n    </rng>", def.ToXml(), StringComparison.Ordinal);
        var again = DomainDevice.Parse("<rng model='virtio'>\n  <backend model='random'>/dev/urandom</backend>\n</rng>");
        Assert.Same(rng, def.Devices.FindMatch(again));
        Assert.True(def.Devices.Remove(rng));
        Assert.DoesNotContain("<rng", def.ToXml(), StringComparison.Ordinal);
    }

    [Fact]
    public void EveryDeviceKindParsesToItsType()
    {
        Assert.IsType<ControllerDevice>(DomainDevice.Parse("<controller type='usb' index='0'/>"));
        Assert.IsType<InputDevice>(DomainDevice.Parse("<input type='tablet' bus='usb'/>"));
        Assert.IsType<GraphicsDevice>(DomainDevice.Parse("<graphics type='vnc'/>"));
        Assert.IsType<VideoDevice>(DomainDevice.Parse("<video><model type='vga'/></video>"));
        Assert.IsType<MemballoonDevice>(DomainDevice.Parse("<memballoon model='virtio'/>"));
        var serial = Assert.IsType<CharDevice>(DomainDevice.Parse("<serial type='pty'/>"));
        Assert.Equal("serial", serial.Kind);
        var channel = Assert.IsType<CharDevice>(DomainDevice.Parse("<channel type='unix'><target type='virtio' name='org.qemu.guest_agent.0'/></channel>"));
        Assert.Equal("org.qemu.guest_agent.0", channel.TargetName);
    }

    [Fact]
    public void VncPasswordOnlyWithSecureFlag()
    {
        var g = DomainDevice.Parse("<graphics type='vnc' port='5900' passwd='secret'/>");
        Assert.DoesNotContain("passwd", g.ToXml(), StringComparison.Ordinal);
        Assert.Contains("passwd='secret'", g.ToXml(DomainXmlFormatFlags.Secure), StringComparison.Ordinal);
    }

    [Fact]
    public void InactiveXmlHasNoIdAndAutoportHidesThePort()
    {
        var def = DomainDefinition.Parse("<domain type='test'><name>a</name><memory>1024</memory><os><type>hvm</type></os><devices><graphics type='vnc' autoport='yes'/></devices></domain>");
        DomainDefaults.ApplyForTestDriver(def);
        def.Id = 5;
        ((GraphicsDevice)def.Devices.Graphics[0]).Port = 5901;
        Assert.Contains("<domain type='test' id='5'>", def.ToXml(), StringComparison.Ordinal);
        Assert.Contains("port='5901' autoport='yes'", def.ToXml(), StringComparison.Ordinal);
        var inactive = def.ToXml(DomainXmlFormatFlags.Inactive);
        Assert.Contains("<domain type='test'>", inactive, StringComparison.Ordinal);
        Assert.Contains("port='-1' autoport='yes'", inactive, StringComparison.Ordinal);
    }

    [Fact]
    public void CloneIsDeepAndKeepsTheId()
    {
        var def = TestDriverDefaults.Domain();
        def.Id = 1;
        var copy = def.Clone();
        Assert.Equal(def.ToXml(DomainXmlFormatFlags.Secure), copy.ToXml(DomainXmlFormatFlags.Secure));
        copy.Devices.Disks.Clear();
        Assert.Single(def.Devices.Disks);
    }
}
