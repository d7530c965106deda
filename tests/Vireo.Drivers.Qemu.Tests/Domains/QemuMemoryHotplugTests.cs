using Vireo.Drivers.Domains;
using Vireo.Drivers.Qemu.Tests.Support;
using Vireo.Protocol.Errors;

namespace Vireo.Drivers.Qemu.Tests.Domains;

/// <summary>
/// Memory hotplug on one test guest (one TCG boot): &lt;maxMemory slots&gt; with one NUMA cell; a 128 MiB
/// &lt;memory model='dimm'&gt; attached live appears in the guest (its MemTotal grows: the VIREO-MEM line; the kernel
/// onlines new blocks itself with memhp_default_state=online), the live XML and dominfo count it, and what does not
/// fit (a node the guest lacks, more than maxMemory) is refused with libvirt's errors and changes nothing.
/// </summary>
[Trait("Category", "Integration")]
[Collection(QemuCollection.Name)]
public class QemuMemoryHotplugTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    private static string Dimm(int mib, int node = 0) =>
        $"<memory model='dimm'><target><size unit='MiB'>{mib}</size><node>{node}</node></target></memory>";

    [QemuFact]
    public async Task DimmAttachedLiveGrowsTheGuest()
    {
        await using var root = new DriverRoot();
        var drv = root.Open().Domains;
        var serial = root.SerialLog("memhp");
        var xml = root.GuestXml("memhp")
            .Replace("<memory unit='MiB'>192</memory>", "<maxMemory slots='2' unit='MiB'>512</maxMemory><memory unit='MiB'>192</memory>", StringComparison.Ordinal)
            .Replace("<features><acpi/></features>", "<features><acpi/></features><cpu><numa><cell id='0' cpus='0' memory='192' unit='MiB'/></numa></cpu>", StringComparison.Ordinal)
            .Replace("console=ttyS0", "console=ttyS0 memhp_default_state=online", StringComparison.Ordinal);
        var dom = await drv.DefineXmlAsync(xml, 0);
        dom = await drv.CreateAsync(dom, 0);
        try
        {
            await TestGuest.WaitForAsync(serial, TestGuest.Ready, Deadline);
            await TestGuest.WaitForAsync(serial, "VIREO-MEM ", Deadline);
            var before = MemTotal(TestGuest.ReadShared(serial));
            int from = TestGuest.ReadShared(serial).Length;

            await drv.AttachDeviceFlagsAsync(dom, Dimm(128), DomainFlags.AffectLive);
            var live = await drv.GetXmlDescAsync(dom, 0);
            Assert.Contains("<memory unit='KiB'>327680</memory>", live);
            Assert.Contains("<alias name='dimm0'/>", live);
            Assert.Contains("<address type='dimm' slot='0' base='0x", live);
            Assert.Contains("<size unit='KiB'>131072</size>", live);
            Assert.Equal(327680UL, (await drv.GetInfoAsync(dom)).MaxMemKiB);
            Assert.DoesNotContain("model='dimm'", await drv.GetXmlDescAsync(dom, DomainFlags.XmlInactive));

            // the guest sees 128 MiB more (MemTotal in kB)
            var poll = new PollDeadline(Deadline);
            while (MemTotal(TestGuest.ReadShared(serial)[from..]) < before + 120 * 1024)
            {
                Assert.False(poll.Expired, "the guest never reported the added memory:\n" + TestGuest.Tail(TestGuest.ReadShared(serial)));
                await PollDeadline.NextPollAsync(); // poll until the deadline
            }

            var node = await Assert.ThrowsAsync<LibvirtException>(() => drv.AttachDeviceFlagsAsync(dom, Dimm(128, node: 1), DomainFlags.AffectLive));
            Assert.Contains("guest has only '1' NUMA nodes", node.Message);
            var big = await Assert.ThrowsAsync<LibvirtException>(() => drv.AttachDeviceFlagsAsync(dom, Dimm(256), DomainFlags.AffectLive));
            Assert.Contains("would exceed domain's maxMemory config size '524288'", big.Message);
            Assert.Contains("<memory unit='KiB'>327680</memory>", await drv.GetXmlDescAsync(dom, 0));

            // --config: the next boot gets the DIMM, counted in <memory>
            await drv.AttachDeviceFlagsAsync(dom, Dimm(128), DomainFlags.AffectConfig);
            var config = await drv.GetXmlDescAsync(dom, DomainFlags.XmlInactive);
            Assert.Contains("model='dimm'", config);
            Assert.Contains("<memory unit='KiB'>327680</memory>", config);
        }
        finally
        {
            await drv.DestroyAsync(dom, 0);
        }
    }

    private static long MemTotal(string log)
    {
        long last = 0;
        foreach (var line in log.Split('\n'))
            if (line.StartsWith("VIREO-MEM ", StringComparison.Ordinal) && long.TryParse(line["VIREO-MEM ".Length..].Trim(), out var kb))
                last = kb;
        return last;
    }
}
