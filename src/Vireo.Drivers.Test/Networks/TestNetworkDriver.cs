using System.Net;
using System.Net.Sockets;
using Vireo.Drivers.Events;
using Vireo.Drivers.Networks;
using Vireo.Model.Identity;
using Vireo.Model.Network;
using Vireo.Protocol.Errors;

namespace Vireo.Drivers.Test.Networks;

/// <summary>
/// Virtual networks of the test driver: definitions only, nothing touches the host. Behaves like libvirt 9.0's
/// test driver, including its quirks (destroy does not check that the network runs; dumpxml takes no flags;
/// DHCP leases are "not supported"). One lock; events are published after it is released.
/// </summary>
public sealed partial class TestNetworkDriver : INetworkDriver
{
    private const int EventDefined = 0, EventUndefined = 1, EventStarted = 2, EventStopped = 3;

    private readonly Lock _lock = new();
    private readonly List<TestNetwork> _networks = [];
    private readonly EventBus _events;

    internal TestNetworkDriver(EventBus events) => _events = events;

    public Task<IReadOnlyList<NetworkRef>> ListAllNetworksAsync(uint flags)
    {
        TestErrors.CheckFlags(flags, 0x3F, "testConnectListAllNetworks");
        static bool Pair(uint flags, uint yes, uint no, bool value) =>
            (flags & (yes | no)) == 0 || ((flags & yes) != 0 && value) || ((flags & no) != 0 && !value);
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<NetworkRef>>(_networks
                .Where(n => Pair(flags, NetworkFlags.ListActive, NetworkFlags.ListInactive, n.Active)
                    && Pair(flags, NetworkFlags.ListPersistent, NetworkFlags.ListTransient, n.Persistent)
                    && Pair(flags, NetworkFlags.ListAutostart, NetworkFlags.ListNoAutostart, n.Autostart))
                .Select(n => n.Ref).ToList());
        }
    }

    public Task<NetworkRef> LookupByNameAsync(string name)
    {
        lock (_lock)
            return Task.FromResult(ByName(name).Ref);
    }

    public Task<NetworkRef> LookupByUuidAsync(Guid uuid)
    {
        lock (_lock)
            return Task.FromResult(ByUuid(uuid).Ref);
    }

    /// <summary>testNetworkDefineXMLFlags: DEFINED even when it replaces a config; a running network keeps its live definition.</summary>
    public Task<NetworkRef> DefineXmlAsync(string xml, uint flags)
    {
        TestErrors.CheckFlags(flags, 1, "testNetworkDefineXMLFlags"); // VIR_NETWORK_DEFINE_VALIDATE
        var def = Parse(xml);
        return Task.FromResult(Change(events =>
        {
            var n = Assign(def, live: false, checkLive: false);
            events.Add(new NetworkLifecycleEvent(n.Ref, EventDefined, 0));
            return n.Ref;
        }));
    }

    public Task<NetworkRef> CreateXmlAsync(string xml, uint flags)
    {
        TestErrors.CheckFlags(flags, 0, "testNetworkCreateXMLFlags");
        var def = Parse(xml);
        return Task.FromResult(Change(events =>
        {
            var n = Assign(def, live: true, checkLive: true);
            n.Active = true;
            events.Add(new NetworkLifecycleEvent(n.Ref, EventStarted, 0));
            return n.Ref;
        }));
    }

    public Task CreateAsync(NetworkRef net) => Change(events =>
    {
        var n = ByName(net.Name);
        if (n.Active)
            throw TestErrors.Invalid($"Network '{net.Name}' is already running");
        n.Active = true;
        events.Add(new NetworkLifecycleEvent(n.Ref, EventStarted, 0));
    });

    /// <summary>testNetworkDestroy stops the network without checking it runs; a transient one disappears.</summary>
    public Task DestroyAsync(NetworkRef net) => Change(events =>
    {
        var n = ByName(net.Name);
        n.Active = false;
        events.Add(new NetworkLifecycleEvent(n.Ref, EventStopped, 0));
        if (!n.Persistent)
            _networks.Remove(n);
    });

    public Task UndefineAsync(NetworkRef net) => Change(events =>
    {
        var n = ByName(net.Name);
        if (n.Active)
            throw TestErrors.Invalid($"Network '{net.Name}' is still running");
        events.Add(new NetworkLifecycleEvent(net, EventUndefined, 0));
        _networks.Remove(n);
    });

    public Task<string> GetXmlDescAsync(NetworkRef net, uint flags)
    {
        TestErrors.CheckFlags(flags, 0, "testNetworkGetXMLDesc");
        lock (_lock)
            return Task.FromResult(ByName(net.Name).Def.ToXml());
    }

    public Task<string> GetBridgeNameAsync(NetworkRef net)
    {
        lock (_lock)
        {
            var n = ByName(net.Name);
            return Task.FromResult(n.Def.BridgeName ?? throw TestErrors.Internal($"network '{n.Name}' does not have a bridge name."));
        }
    }

    public Task<bool> GetAutostartAsync(NetworkRef net)
    {
        lock (_lock)
            return Task.FromResult(ByName(net.Name).Autostart);
    }

    public Task SetAutostartAsync(NetworkRef net, bool autostart) => Change(_ =>
    {
        ByName(net.Name).Autostart = autostart;
    });

    public Task<bool> IsActiveAsync(NetworkRef net)
    {
        lock (_lock)
            return Task.FromResult(ByUuid(net.Uuid).Active);
    }

    public Task<bool> IsPersistentAsync(NetworkRef net)
    {
        lock (_lock)
            return Task.FromResult(ByUuid(net.Uuid).Persistent);
    }

    /// <summary>The test driver has no DHCP server: libvirt answers "not supported".</summary>
    public Task<IReadOnlyList<DhcpLease>> GetDhcpLeasesAsync(NetworkRef net, string? mac, uint flags) =>
        throw TestErrors.NoSupport("virNetworkGetDHCPLeases", ErrorDomain.Network);

    /// <summary>Adds a network described by a node file: persistent and running.</summary>
    internal void LoadFromNodeFile(NetworkDefinition def)
    {
        lock (_lock)
            Assign(def, live: false, checkLive: false).Active = true;
    }

    /// <summary>The first &lt;ip&gt; of a network, for the made-up guest addresses; throws when there is no such network.</summary>
    internal (IPAddress Address, uint Prefix, IPAddress? RangeStart)? FirstIp(string name)
    {
        lock (_lock)
        {
            var ip = ByName(name).Def.Ips.FirstOrDefault();
            if (ip?.Address is null || !IPAddress.TryParse(ip.Address, out var address))
                return null;
            IPAddress? start = ip.DhcpRanges.Count > 0 && IPAddress.TryParse(ip.DhcpRanges[0].Start, out var s) ? s : null;
            return (address, (uint)(ip.EffectivePrefix ?? ClassfulPrefix(address)), start);
        }
    }

    // virSocketAddrGetIPPrefix without prefix or netmask: the address class decides.
    private static int ClassfulPrefix(IPAddress a)
    {
        if (a.AddressFamily == AddressFamily.InterNetworkV6)
            return 64;
        byte first = a.GetAddressBytes()[0];
        return first < 128 ? 8 : first < 192 ? 16 : first < 224 ? 24 : 0;
    }

    // ---- helpers (call with _lock held) ----

    private static NetworkDefinition Parse(string xml)
    {
        var def = TestErrors.Model(() => NetworkDefinition.Parse(xml));
        if (!def.HasUuid)
            def.Uuid = Uuid.Generate();
        return def;
    }

    private TestNetwork ByName(string name) => _networks.FirstOrDefault(n => n.Name == name)
        ?? throw new LibvirtException(ErrorCode.NoNetwork, ErrorDomain.Test, $"Network not found: no network with matching name '{name}'");

    private TestNetwork ByUuid(Guid uuid) => _networks.FirstOrDefault(n => n.Uuid == uuid)
        ?? throw new LibvirtException(ErrorCode.NoNetwork, ErrorDomain.Test, $"Network not found: no network with matching uuid '{uuid:D}'");

    /// <summary>virNetworkObjAssignDef through the object list: name/UUID clashes as libvirt words them.</summary>
    private TestNetwork Assign(NetworkDefinition def, bool live, bool checkLive)
    {
        if (_networks.FirstOrDefault(n => n.Uuid == def.Uuid) is { } existing)
        {
            if (existing.Name != def.Name)
                throw TestErrors.OperationFailed($"network '{existing.Name}' is already defined with uuid {existing.Uuid:D}", ErrorDomain.Network);
            if (checkLive && existing.Active)
                throw TestErrors.Invalid($"network is already active as '{existing.Name}'", ErrorDomain.Network);
            if (live)
            {
                if (existing.Persistent && existing.NewDef is null)
                    existing.NewDef = existing.Def;
                existing.Def = def;
            }
            else
            {
                if (existing.Active)
                    existing.NewDef = def;
                else
                {
                    existing.NewDef = null;
                    existing.Def = def;
                }
                existing.Persistent = true;
            }
            return existing;
        }
        if (_networks.FirstOrDefault(n => n.Name == def.Name) is { } other)
            throw TestErrors.OperationFailed($"network '{def.Name}' already exists with uuid {other.Uuid:D}", ErrorDomain.Network);
        var created = new TestNetwork(def, persistent: !live);
        _networks.Add(created);
        return created;
    }

    private T Change<T>(Func<List<DriverEvent>, T> body) => EventBatch.Run(_lock, _events, body);

    private Task Change(Action<List<DriverEvent>> body)
    {
        EventBatch.Run(_lock, _events, body);
        return Task.CompletedTask;
    }
}
