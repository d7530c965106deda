using System.Diagnostics;
using Vireo.Drivers.Domains;
using Vireo.Drivers.Events;
using Vireo.Drivers.Qemu.Tests.Support;
using Vireo.Protocol.Errors;
using Xunit.Abstractions;
using L = Vireo.Drivers.Events.DomainLifecycle;
using R = Vireo.Drivers.Domains.DomainStateReason;

namespace Vireo.Drivers.Qemu.Tests.Domains;

/// <summary>save / restore with the test guest: the counter continues from where it was, not from zero.</summary>
[Trait("Category", "Integration")]
[Collection(QemuCollection.Name)]
public class QemuDomainSaveTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(40);

    [QemuFact]
    public async Task SaveThenRestoreContinuesTheGuest()
    {
        await using var root = new DriverRoot();
        var drv = root.Open().Domains;
        var serial = root.SerialLog("saver");
        var dom = await drv.DefineXmlAsync(root.GuestXml("saver"), 0);
        dom = await drv.CreateAsync(dom, 0);
        await TestGuest.WaitForAsync(serial, "VIREO-COUNTER 2", Deadline);

        var image = Path.Combine(root.Root, "saver.save");
        await drv.SaveAsync(dom, image, null, 0);
        int saved = TestGuest.LastCounter(serial);
        Assert.Equal((DomainState.Shutoff, R.ShutoffSaved), Split(await drv.GetStateAsync(dom, 0)));
        Assert.False(File.Exists(Path.Combine(root.Root, "run", "qemu", "saver.xml")));
        Assert.StartsWith("VireoQemuSave", File.ReadAllText(image)[..13]);

        int offset = TestGuest.ReadShared(serial).Length;
        await drv.RestoreAsync(image, null, 0);
        var restored = await drv.LookupByNameAsync("saver");
        Assert.Equal((DomainState.Running, R.RunningRestored), Split(await drv.GetStateAsync(restored, 0)));
        await TestGuest.WaitForAsync(serial, $"VIREO-COUNTER {saved + 1}", Deadline, offset);
        var after = TestGuest.ReadShared(serial)[offset..];
        Assert.DoesNotContain(TestGuest.Ready, after);
        Assert.DoesNotContain("VIREO-COUNTER 0\n", after);

        var events = root.Events.OfType<DomainLifecycleEvent>().Select(e => (e.Event, e.Detail)).ToList();
        Assert.Contains((L.Stopped, L.StoppedSaved), events);
        Assert.Contains((L.Started, L.StartedRestored), events);
        await drv.DestroyAsync(restored, 0);
    }

    [QemuFact]
    public async Task ManagedSaveIsRestoredByTheNextStart()
    {
        await using var root = new DriverRoot();
        var drv = root.Open().Domains;
        var serial = root.SerialLog("managed");
        var dom = await drv.DefineXmlAsync(root.GuestXml("managed"), 0);
        dom = await drv.CreateAsync(dom, 0);
        await TestGuest.WaitForAsync(serial, "VIREO-COUNTER 2", Deadline);
        await drv.ManagedSaveAsync(dom, 0);
        int saved = TestGuest.LastCounter(serial);
        Assert.True(await drv.HasManagedSaveImageAsync(dom, 0));
        Assert.Single(await drv.ListAllDomainsAsync(DomainFlags.ListManagedSave));
        var refused = await Assert.ThrowsAsync<LibvirtException>(() => drv.UndefineAsync(dom, 0));
        Assert.Contains("managed save image exists", refused.Message);

        // A restarted daemon still knows about the image.
        drv = root.Open(autostart: false).Domains;
        dom = await drv.LookupByNameAsync("managed");
        Assert.True(await drv.HasManagedSaveImageAsync(dom, 0));
        int offset = TestGuest.ReadShared(serial).Length;
        dom = await drv.CreateAsync(dom, 0);
        Assert.Equal((DomainState.Running, R.RunningRestored), Split(await drv.GetStateAsync(dom, 0)));
        Assert.False(await drv.HasManagedSaveImageAsync(dom, 0));
        await TestGuest.WaitForAsync(serial, $"VIREO-COUNTER {saved + 1}", Deadline, offset);
        Assert.DoesNotContain(TestGuest.Ready, TestGuest.ReadShared(serial)[offset..]);
        await drv.DestroyAsync(dom, 0);
    }

    [QemuFact]
    public async Task RestoringSomethingThatIsNotASaveImageIsRefused()
    {
        await using var root = new DriverRoot();
        var drv = root.Open().Domains;
        var junk = Path.Combine(root.Root, "junk");
        File.WriteAllText(junk, "not a save image at all, but long enough to have a header ............................");
        var e = await Assert.ThrowsAsync<LibvirtException>(() => drv.RestoreAsync(junk, null, 0));
        Assert.Equal(ErrorCode.OperationFailed, e.Code);
        Assert.Contains("is not a saved domain image", e.Message);
        var missing = await Assert.ThrowsAsync<LibvirtException>(() => drv.RestoreAsync(junk + ".none", null, 0));
        Assert.Equal(ErrorCode.SystemError, missing.Code);
    }

    private static (DomainState, int) Split(DomainStateWithReason s) => (s.State, s.Reason);
}
