using Vireo.Drivers.Domains;
using Vireo.Drivers.Qemu.Tests.Support;
using Vireo.Protocol.Errors;

namespace Vireo.Drivers.Qemu.Tests.Domains;

/// <summary>
/// The disk-image test guest (FAT + syslinux, no kernel on the command line) boots through the BIOS from a virtio
/// disk and from an IDE disk with &lt;boot dev='hd'/&gt;; a guest without an agent channel refuses shutdown --mode agent.
/// </summary>
[Trait("Category", "Integration")]
[Collection(QemuCollection.Name)]
public class QemuDiskBootTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    [QemuTheory]
    [InlineData("vda", "virtio")]
    [InlineData("hda", "ide")]
    public async Task BootsFromTheDiskImage(string target, string bus)
    {
        await using var root = new DriverRoot();
        var drv = root.Open().Domains;
        var disk = Path.Combine(root.Root, "boot.img");
        File.Copy(TestGuest.DiskImage, disk);
        var serial = root.SerialLog("db");
        var dom = await drv.DefineXmlAsync($"""
            <domain type='qemu'>
              <name>db</name>
              <memory unit='MiB'>192</memory>
              <vcpu>1</vcpu>
              <os><type arch='x86_64' machine='pc'>hvm</type><boot dev='hd'/></os>
              <features><acpi/></features>
              <devices>
                <disk type='file' device='disk'>
                  <driver name='qemu' type='raw'/>
                  <source file='{disk}'/>
                  <target dev='{target}' bus='{bus}'/>
                </disk>
                <serial type='file'><source path='{serial}'/></serial>
              </devices>
            </domain>
            """, 0);
        dom = await drv.CreateAsync(dom, 0);
        await TestGuest.WaitForAsync(serial, TestGuest.Ready, Deadline);
        // The guest sees its boot disk on the bus we chose (sda through libata for IDE).
        Assert.Contains(bus == "virtio" ? "VIREO-DISK vda" : "VIREO-DISK sda", TestGuest.ReadShared(serial));

        var noAgent = await Assert.ThrowsAsync<LibvirtException>(() => drv.ShutdownAsync(dom, 2));
        Assert.Equal("argument unsupported: QEMU guest agent is not configured", noAgent.Message);
        await drv.DestroyAsync(dom, 0);
    }
}
