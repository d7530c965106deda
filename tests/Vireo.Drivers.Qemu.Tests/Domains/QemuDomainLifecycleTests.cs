using System.Diagnostics;
using Vireo.Drivers.Domains;
using Vireo.Drivers.Events;
using Vireo.Drivers.Qemu.Supervision;
using Vireo.Drivers.Qemu.Tests.Support;
using Vireo.Protocol.Errors;
using Xunit.Abstractions;
using L = Vireo.Drivers.Events.DomainLifecycle;
using R = Vireo.Drivers.Domains.DomainStateReason;

namespace Vireo.Drivers.Qemu.Tests.Domains;

/// <summary>The driver with the test guest under TCG: define, start, pause, ACPI shutdown, destroy, and reattach after a daemon restart.</summary>
[Trait("Category", "Integration")]
[Collection(QemuCollection.Name)]
public class QemuDomainLifecycleTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(40);

    [QemuFact]
    public async Task DefineStartPauseShutdownStartDestroy()
    {
        await using var root = new DriverRoot();
        var conn = root.Open();
        var drv = conn.Domains;
        var serial = root.SerialLog("g1");

        var dom = await drv.DefineXmlAsync(root.GuestXml("g1"), 0);
        Assert.True(File.Exists(Path.Combine(root.Root, "etc", "qemu", "g1.xml")));
        Assert.Equal((DomainState.Shutoff, R.ShutoffUnknown), Split(await drv.GetStateAsync(dom, 0)));

        dom = await drv.CreateAsync(dom, 0);
        await TestGuest.WaitForAsync(serial, TestGuest.Ready, Deadline);
        Assert.Equal(1, dom.Id);
        Assert.Equal((DomainState.Running, R.RunningBooted), Split(await drv.GetStateAsync(dom, 0)));
        var live = await drv.GetXmlDescAsync(dom, 0);
        Assert.Contains("<domain type='qemu' id='1'>", live);
        Assert.Contains("<alias name='virtio-disk0'/>", live);
        var status = File.ReadAllText(Path.Combine(root.Root, "run", "qemu", "g1.xml"));
        Assert.Contains("pid=", status);
        Assert.Contains("g1.monitor", status);
        Assert.True(File.Exists(Path.Combine(root.Root, "log", "qemu", "g1.log")));
        var info = await drv.GetInfoAsync(dom);
        Assert.Equal(192UL * 1024, info.MaxMemKiB);
        Assert.True(info.CpuTimeNs > 0);
        var again = await Assert.ThrowsAsync<LibvirtException>(() => drv.CreateAsync(dom, 0));
        Assert.Equal(ErrorCode.OperationInvalid, again.Code);

        // Suspend: the counter stops; resume: it goes on from where it was.
        await TestGuest.WaitForAsync(serial, "VIREO-COUNTER 1", Deadline);
        await drv.SuspendAsync(dom);
        Assert.Equal((DomainState.Paused, R.PausedUser), Split(await drv.GetStateAsync(dom, 0)));
        int frozen = TestGuest.LastCounter(serial);
        await Task.Delay(1500); // not a wait for an event: a paused guest must show no progress over a span (no poll can prove absence)
        Assert.Equal(frozen, TestGuest.LastCounter(serial));
        await drv.ResumeAsync(dom);
        Assert.Equal((DomainState.Running, R.RunningUnpaused), Split(await drv.GetStateAsync(dom, 0)));
        await TestGuest.WaitForAsync(serial, $"VIREO-COUNTER {frozen + 1}", Deadline);
        Assert.DoesNotContain("VIREO-COUNTER 0\n", TestGuest.ReadShared(serial)[TestGuest.ReadShared(serial).IndexOf($"VIREO-COUNTER {frozen}", StringComparison.Ordinal)..]);

        // ACPI shutdown: the guest sees the power button and powers off; the domain reaches shut off.
        await drv.ShutdownAsync(dom, 0);
        await WaitStateAsync(drv, dom, DomainState.Shutoff);
        Assert.Equal((DomainState.Shutoff, R.ShutoffShutdown), Split(await drv.GetStateAsync(dom, 0)));
        Assert.Contains(TestGuest.PowerButton, TestGuest.ReadShared(serial));
        Assert.False(File.Exists(Path.Combine(root.Root, "run", "qemu", "g1.xml")));
        Assert.Equal(-1, (await drv.LookupByNameAsync("g1")).Id);

        // Start again (a new id), then destroy it while it boots (no need to wait for the guest: a kill is a kill).
        int offset = TestGuest.ReadShared(serial).Length;
        dom = await drv.CreateAsync(dom, 0);
        Assert.Equal(2, dom.Id);
        await TestGuest.WaitForAsync(serial, "Linux version", Deadline, offset);
        int pid = int.Parse(File.ReadAllText(Path.Combine(root.Root, "run", "qemu", "g1.pid")).Trim());
        await drv.DestroyAsync(dom, 0);
        Assert.Equal((DomainState.Shutoff, R.ShutoffDestroyed), Split(await drv.GetStateAsync(dom, 0)));
        Assert.False(ProcessState.IsAlive(pid));

        var lifecycle = root.Events.OfType<DomainLifecycleEvent>().Select(e => (e.Event, e.Detail)).ToList();
        Assert.Equal(
        [
            (L.Defined, L.DefinedAdded), (L.Started, L.StartedBooted), (L.Suspended, L.SuspendedPaused), (L.Resumed, L.ResumedUnpaused),
            (L.Shutdown, L.ShutdownGuest), (L.Stopped, L.StoppedShutdown), (L.Started, L.StartedBooted), (L.Stopped, L.StoppedDestroyed),
        ], lifecycle);

        await drv.UndefineAsync(dom, 0);
        Assert.False(File.Exists(Path.Combine(root.Root, "etc", "qemu", "g1.xml")));
        Assert.Equal(ErrorCode.NoDomain, (await Assert.ThrowsAsync<LibvirtException>(() => drv.LookupByNameAsync("g1"))).Code);
    }

    [QemuFact]
    public async Task GuestSurvivesADaemonRestartAndIsReattached()
    {
        await using var root = new DriverRoot();
        var first = root.Open();
        var serial = root.SerialLog("survivor");
        var dom = await first.Domains.DefineXmlAsync(root.GuestXml("survivor"), 0);
        dom = await first.Domains.CreateAsync(dom, 0);
        await TestGuest.WaitForAsync(serial, TestGuest.Ready, Deadline);
        int pid = int.Parse(File.ReadAllText(Path.Combine(root.Root, "run", "qemu", "survivor.pid")).Trim());

        // The daemon goes away (its monitor connections close); QEMU does not notice.
        await first.QemuDomains.DetachAsync();
        Assert.True(ProcessState.IsAlive(pid));
        int before = TestGuest.LastCounter(serial);

        var second = root.Open();
        var again = await second.Domains.LookupByNameAsync("survivor");
        Assert.Equal(dom.Id, again.Id);
        Assert.Equal((DomainState.Running, R.RunningBooted), Split(await second.Domains.GetStateAsync(again, 0)));
        Assert.Contains($"id='{dom.Id}'", await second.Domains.GetXmlDescAsync(again, 0));
        await TestGuest.WaitForAsync(serial, $"VIREO-COUNTER {before + 2}", Deadline);

        // The balloon through the new instance: the guest gives memory back.
        await second.Domains.SetMemoryFlagsAsync(again, 128 * 1024, DomainFlags.AffectLive);
        var until = new PollDeadline(Deadline);
        while ((await second.Domains.GetInfoAsync(again)).MemoryKiB > 128 * 1024)
        {
            Assert.False(until.Expired, "the balloon did not shrink the guest to 128 MiB");
            await PollDeadline.NextPollAsync(100);
        }
        Assert.Contains("<currentMemory unit='KiB'>131072</currentMemory>", await second.Domains.GetXmlDescAsync(again, 0));
        var tooBig = await Assert.ThrowsAsync<LibvirtException>(() => second.Domains.SetMemoryFlagsAsync(again, 1024 * 1024, DomainFlags.AffectLive));
        Assert.Equal("invalid argument: cannot set memory higher than max memory", tooBig.Message);

        // Fully manageable through the new instance: pause/resume, then ACPI shutdown.
        await second.Domains.SuspendAsync(again);
        Assert.Equal(DomainState.Paused, (await second.Domains.GetStateAsync(again, 0)).State);
        await second.Domains.ResumeAsync(again);
        await second.Domains.ShutdownAsync(again, 0);
        await WaitStateAsync(second.Domains, again, DomainState.Shutoff);
        Assert.Equal(R.ShutoffShutdown, (await second.Domains.GetStateAsync(again, 0)).Reason);
        Assert.False(ProcessState.IsAlive(pid));
        // A later daemon finds nothing to reattach.
        var third = root.Open();
        Assert.Equal(-1, (await third.Domains.LookupByNameAsync("survivor")).Id);
    }

    [QemuFact]
    public async Task AMissingDiskIsRefusedAndLeavesNothingBehind()
    {
        await using var root = new DriverRoot();
        var drv = root.Open().Domains;
        var xml = root.GuestXml("nodisk").Replace(Path.Combine(root.Root, "nodisk.img"), "/nonexistent/disk.img", StringComparison.Ordinal);
        var dom = await drv.DefineXmlAsync(xml, 0);
        var e = await Assert.ThrowsAsync<LibvirtException>(() => drv.CreateAsync(dom, 0));
        Assert.Equal(ErrorCode.SystemError, e.Code);
        Assert.Contains("Cannot access storage file '/nonexistent/disk.img'", e.Message);
        Assert.Empty(Directory.GetFiles(Path.Combine(root.Root, "run", "qemu")));
        Assert.Equal(DomainState.Shutoff, (await drv.GetStateAsync(dom, 0)).State);
    }

    private static (DomainState, int) Split(DomainStateWithReason s) => (s.State, s.Reason);

    private static async Task WaitStateAsync(IDomainDriver drv, DomainRef dom, DomainState want)
    {
        var until = new PollDeadline(Deadline);
        while ((await drv.GetStateAsync(dom, 0)).State != want)
        {
            if (until.Expired)
                throw new TimeoutException($"domain {dom.Name} did not reach {want} within {Deadline.TotalSeconds:0} s");
            await PollDeadline.NextPollAsync();
        }
    }
}
