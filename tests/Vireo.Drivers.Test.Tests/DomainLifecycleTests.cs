using Vireo.Drivers.Domains;
using Vireo.Drivers.Events;
using L = Vireo.Drivers.Events.DomainLifecycle;
using R = Vireo.Drivers.Domains.DomainStateReason;

namespace Vireo.Drivers.Test.Tests;

/// <summary>State transitions, ids and events, as observed with virsh -c test:///default and python-libvirt.</summary>
public class DomainLifecycleTests
{
    private static async Task<(TestConnection C, DomainRef Dom, EventLog Log)> Defined()
    {
        var c = TestKit.Default();
        var dom = await c.Domains.DefineXmlAsync(TestKit.NewDomainXml, 0);
        return (c, dom, new EventLog(c));
    }

    [Fact]
    public async Task Define_then_start_assigns_id_2_and_emits_defined_then_started()
    {
        var c = TestKit.Default();
        using var log = new EventLog(c);
        var dom = await c.Domains.DefineXmlAsync(TestKit.NewDomainXml, 0);
        Assert.Equal(-1, dom.Id);
        Assert.Equal(new DomainStateWithReason(DomainState.Shutoff, R.ShutoffUnknown), await c.Domains.GetStateAsync(dom, 0));
        var started = await c.Domains.CreateAsync(dom, 0);
        Assert.Equal(2, started.Id);
        Assert.Equal(new DomainStateWithReason(DomainState.Running, R.RunningBooted), await c.Domains.GetStateAsync(dom, 0));
        Assert.Equal([("newvm", L.Defined, L.DefinedAdded), ("newvm", L.Started, L.StartedBooted)], log.Lifecycle);
        var startedEvent = log.All.OfType<DomainLifecycleEvent>().Last();
        Assert.Equal(2, startedEvent.Domain.Id);
    }

    [Fact]
    public async Task Ids_keep_increasing_across_starts()
    {
        var (c, dom, _) = await Defined();
        Assert.Equal(2, (await c.Domains.CreateAsync(dom, 0)).Id);
        await c.Domains.DestroyAsync(dom, 0);
        Assert.Equal(3, (await c.Domains.CreateAsync(dom, 0)).Id);
        var transient = await c.Domains.CreateXmlAsync(TestKit.NewDomainXml.Replace("newvm", "tr"), 0);
        Assert.Equal(4, transient.Id);
        Assert.Equal("tr", (await c.Domains.LookupByIdAsync(4)).Name);
    }

    [Fact]
    public async Task Suspend_resume_and_their_reasons()
    {
        var (c, dom, log) = await Defined();
        await c.Domains.CreateAsync(dom, 0);
        await c.Domains.SuspendAsync(dom);
        Assert.Equal(new DomainStateWithReason(DomainState.Paused, R.PausedUser), await c.Domains.GetStateAsync(dom, 0));
        await c.Domains.ResumeAsync(dom);
        Assert.Equal(new DomainStateWithReason(DomainState.Running, R.RunningUnpaused), await c.Domains.GetStateAsync(dom, 0));
        Assert.Equal([(L.Started, L.StartedBooted), (L.Suspended, L.SuspendedPaused), (L.Resumed, L.ResumedUnpaused)],
            log.Lifecycle.Select(e => (e.Event, e.Detail)));
    }

    [Fact]
    public async Task Shutdown_stops_with_reason_shutdown_and_only_a_stopped_event()
    {
        var (c, dom, log) = await Defined();
        await c.Domains.CreateAsync(dom, 0);
        log.Take();
        await c.Domains.ShutdownAsync(dom, 0);
        Assert.Equal(new DomainStateWithReason(DomainState.Shutoff, R.ShutoffShutdown), await c.Domains.GetStateAsync(dom, 0));
        var events = log.Take();
        var stopped = Assert.IsType<DomainLifecycleEvent>(Assert.Single(events));
        Assert.Equal((L.Stopped, L.StoppedShutdown, -1), (stopped.Event, stopped.Detail, stopped.Domain.Id));
    }

    [Fact]
    public async Task Shutdown_of_a_paused_domain_stops_it()
    {
        var (c, dom, _) = await Defined();
        await c.Domains.CreateAsync(dom, 0);
        await c.Domains.SuspendAsync(dom);
        await c.Domains.ShutdownAsync(dom, 0);
        Assert.False(await c.Domains.IsActiveAsync(dom));
    }

