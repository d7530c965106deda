using System.Diagnostics;
using Vireo.Drivers.Domains;
using Vireo.Drivers.Events;
using Vireo.Drivers.Qemu.Supervision;
using Vireo.Drivers.Qemu.Tests.Support;
using Xunit.Abstractions;
using L = Vireo.Drivers.Events.DomainLifecycle;
using R = Vireo.Drivers.Domains.DomainStateReason;

namespace Vireo.Drivers.Qemu.Tests.Domains;

/// <summary>What the driver reports when the guest or the host acts: a killed QEMU, a reboot, the KVM fallback.</summary>
[Trait("Category", "Integration")]
[Collection(QemuCollection.Name)]
public class QemuDomainEventTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(40);

    [QemuFact]
    public async Task KilledQemuIsReportedShutOffCrashed()
    {
        await using var root = new DriverRoot();
        var drv = root.Open().Domains;
        var dom = await drv.CreateXmlAsync(root.GuestXml("victim"), 0);
        Assert.False(await drv.IsPersistentAsync(dom));
        int pid = int.Parse(File.ReadAllText(Path.Combine(root.Root, "run", "qemu", "victim.pid")).Trim());
        ProcessState.Signal(pid, 9);
        var stopped = await WaitEventAsync(root, e => e is DomainLifecycleEvent { Event: L.Stopped });
        Assert.Equal(L.StoppedFailed, ((DomainLifecycleEvent)stopped).Detail);
        // A transient domain is gone once it stops.
        Assert.Empty(await drv.ListAllDomainsAsync(0));
        Assert.False(File.Exists(Path.Combine(root.Root, "run", "qemu", "victim.xml")));
    }

    [QemuFact]
    public async Task PersistentDomainKilledReportsCrashedReason()
    {
        await using var root = new DriverRoot();
        var drv = root.Open().Domains;
        var dom = await drv.DefineXmlAsync(root.GuestXml("victim2"), 0);
        dom = await drv.CreateAsync(dom, 0);
        int pid = int.Parse(File.ReadAllText(Path.Combine(root.Root, "run", "qemu", "victim2.pid")).Trim());
        ProcessState.Signal(pid, 9);
        await WaitEventAsync(root, e => e is DomainLifecycleEvent { Event: L.Stopped });
        var state = await drv.GetStateAsync(dom, 0);
        Assert.Equal((DomainState.Shutoff, R.ShutoffCrashed), (state.State, state.Reason));
    }

    [QemuFact]
    public async Task RebootComesBackRunning()
    {
        await using var root = new DriverRoot();
        var drv = root.Open().Domains;
        var serial = root.SerialLog("rebooter");
        var dom = await drv.DefineXmlAsync(root.GuestXml("rebooter"), 0);
        dom = await drv.CreateAsync(dom, 0);
        await TestGuest.WaitForAsync(serial, TestGuest.Ready, Deadline);
        int offset = TestGuest.ReadShared(serial).Length;
        await drv.RebootAsync(dom, 0);
        await WaitEventAsync(root, e => e is DomainRebootEvent);
        await TestGuest.WaitForAsync(serial, TestGuest.Ready, Deadline, offset);
        var after = await drv.LookupByNameAsync("rebooter");
        Assert.Equal(dom.Id, after.Id);
        Assert.Equal(DomainState.Running, (await drv.GetStateAsync(after, 0)).State);
        Assert.DoesNotContain(root.Events, e => e is DomainLifecycleEvent { Event: L.Stopped });
        await drv.DestroyAsync(after, 0);
    }

    [QemuFact]
    public async Task KvmDomainFallsBackToTcgWhenTheProbeFails()
    {
        await using var root = new DriverRoot();
        var drv = root.Open().Domains;
        var serial = root.SerialLog("kvmguest");
        var dom = await drv.CreateXmlAsync(root.GuestXml("kvmguest", type: "kvm"), 0);
        lock (root.Log)
            foreach (var line in root.Log)
                output.WriteLine(line);
        var status = File.ReadAllText(Path.Combine(root.Root, "run", "qemu", "kvmguest.xml"));
        bool kvm = status.Contains("accel=\"kvm\"", StringComparison.Ordinal);
        lock (root.Log)
        {
            Assert.Contains(root.Log, l => l.StartsWith("KVM probe:", StringComparison.Ordinal));
            if (!kvm)
                Assert.Contains(root.Log, l => l.Contains("starting it with TCG", StringComparison.Ordinal));
        }
        await TestGuest.WaitForAsync(serial, TestGuest.Ready, Deadline);
        await drv.DestroyAsync(dom, 0);
    }

    [QemuFact]
    public async Task AutostartDomainsStartWhenTheDaemonStarts()
    {
        await using var root = new DriverRoot();
        var first = root.Open().Domains;
        var dom = await first.DefineXmlAsync(root.GuestXml("auto"), 0);
        await first.SetAutostartAsync(dom, true);
        Assert.True(File.Exists(Path.Combine(root.Root, "etc", "qemu", "autostart", "auto.xml")));

        var second = root.Open().Domains;
        var running = await second.LookupByNameAsync("auto");
        Assert.True(running.Id > 0);
        Assert.Equal((DomainState.Running, R.RunningBooted), ((await second.GetStateAsync(running, 0)).State, (await second.GetStateAsync(running, 0)).Reason));
        lock (root.Log)
            Assert.Contains("autostarted domain 'auto'", root.Log);
        await second.DestroyAsync(running, 0);
    }

    private static async Task<DriverEvent> WaitEventAsync(DriverRoot root, Func<DriverEvent, bool> match)
    {
        var until = new PollDeadline(Deadline);
        while (true)
        {
            var e = root.Events.FirstOrDefault(match);
            if (e is not null)
                return e;
            if (until.Expired)
                throw new TimeoutException("expected event not published within " + Deadline);
            await PollDeadline.NextPollAsync(20);
        }
    }
}
