using Vireo.Drivers.Domains;
using Vireo.Drivers.Qemu.Tests.Support;
using Vireo.Protocol.Errors;

namespace Vireo.Drivers.Qemu.Tests.Domains;

/// <summary>
/// The test guest on the q35 machine (one TCG boot): it comes up, sees its virtio disk behind a pcie-root-port, a
/// virtio disk hotplugged live lands on the spare root port and shows up in the guest, and a second one (no free
/// port left on a running domain) is refused without changing the live XML.
/// </summary>
[Trait("Category", "Integration")]
[Collection(QemuCollection.Name)]
public class QemuQ35Tests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    [QemuFact]
    public async Task GuestBootsOnQ35AndGetsADiskOnTheSpareRootPort()
    {
        await using var root = new DriverRoot();
        var drv = root.Open().Domains;
        var serial = root.SerialLog("q35");
        var xml = root.GuestXml("q35").Replace("machine='pc'", "machine='q35'", StringComparison.Ordinal);
        var dom = await drv.DefineXmlAsync(xml, 0);
        var defined = await drv.GetXmlDescAsync(dom, DomainFlags.XmlInactive);
        Assert.Contains("machine='pc-q35-", defined);
        Assert.Contains("model='pcie-root-port'", defined);
        dom = await drv.CreateAsync(dom, 0);
        try
        {
            await TestGuest.WaitForAsync(serial, TestGuest.Ready, Deadline);
            await TestGuest.WaitForAsync(serial, "VIREO-DISK vda 2048 sectors", Deadline);
            var live = await drv.GetXmlDescAsync(dom, 0);
            int ports = CountPorts(live);

            var extra = Path.Combine(root.Root, "q35-extra.img");
            File.WriteAllBytes(extra, new byte[4 * 1024 * 1024]);
            int from = TestGuest.ReadShared(serial).Length;
            await drv.AttachDeviceFlagsAsync(dom, Disk(extra, "vdb"), DomainFlags.AffectLive);
            await TestGuest.WaitForAsync(serial, "VIREO-DISK vdb 8192 sectors", Deadline, from);
            live = await drv.GetXmlDescAsync(dom, 0);
            var vdb = live[live.IndexOf("<target dev='vdb'", StringComparison.Ordinal)..];
            vdb = vdb[..vdb.IndexOf("</disk>", StringComparison.Ordinal)];
            Assert.Contains($"bus='0x{ports:x2}' slot='0x00'", vdb); // the last (spare) root port
            Assert.Equal(ports, CountPorts(live));

            var more = Path.Combine(root.Root, "q35-more.img");
            File.WriteAllBytes(more, new byte[1024 * 1024]);
            var full = await Assert.ThrowsAsync<LibvirtException>(() => drv.AttachDeviceFlagsAsync(dom, Disk(more, "vdc"), DomainFlags.AffectLive));
            Assert.Contains("No more available PCI slots", full.Message);
            Assert.DoesNotContain("vdc", await drv.GetXmlDescAsync(dom, 0));
        }
        finally
        {
            await drv.DestroyAsync(dom, 0);
        }
    }

    private static string Disk(string path, string target) =>
        $"<disk type='file' device='disk'><driver name='qemu' type='raw'/><source file='{path}'/><target dev='{target}' bus='virtio'/></disk>";

    private static int CountPorts(string xml) => xml.Split("model='pcie-root-port'>").Length - 1;
}