    [Fact]
    public async Task On_poweroff_restart_keeps_the_domain_running()
    {
        var c = TestKit.Default();
        var dom = await c.Domains.CreateXmlAsync(TestKit.NewDomainXml.Replace("</os>", "</os><on_poweroff>restart</on_poweroff>"), 0);
        using var log = new EventLog(c);
        await c.Domains.ShutdownAsync(dom, 0);
        Assert.Equal(new DomainStateWithReason(DomainState.Running, R.RunningBooted), await c.Domains.GetStateAsync(dom, 0));
        Assert.Empty(log.All);
    }

    [Fact]
    public async Task Reboot_keeps_running_without_events_and_on_reboot_destroy_stops()
    {
        var c = TestKit.Default();
        var test = await TestKit.Test(c);
        using var log = new EventLog(c);
        await c.Domains.RebootAsync(test, 0);
        Assert.Equal(new DomainStateWithReason(DomainState.Running, R.RunningBooted), await c.Domains.GetStateAsync(test, 0));
        Assert.Equal(1, (await c.Domains.LookupByNameAsync("test")).Id);
        Assert.Empty(log.Take());

        var dom = await c.Domains.CreateXmlAsync(TestKit.NewDomainXml.Replace("</os>", "</os><on_reboot>destroy</on_reboot>"), 0);
        log.Take();
        await c.Domains.RebootAsync(dom, 0);
        Assert.Equal([("newvm", L.Stopped, L.StoppedShutdown)], log.Lifecycle);
        Assert.DoesNotContain(await c.Domains.ListAllDomainsAsync(0), d => d.Name == "newvm");
    }

    [Fact]
    public async Task Reset_changes_nothing()
    {
        var c = TestKit.Default();
        var test = await TestKit.Test(c);
        using var log = new EventLog(c);
        await c.Domains.ResetAsync(test, 0);
        Assert.Equal(DomainState.Running, (await c.Domains.GetStateAsync(test, 0)).State);
        Assert.Empty(log.All);
    }

    [Fact]
    public async Task Destroy_of_persistent_keeps_it_defined_and_transient_disappears()
    {
        var c = TestKit.Default();
        var test = await TestKit.Test(c);
        using var log = new EventLog(c);
        await c.Domains.DestroyAsync(test, 0);
        Assert.Equal(new DomainStateWithReason(DomainState.Shutoff, R.ShutoffDestroyed), await c.Domains.GetStateAsync(test, 0));
        Assert.Equal(-1, (await c.Domains.LookupByNameAsync("test")).Id);

        var tr = await c.Domains.CreateXmlAsync(TestKit.NewDomainXml, 0);
        Assert.False(await c.Domains.IsPersistentAsync(tr));
        await c.Domains.DestroyAsync(tr, 0);
        await TestKit.Fails(() => c.Domains.LookupByNameAsync("newvm"), Protocol.Errors.ErrorCode.NoDomain, Protocol.Errors.ErrorDomain.Test, "Domain not found");
        Assert.Equal([("test", L.Stopped, L.StoppedDestroyed), ("newvm", L.Started, L.StartedBooted), ("newvm", L.Stopped, L.StoppedDestroyed)],
            log.Lifecycle);
    }

    [Fact]
    public async Task Graceful_destroy_is_accepted()
    {
        var c = TestKit.Default();
        var test = await TestKit.Test(c);
        await c.Domains.DestroyAsync(test, DomainFlags.DestroyGraceful);
        Assert.False(await c.Domains.IsActiveAsync(test));
    }

    [Fact]
    public async Task Live_changes_are_lost_on_shutdown()
    {
        var c = TestKit.Default();
        var test = await TestKit.Test(c);
        await c.Domains.SetMemoryFlagsAsync(test, 1000, DomainFlags.AffectLive);
        await c.Domains.PinVcpuFlagsAsync(test, 0, [true], 0);
        Assert.Contains("<vcpupin vcpu='0' cpuset='0'/>", await c.Domains.GetXmlDescAsync(test, 0));
        await c.Domains.DestroyAsync(test, 0);
        Assert.Equal(TestKit.Golden("default-domain-inactive.xml"), await c.Domains.GetXmlDescAsync(test, 0));
        var started = await c.Domains.CreateAsync(test, 0);
        Assert.Equal(2097152UL, (await c.Domains.GetInfoAsync(started)).MemoryKiB);
    }

    [Fact]
    public async Task Cpu_time_grows_while_running()
    {
        var c = TestKit.Default();
        var test = await TestKit.Test(c);
        var first = (await c.Domains.GetInfoAsync(test)).CpuTimeNs;
        var deadline = DateTime.UtcNow.AddSeconds(5);
        ulong second;
        do
            second = (await c.Domains.GetInfoAsync(test)).CpuTimeNs;
        while (second == first && DateTime.UtcNow < deadline);
        Assert.True(second > first);
    }
}
