using System.Globalization;
using Vireo.Drivers.Domains;
using Vireo.Drivers.Qemu.Tests.Support;
using Vireo.Protocol.Errors;

namespace Vireo.Drivers.Qemu.Tests.Domains;

/// <summary>
/// Hotplug, vCPUs, balloon and the guest agent on one running test guest (one TCG boot for the whole class): each
/// change is checked where it matters, in the guest's own report on the serial console (VIREO-DISK, VIREO-CPUS,
/// VIREO-MEM lines) and in /proc for pinning.
/// </summary>
[Trait("Category", "Integration")]
[Collection(QemuCollection.Name)]
public class QemuHotplugTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private static string Xml(DriverRoot root, string name) => root.GuestXml(name)
        .Replace("<vcpu>1</vcpu>", "<vcpu current='1'>2</vcpu>", StringComparison.Ordinal)
        .Replace("<serial type='file'>", """
            <disk type='file' device='cdrom'>
              <driver name='qemu' type='raw'/>
              <target dev='hdc' bus='ide'/>
            </disk>
            <channel type='unix'>
              <target type='virtio' name='org.qemu.guest_agent.0'/>
            </channel>
            <serial type='file'>
            """, StringComparison.Ordinal);

    private static string DiskXml(string path, string target, string bus = "virtio") =>
        $"<disk type='file' device='disk'><driver name='qemu' type='raw'/><source file='{path}'/><target dev='{target}' bus='{bus}'/></disk>";

    [QemuFact]
    public async Task DisksVcpusMemoryAndAgentShutdownOnOneGuest()
    {
        await using var root = new DriverRoot();
        var drv = root.Open().Domains;
        var serial = root.SerialLog("hp");
        var dom = await drv.DefineXmlAsync(Xml(root, "hp"), 0);
        dom = await drv.CreateAsync(dom, 0);
        await TestGuest.WaitForAsync(serial, TestGuest.Ready, Deadline);
        await TestGuest.WaitForAsync(serial, "VIREO-CPUS 1", Deadline);
        var live = await drv.GetXmlDescAsync(dom, 0);
        Assert.Contains("org.qemu.guest_agent.0", live);
        Assert.Contains(Path.Combine(root.Root, "run", "qemu", "hp.agent"), live);

        // A virtio disk plugged live appears in the guest; its alias and PCI address show in the live XML.
        var extra = Path.Combine(root.Root, "extra.img");
        File.WriteAllBytes(extra, new byte[8 * 1024 * 1024]);
        int from = TestGuest.ReadShared(serial).Length;
        await drv.AttachDeviceFlagsAsync(dom, DiskXml(extra, "vdb"), DomainFlags.AffectLive);
        await TestGuest.WaitForAsync(serial, "VIREO-DISK vdb 16384 sectors", Deadline, from);
        live = await drv.GetXmlDescAsync(dom, 0);
        var vdb = live[live.IndexOf("<target dev='vdb'", StringComparison.Ordinal)..];
        Assert.Contains("<alias name='virtio-disk1'/>", vdb[..vdb.IndexOf("</disk>", StringComparison.Ordinal)]);
        Assert.Contains("<address type='pci'", vdb[..vdb.IndexOf("</disk>", StringComparison.Ordinal)]);
        Assert.DoesNotContain("vdb", await drv.GetXmlDescAsync(dom, DomainFlags.XmlInactive));
        var stats = await drv.GetBlockStatsAsync(dom, "vdb");
        Assert.True(stats.RdReq > 0, "the guest read the new disk's partition table");

        // Refused attaches change nothing: a target in use, a missing file, a bus that cannot hotplug.
        var inUse = await Assert.ThrowsAsync<LibvirtException>(() => drv.AttachDeviceFlagsAsync(dom, DiskXml(extra, "vdb"), DomainFlags.AffectLive));
        Assert.Equal("operation failed: target vdb already exists", inUse.Message);
        var missing = await Assert.ThrowsAsync<LibvirtException>(() => drv.AttachDeviceFlagsAsync(dom, DiskXml("/nonexistent/x.img", "vdc"), DomainFlags.AffectLive));
        Assert.Contains("Cannot access storage file '/nonexistent/x.img'", missing.Message);
        var ide = await Assert.ThrowsAsync<LibvirtException>(() => drv.AttachDeviceFlagsAsync(dom, DiskXml(extra, "hdb", "ide"), DomainFlags.AffectLive));
        Assert.Equal(ErrorCode.ConfigUnsupported, ide.Code);
        live = await drv.GetXmlDescAsync(dom, 0);
        Assert.DoesNotContain("vdc", live);
        Assert.DoesNotContain("hdb", live);

        // Detach: the guest lets go of it (DEVICE_DELETED) and reports it gone.
        from = TestGuest.ReadShared(serial).Length;
        await drv.DetachDeviceFlagsAsync(dom, DiskXml(extra, "vdb"), DomainFlags.AffectLive);
        await TestGuest.WaitForAsync(serial, "VIREO-DISK-GONE vdb", Deadline, from);
        Assert.DoesNotContain("vdb", await drv.GetXmlDescAsync(dom, 0));
        var gone = await Assert.ThrowsAsync<LibvirtException>(() => drv.DetachDeviceFlagsAsync(dom, DiskXml(extra, "vdb"), DomainFlags.AffectLive));
        Assert.Equal(ErrorCode.DeviceMissing, gone.Code);

        // --config: only the persistent XML (and its file) changes.
        await drv.AttachDeviceFlagsAsync(dom, DiskXml(extra, "vdd"), DomainFlags.AffectConfig);
        Assert.Contains("<target dev='vdd' bus='virtio'/>", await drv.GetXmlDescAsync(dom, DomainFlags.XmlInactive));
        Assert.Contains("vdd", File.ReadAllText(Path.Combine(root.Root, "etc", "qemu", "hp.xml")));
        Assert.DoesNotContain("vdd", await drv.GetXmlDescAsync(dom, 0));
        await drv.DetachDeviceFlagsAsync(dom, DiskXml(extra, "vdd"), DomainFlags.AffectConfig);
        Assert.DoesNotContain("vdd", File.ReadAllText(Path.Combine(root.Root, "etc", "qemu", "hp.xml")));

        // change-media: insert an ISO into the empty cdrom, then eject it.
        var iso = Path.Combine(root.Root, "media.iso");
        File.WriteAllBytes(iso, new byte[2 * 1024 * 1024]);
        await drv.UpdateDeviceFlagsAsync(dom, $"<disk type='file' device='cdrom'><source file='{iso}'/><target dev='hdc' bus='ide'/></disk>", DomainFlags.AffectLive);
        Assert.Contains($"<source file='{iso}'", await drv.GetXmlDescAsync(dom, 0));
        await drv.UpdateDeviceFlagsAsync(dom, "<disk type='file' device='cdrom'><target dev='hdc' bus='ide'/></disk>", DomainFlags.AffectLive);
        Assert.DoesNotContain(iso, await drv.GetXmlDescAsync(dom, 0));

        // setvcpus 1 → 2 live: the guest brings the new CPU online; pin it to host CPU 0 and read that back from /proc.
        from = TestGuest.ReadShared(serial).Length;
        await drv.SetVcpusFlagsAsync(dom, 2, DomainFlags.AffectLive);
        await TestGuest.WaitForAsync(serial, "VIREO-CPUS 2", Deadline, from);
        Assert.Equal(2, await drv.GetVcpusFlagsAsync(dom, DomainFlags.AffectLive));
        var vcpus = await drv.GetVcpusAsync(dom);
        Assert.Equal(2, vcpus.Count);
        var map = new bool[Environment.ProcessorCount];
        map[0] = true;
        await drv.PinVcpuFlagsAsync(dom, 1, map, DomainFlags.AffectLive);
        int pid = int.Parse(File.ReadAllText(Path.Combine(root.Root, "run", "qemu", "hp.pid")).Trim(), CultureInfo.InvariantCulture);
        int tid = ThreadOfVcpu(pid, vcpus, 1);
        Assert.Equal("0", CpusAllowed(pid, tid));
        var affinity = (await drv.GetVcpusAsync(dom))[1].Affinity;
        Assert.Equal(map, affinity);
        Assert.Contains("<vcpupin vcpu='1' cpuset='0'/>", await drv.GetXmlDescAsync(dom, 0));

        // setvcpus --config changes only the next boot's count; too many is refused.
        await drv.SetVcpusFlagsAsync(dom, 2, DomainFlags.AffectConfig);
        Assert.Contains("<vcpu placement='static'>2</vcpu>", await drv.GetXmlDescAsync(dom, DomainFlags.XmlInactive));
        var tooMany = await Assert.ThrowsAsync<LibvirtException>(() => drv.SetVcpusFlagsAsync(dom, 3, DomainFlags.AffectLive));
        Assert.Equal(ErrorCode.InvalidArg, tooMany.Code);

        // Unplug the CPU again.
        from = TestGuest.ReadShared(serial).Length;
        await drv.SetVcpusFlagsAsync(dom, 1, DomainFlags.AffectLive);
        await TestGuest.WaitForAsync(serial, "VIREO-CPUS 1", Deadline, from);

        // setmem: the balloon takes memory from the guest, which sees MemTotal shrink.
        from = TestGuest.ReadShared(serial).Length;
        await drv.SetMemoryFlagsAsync(dom, 128 * 1024, DomainFlags.AffectLive);
        await TestGuest.WaitForAsync(serial, "VIREO-MEM ", Deadline, from);

        // shutdown --mode agent: the guest agent powers the guest off.
        await TestGuest.WaitForAsync(serial, "VIREO-AGENT started", Deadline);
        await drv.ShutdownAsync(dom, 2);
        await TestGuest.WaitForAsync(serial, "VIREO-AGENT-SHUTDOWN ", Deadline); // qemu-ga ran /sbin/shutdown (-h +0 for powerdown)
        var until = new PollDeadline(Deadline);
        while ((await drv.GetStateAsync(dom, 0)).State != DomainState.Shutoff && !until.Expired)
            await PollDeadline.NextPollAsync();
        Assert.Equal(DomainState.Shutoff, (await drv.GetStateAsync(dom, 0)).State);
    }

    private static int ThreadOfVcpu(int pid, IReadOnlyList<VcpuInfo> vcpus, int n)
    {
        // vcpuinfo does not carry thread ids; the vCPU threads are the ones named "CPU n/TCG" (or "CPU n/KVM").
        foreach (var task in Directory.GetDirectories($"/proc/{pid}/task"))
            if (File.ReadAllText(Path.Combine(task, "comm")).StartsWith($"CPU {n}/", StringComparison.Ordinal))
                return int.Parse(Path.GetFileName(task), CultureInfo.InvariantCulture);
        throw new InvalidOperationException($"no thread of vCPU {n} among {vcpus.Count} vCPUs of QEMU {pid}");
    }

    private static string CpusAllowed(int pid, int tid) =>
        File.ReadAllLines($"/proc/{pid}/task/{tid}/status").First(l => l.StartsWith("Cpus_allowed_list:", StringComparison.Ordinal)).Split(':')[1].Trim();
}
