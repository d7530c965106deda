using Vireo.Drivers.Qemu.CommandLine;
using Vireo.Drivers.Qemu.Domains;
using Vireo.Model.Domain;
using Vireo.Model.Domain.Devices;
using Vireo.Protocol.Errors;

namespace Vireo.Drivers.Qemu.Tests.CommandLine;

/// <summary>The q35 topology as libvirt 9.0 writes it into the defined XML, and what a running domain may still get.</summary>
public class PcieTopologyTests
{
    private static DomainDefinition Define(string name) =>
        QemuDomainXml.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "CommandLine", "Golden", name + ".xml")), GoldenArgvTests.Defaults);

    [Fact]
    public void DefinedXmlCarriesTheControllersLibvirtAdds()
    {
        var def = Define("q35-virtio-sata");
        var xml = def.ToXml(DomainXmlFormatFlags.Inactive);
        Assert.Contains("machine='pc-q35-7.2'", xml);
        Assert.Contains("<controller type='usb' index='0' model='qemu-xhci'>", xml);
        Assert.Contains("<controller type='pci' index='0' model='pcie-root'/>", xml);
        Assert.Contains("<controller type='sata' index='0'>\n      <address type='pci' domain='0x0000' bus='0x00' slot='0x1f' function='0x2'/>", xml);
        // NIC, USB, vda and the balloon take ports 1-4; port 5 is the spare for hotplug; the video sits at 00:01.0
        Assert.Contains("""
                <controller type='pci' index='1' model='pcie-root-port'>
                  <model name='pcie-root-port'/>
                  <target chassis='1' port='0x10'/>
                  <address type='pci' domain='0x0000' bus='0x00' slot='0x02' function='0x0' multifunction='on'/>
                </controller>
            """.Replace("\r", ""), xml);
        Assert.Contains("<target chassis='5' port='0x14'/>", xml);
        Assert.DoesNotContain("index='6'", xml);
        var vda = def.Devices.Disks.Single(d => d.TargetDev == "vda");
        Assert.Equal(3u, vda.Address!.Get("bus"));
        Assert.Equal(1u, def.Devices.Videos.Single().Address!.Get("slot"));
    }

    [Fact]
    public void RunningDomainUsesTheSparePortThenRefuses()
    {
        var live = Define("q35-virtio-sata");
        live.Id = 7;
        var ports = live.Devices.Controllers.Count(PcieTopology.IsRootPort);
        live.Devices.Add(new DiskDevice { Type = "file", Device = "disk", SourceFile = "/tmp/b.img", TargetDev = "vdb", TargetBus = "virtio" });
        PciSlots.Assign(live);
        Assert.Equal(5u, live.Devices.Disks.Single(d => d.TargetDev == "vdb").Address!.Get("bus"));
        live.Devices.Add(new DiskDevice { Type = "file", Device = "disk", SourceFile = "/tmp/c.img", TargetDev = "vdc", TargetBus = "virtio" });
        var e = Assert.Throws<LibvirtException>(() => PciSlots.Assign(live));
        Assert.Contains("No more available PCI slots", e.Message);
        Assert.Equal(ports, live.Devices.Controllers.Count(PcieTopology.IsRootPort));
    }

    [Fact]
    public void ShutOffDomainGetsANewPortForACapturedDevice()
    {
        var config = Define("q35-virtio-sata");
        config.Devices.Add(new DiskDevice { Type = "file", Device = "disk", SourceFile = "/tmp/b.img", TargetDev = "vdb", TargetBus = "virtio" });
        config.Devices.Add(new DiskDevice { Type = "file", Device = "disk", SourceFile = "/tmp/c.img", TargetDev = "vdc", TargetBus = "virtio" });
        PciSlots.Assign(config);
        Assert.Equal(6, config.Devices.Controllers.Count(PcieTopology.IsRootPort));
        Assert.Equal(6u, config.Devices.Disks.Single(d => d.TargetDev == "vdc").Address!.Get("bus"));
    }

    [Fact]
    public void BareRootPortsAsVirtInstallWritesThemAreCompleted()
    {
        var def = QemuDomainXml.Parse("""
            <domain type='qemu'><name>vi</name><memory unit='MiB'>64</memory>
              <os><type arch='x86_64' machine='q35'>hvm</type></os>
              <devices>
                <controller type='pci' model='pcie-root-port'/>
                <controller type='pci' model='pcie-root-port'/>
                <disk type='file' device='disk'><source file='/tmp/a.img'/><target dev='vda' bus='virtio'/></disk>
              </devices>
            </domain>
            """, GoldenArgvTests.Defaults);
        var ports = def.Devices.Controllers.Where(PcieTopology.IsRootPort).ToList();
        Assert.True(ports.Count >= 2);
        Assert.Equal(ports.Count, ports.Select(p => p.Index).Distinct().Count());
        Assert.All(ports, p => Assert.NotNull(p.Address));
        Assert.All(ports, p => Assert.Contains(p.ExtraElements, e => e.Name.LocalName == "target"));
        var args = GoldenArgvTests.Render(def.ToXml(DomainXmlFormatFlags.Inactive));
        Assert.Contains("-device pcie-root-port,port=0x", args);
    }
}
