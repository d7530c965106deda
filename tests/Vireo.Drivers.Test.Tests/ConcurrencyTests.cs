using System.Collections.Concurrent;
using Vireo.Drivers.Domains;
using Vireo.Drivers.Events;
using Vireo.Protocol.Errors;
using L = Vireo.Drivers.Events.DomainLifecycle;

namespace Vireo.Drivers.Test.Tests;

/// <summary>Many clients at once must not corrupt the driver's state, and events must not be published under the lock.</summary>
public class ConcurrencyTests
{
    private const int Workers = 16;
    private const int Rounds = 25;

    [Fact]
    public async Task Parallel_lifecycles_keep_state_consistent()
    {
        var c = TestKit.Default();
        using var log = new EventLog(c);
        var ids = new ConcurrentBag<int>();
        var test = await TestKit.Test(c);
        await Task.WhenAll(Enumerable.Range(0, Workers).Select(w => Task.Run(async () =>
        {
            var name = $"vm{w}";
            var dom = await c.Domains.DefineXmlAsync(TestKit.NewDomainXml.Replace("newvm", name), 0);
            for (int i = 0; i < Rounds; i++)
            {
                ids.Add((await c.Domains.CreateAsync(dom, 0)).Id);
                await c.Domains.SuspendAsync(dom);
                await c.Domains.ResumeAsync(dom);
                await c.Domains.SetMemoryFlagsAsync(dom, 1000 + (ulong)i, DomainFlags.AffectLive);
                await c.Domains.GetInfoAsync(test);
                await c.Domains.GetXmlDescAsync(test, 0);
                await c.Domains.DestroyAsync(dom, 0);
            }
            if (w % 2 == 0)
                await c.Domains.UndefineAsync(dom, 0);
        })));

        Assert.Equal(Workers * Rounds, ids.Distinct().Count());
        Assert.Equal(Enumerable.Range(2, Workers * Rounds), ids.Order());
        var left = (await c.Domains.ListAllDomainsAsync(0)).Select(d => d.Name).Order().ToArray();
        Assert.Equal(new[] { "test" }.Concat(Enumerable.Range(0, Workers).Where(w => w % 2 == 1).Select(w => $"vm{w}")).Order(), left);
        foreach (var name in left.Where(n => n != "test"))
        {
            var d = await c.Domains.LookupByNameAsync(name);
            Assert.Equal(DomainState.Shutoff, (await c.Domains.GetStateAsync(d, 0)).State);
            Assert.Equal(262144UL, (await c.Domains.GetInfoAsync(d)).MemoryKiB);
        }
        // Each worker: DEFINED, then per round STARTED, SUSPENDED, RESUMED, STOPPED; half of them UNDEFINED.
        Assert.Equal(Workers + Workers * Rounds * 4 + Workers / 2, log.Lifecycle.Count);
        foreach (var w in Enumerable.Range(0, Workers))
        {
            var mine = log.Lifecycle.Where(e => e.Name == $"vm{w}").Select(e => e.Event).ToList();
            Assert.Equal(L.Defined, mine[0]);
            for (int i = 0; i < Rounds; i++)
                Assert.Equal([L.Started, L.Suspended, L.Resumed, L.Stopped], mine.Skip(1 + i * 4).Take(4));
        }
    }

    [Fact]
    public async Task Racing_defines_of_one_name_let_exactly_one_win()
    {
        var c = TestKit.Default();
        var results = await Task.WhenAll(Enumerable.Range(0, Workers).Select(_ => Task.Run(async () =>
        {
            try
            {
                await c.Domains.DefineXmlAsync(TestKit.NewDomainXml, 0);
                return true;
            }
            catch (LibvirtException e) when (e.Code == ErrorCode.OperationFailed)
            {
                return false;
            }
        })));
        Assert.Single(results, r => r);
        Assert.Equal(2, (await c.Domains.ListAllDomainsAsync(0)).Count);
    }

    [Fact]
    public async Task A_subscriber_may_call_back_into_the_driver()
    {
        var c = TestKit.Default();
        var seen = new ConcurrentQueue<DomainState>();
        using var sub = c.Events.Subscribe(e =>
        {
            if (e is DomainLifecycleEvent le)
                seen.Enqueue(c.Domains.GetStateAsync(le.Domain, 0).GetAwaiter().GetResult().State); // would deadlock if published under the lock
        });
        var test = await TestKit.Test(c);
        await Task.Run(() => c.Domains.SuspendAsync(test)).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal([DomainState.Paused], seen);
    }

    [Fact]
    public async Task Parallel_network_and_storage_changes()
    {
        var c = TestKit.Default();
        var pool = await c.Storage.LookupPoolByNameAsync("default-pool");
        await Task.WhenAll(Enumerable.Range(0, Workers).Select(w => Task.Run(async () =>
        {
            var n = await c.Networks.DefineXmlAsync($"<network><name>n{w}</name><bridge name='vb{w}'/></network>", 0);
            await c.Networks.CreateAsync(n);
            await c.Storage.CreateVolXmlAsync(pool, $"<volume><name>v{w}</name><capacity>1000</capacity></volume>", 0);
            await c.Networks.DestroyAsync(n);
        })));
        Assert.Equal(Workers + 1, (await c.Networks.ListAllNetworksAsync(0)).Count);
        Assert.Equal(Workers, (await c.Storage.ListAllVolumesAsync(pool, 0)).Count);
        Assert.Equal((ulong)Workers * 1000, (await c.Storage.GetPoolInfoAsync(pool)).Allocation);
    }
}
