using System.Diagnostics;
using Vireo.Drivers.Domains;
using Vireo.Drivers.Qemu.Tests.Support;
using Vireo.Protocol.Errors;
using R = Vireo.Drivers.Domains.DomainStateReason;

namespace Vireo.Drivers.Qemu.Tests.Domains;

/// <summary>
/// Internal qcow2 snapshots: offline ones written by Vireo.Images and checked with the real qemu-img, live ones
/// taken by QEMU's snapshot-save job and proved by the guest's counter going back after a revert.
/// </summary>
[Trait("Category", "Integration")]
[Collection(QemuCollection.Name)]
public class QemuSnapshotTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [QemuFact]
    public async Task OfflineSnapshotsAreInternalQcow2SnapshotsWithLibvirtMetadata()
    {
        await using var root = new DriverRoot();
        var drv = root.Open().Domains;
        var disk = Qcow2Disk(root, "offline");
        var dom = await drv.DefineXmlAsync(Qcow2Xml(root, "offline", disk), 0);

        Assert.Equal("s1", await drv.SnapshotCreateXmlAsync(dom, "<domainsnapshot><name>s1</name><description>first</description></domainsnapshot>", 0));
        Assert.Equal("s2", await drv.SnapshotCreateXmlAsync(dom, "<domainsnapshot><name>s2</name></domainsnapshot>", 0));
        Assert.Equal(["s1", "s2"], await drv.ListAllSnapshotsAsync(dom, 0));
        Assert.Equal(["s1"], await drv.ListAllSnapshotsAsync(dom, 1)); // roots
        Assert.Equal("s2", await drv.SnapshotCurrentAsync(dom, 0));
        Assert.Equal("s1", await drv.SnapshotGetParentAsync(dom, "s2", 0));
        Assert.Equal(["s2"], await drv.SnapshotListAllChildrenAsync(dom, "s1", 0));
        var xml = await drv.SnapshotGetXmlDescAsync(dom, "s1", 0);
        Assert.Contains("<state>shutoff</state>", xml);
        Assert.Contains("<memory snapshot='no'/>", xml);
        Assert.Contains("<disk name='vda' snapshot='internal'/>", xml);
        Assert.Contains("<description>first</description>", xml);
        Assert.DoesNotContain("<cookie>", xml); // only snapshots of a running domain carry one
        Assert.Contains("<domain type='qemu'>", xml);
        Assert.DoesNotContain("<active>", xml);
        // libvirt's metadata layout, with the current marker only in the files.
        var meta = Path.Combine(root.Root, "lib", "qemu", "snapshot", "offline");
        Assert.Contains("<active>1</active>", File.ReadAllText(Path.Combine(meta, "s2.xml")));
        Assert.Contains("<active>0</active>", File.ReadAllText(Path.Combine(meta, "s1.xml")));
        // The real qemu-img sees both snapshots in the image.
        var listed = QemuImg("snapshot", "-l", disk);
        Assert.Contains("s1", listed);
        Assert.Contains("s2", listed);

        var missing = await Assert.ThrowsAsync<LibvirtException>(() => drv.SnapshotGetXmlDescAsync(dom, "nope", 0));
        Assert.Equal(ErrorCode.NoDomainSnapshot, missing.Code);
        Assert.Equal("Domain snapshot not found: no domain snapshot with matching name 'nope'", missing.Message);

        // The config changes after s1; reverting brings s1's definition back as the persistent config (as libvirt).
        ulong before = (await drv.GetInfoAsync(dom)).MaxMemKiB;
        await drv.SetMemoryFlagsAsync(dom, before + 65536, DomainFlags.AffectConfig | DomainFlags.MemMaximum);
        Assert.Equal(before + 65536, (await drv.GetInfoAsync(dom)).MaxMemKiB);
        await drv.RevertToSnapshotAsync(dom, "s1", 0);
        Assert.Equal("s1", await drv.SnapshotCurrentAsync(dom, 0));
        Assert.Equal((DomainState.Shutoff, 0), Split(await drv.GetStateAsync(dom, 0)));
        Assert.Equal(before, (await drv.GetInfoAsync(dom)).MaxMemKiB);
        Assert.Contains($"<memory unit='KiB'>{before}</memory>", File.ReadAllText(Path.Combine(root.Root, "etc", "qemu", "offline.xml")));

        // A restarted daemon sees the same tree; deleting s1 moves s2 up and removes s1 from the image.
        drv = root.Open(autostart: false).Domains;
        dom = await drv.LookupByNameAsync("offline");
        await drv.SnapshotDeleteAsync(dom, "s1", 0);
        Assert.Equal(["s2"], await drv.ListAllSnapshotsAsync(dom, 1));
        listed = QemuImg("snapshot", "-l", disk);
        Assert.DoesNotContain("s1", listed);
        Assert.Contains("s2", listed);
        Assert.False(File.Exists(Path.Combine(meta, "s1.xml")));

        var undefine = await Assert.ThrowsAsync<LibvirtException>(() => drv.UndefineAsync(dom, 0));
        Assert.Contains("cannot delete inactive domain with 1 snapshots", undefine.Message);
        await drv.UndefineAsync(dom, DomainFlags.UndefineSnapshotsMetadata);
        Assert.False(Directory.Exists(meta));
    }

    [QemuFact]
    public async Task RawDiskIsRefusedAndNothingIsWritten()
    {
        await using var root = new DriverRoot();
        var drv = root.Open().Domains;
        var dom = await drv.DefineXmlAsync(root.GuestXml("rawdisk"), 0);
        var e = await Assert.ThrowsAsync<LibvirtException>(() => drv.SnapshotCreateXmlAsync(dom, "<domainsnapshot><name>x</name></domainsnapshot>", 0));
        Assert.Equal(ErrorCode.ConfigUnsupported, e.Code);
        Assert.Equal("unsupported configuration: internal snapshot for disk vda unsupported for storage type raw", e.Message);
        Assert.Empty(await drv.ListAllSnapshotsAsync(dom, 0));
        Assert.False(await drv.HasCurrentSnapshotAsync(dom, 0));
    }

    [QemuFact]
    public async Task LiveSnapshotRevertTakesTheGuestBack()
    {
        await using var root = new DriverRoot();
        var drv = root.Open().Domains;
        var disk = Qcow2Disk(root, "live");
        var serial = root.SerialLog("live");
        var dom = await drv.DefineXmlAsync(Qcow2Xml(root, "live", disk), 0);
        dom = await drv.CreateAsync(dom, 0);
        await TestGuest.WaitForAsync(serial, "VIREO-COUNTER 2", Deadline);

        await drv.SnapshotCreateXmlAsync(dom, "<domainsnapshot><name>live1</name></domainsnapshot>", 0);
        int atSnapshot = TestGuest.LastCounter(serial);
        var xml = await drv.SnapshotGetXmlDescAsync(dom, "live1", 0);
        Assert.Contains("<state>running</state>", xml);
        Assert.Contains("<memory snapshot='internal'/>", xml);
        // libvirt's cookie: the vCPU as QEMU runs it (TCG's qemu64 adds the hypervisor bit to the model)
        var cookie = xml[xml.IndexOf("<cookie>", StringComparison.Ordinal)..];
        Assert.StartsWith("<cookie>\n    <cpu mode='custom' match='exact' check='full'>\n      <model fallback='forbid'>qemu64</model>", cookie);
        Assert.Contains("<feature policy='require' name='hypervisor'/>", cookie);
        Assert.EndsWith("</cookie>\n</domainsnapshot>\n", cookie);
        Assert.Equal((DomainState.Running, R.RunningBooted), Split(await drv.GetStateAsync(dom, 0)));
        await TestGuest.WaitForAsync(serial, $"VIREO-COUNTER {atSnapshot + 3}", Deadline);

        // After the revert the counter starts again just after where the snapshot was taken.
        int offset = TestGuest.ReadShared(serial).Length;
        await drv.RevertToSnapshotAsync(dom, "live1", 0);
        Assert.Equal((DomainState.Running, R.RunningFromSnapshot), Split(await drv.GetStateAsync(dom, 0)));
        await TestGuest.WaitForAsync(serial, "VIREO-COUNTER", Deadline, offset);
        int first = FirstCounterAfter(serial, offset);
        Assert.InRange(first, atSnapshot, atSnapshot + 2);

        // Revert --paused, then delete through the monitor while it runs.
        await drv.RevertToSnapshotAsync(dom, "live1", 2);
        Assert.Equal((DomainState.Paused, R.PausedFromSnapshot), Split(await drv.GetStateAsync(dom, 0)));
        await drv.SnapshotDeleteAsync(dom, "live1", 0);
        Assert.Empty(await drv.ListAllSnapshotsAsync(dom, 0));
        Assert.DoesNotContain("live1", QemuImg("snapshot", "-U", "-l", disk));
        await drv.DestroyAsync(dom, 0);
    }

    private static int FirstCounterAfter(string serial, int offset)
    {
        var text = TestGuest.ReadShared(serial)[offset..];
        var m = System.Text.RegularExpressions.Regex.Match(text, @"VIREO-COUNTER (\d+)");
        return int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static (DomainState, int) Split(DomainStateWithReason s) => (s.State, s.Reason);

    private static string Qcow2Disk(DriverRoot root, string name)
    {
        var path = Path.Combine(root.Root, name + ".qcow2");
        QemuImg("create", "-q", "-f", "qcow2", path, "64M");
        return path;
    }

    private static string Qcow2Xml(DriverRoot root, string name, string disk) =>
        root.GuestXml(name).Replace("type='raw'", "type='qcow2'", StringComparison.Ordinal)
            .Replace(Path.Combine(root.Root, name + ".img"), disk, StringComparison.Ordinal);

    private static string QemuImg(params string[] args)
    {
        var psi = new ProcessStartInfo("qemu-img") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"qemu-img {string.Join(' ', args)} failed: {err.Result}");
        return output;
    }
}
