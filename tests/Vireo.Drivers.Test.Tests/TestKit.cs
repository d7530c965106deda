using System.Collections.Concurrent;
using Vireo.Drivers.Domains;
using Vireo.Drivers.Events;
using Vireo.Protocol.Errors;

namespace Vireo.Drivers.Test.Tests;

/// <summary>Helpers shared by the test-driver tests: a fresh test:///default per test, event capture, error checks.</summary>
internal static class TestKit
{
    public const string NewDomainXml = """
        <domain type='test'>
          <name>newvm</name>
          <memory unit='KiB'>262144</memory>
          <vcpu>1</vcpu>
          <os><type arch='x86_64'>hvm</type></os>
        </domain>
        """;

    public const string DefaultUuid = "6695eb01-f6a4-8304-79aa-97f2502e193f";

    /// <summary>A private copy of libvirt's test:///default state.</summary>
    public static TestConnection Default() => TestConnection.CreateDefault();

    public static string GoldenPath(string name) => Path.Combine(AppContext.BaseDirectory, "Golden", name);

    public static string Golden(string name) => File.ReadAllText(GoldenPath(name));

    /// <summary>Asserts the call fails with exactly this libvirt code, domain and message.</summary>
    public static async Task<LibvirtException> Fails(Func<Task> call, ErrorCode code, ErrorDomain domain, string message)
    {
        var e = await Assert.ThrowsAsync<LibvirtException>(call);
        Assert.Equal(message, e.Message);
        Assert.Equal(code, e.Code);
        Assert.Equal(domain, e.Domain);
        return e;
    }

    public static async Task<DomainRef> Test(TestConnection c) => await c.Domains.LookupByNameAsync("test");
}

/// <summary>Records every event a connection publishes, in order.</summary>
internal sealed class EventLog : IDisposable
{
    private readonly ConcurrentQueue<DriverEvent> _events = new();
    private readonly IDisposable _subscription;

    public EventLog(TestConnection c) => _subscription = c.Events.Subscribe(_events.Enqueue);

    public IReadOnlyList<DriverEvent> All => _events.ToArray();

    /// <summary>Lifecycle events as (domain, event, detail).</summary>
    public IReadOnlyList<(string Name, int Event, int Detail)> Lifecycle =>
        _events.OfType<DomainLifecycleEvent>().Select(e => (e.Domain.Name, e.Event, e.Detail)).ToList();

    /// <summary>Returns what was recorded so far and starts afresh.</summary>
    public IReadOnlyList<DriverEvent> Take()
    {
        var list = new List<DriverEvent>();
        while (_events.TryDequeue(out var e))
            list.Add(e);
        return list;
    }

    public void Dispose() => _subscription.Dispose();
}
