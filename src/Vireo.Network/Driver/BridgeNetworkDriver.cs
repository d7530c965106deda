using Vireo.Drivers;
using Vireo.Drivers.Events;
using Vireo.Drivers.Networks;
using Vireo.Model.Defaults;
using Vireo.Model.Identity;
using Vireo.Model.Network;
using Vireo.Network.Host;

namespace Vireo.Network.Driver;

/// <summary>
/// Virtual networks with real plumbing (libvirt's bridge network driver) for qemu:/// connections: configs under
/// ETC/qemu/networks, live status under RUN/network, each running network a bridge + nftables table + dnsmasq.
/// Changes run one at a time (<see cref="_job"/>); the list itself is guarded by <see cref="_lock"/> so lookups
/// never wait for a slow start. Events are published after the change.
/// </summary>
public sealed partial class BridgeNetworkDriver : INetworkDriver
{
    private const int EventDefined = 0, EventUndefined = 1, EventStarted = 2, EventStopped = 3;

    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _job = new(1, 1);
    private readonly List<VirtualNetwork> _networks = [];
    private readonly EventBus _events;
    private readonly NetworkDriverPaths _paths;
    private readonly NetworkPlumbing _plumbing;
    private readonly Action<string> _log;

    public BridgeNetworkDriver(EventBus events, NetworkDriverPaths paths, HostCommands host, Action<string>? log = null)
    {
        _events = events;
        _paths = paths;
        _plumbing = new NetworkPlumbing(host, paths);
        _log = log ?? (static m => Console.Error.WriteLine("vireod: network: " + m));
    }

    /// <summary>The commands the plumbing runs (and the namespace they run in); the QEMU driver makes its taps with them.</summary>
    public HostCommands Host => _plumbing.Host;

    public Task<IReadOnlyList<NetworkRef>> ListAllNetworksAsync(uint flags)
    {
        NetworkErrors.CheckFlags(flags, 0x3F, "networkConnectListAllNetworks");
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
            return Task.FromResult((_networks.FirstOrDefault(n => n.Name == name)
                ?? throw NetworkErrors.NoNetwork($"no network with matching name '{name}'")).Ref);
    }

    public Task<NetworkRef> LookupByUuidAsync(Guid uuid)
    {
        lock (_lock)
            return Task.FromResult(ByUuid(uuid).Ref);
    }

    public Task<string> GetXmlDescAsync(NetworkRef net, uint flags)
    {
        NetworkErrors.CheckFlags(flags, NetworkFlags.XmlInactive, "networkGetXMLDesc");
        lock (_lock)
        {
            var n = ByUuid(net.Uuid);
            return Task.FromResult(((flags & NetworkFlags.XmlInactive) != 0 ? n.PersistentDef : n.Def).ToXml());
        }
    }

    public Task<string> GetBridgeNameAsync(NetworkRef net)
    {
        lock (_lock)
        {
            var n = ByUuid(net.Uuid);
            return Task.FromResult(n.Def.BridgeName ?? throw NetworkErrors.Internal($"network '{n.Name}' does not have a bridge name."));
        }
    }

    public Task<bool> GetAutostartAsync(NetworkRef net)
    {
        lock (_lock)
            return Task.FromResult(ByUuid(net.Uuid).Autostart);
    }

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

    public async Task SetAutostartAsync(NetworkRef net, bool autostart)
    {
        await _job.WaitAsync().ConfigureAwait(false);
        try
        {
            VirtualNetwork n;
            lock (_lock)
                n = ByUuid(net.Uuid);
            if (!n.Persistent)
                throw NetworkErrors.Invalid("cannot set autostart for transient network");
            var link = _paths.AutostartLink(n.Name);
            if (autostart && !File.Exists(link))
            {
                Directory.CreateDirectory(_paths.AutostartDir);
                File.CreateSymbolicLink(link, _paths.ConfigFile(n.Name));
            }
            else if (!autostart)
                File.Delete(link);
            lock (_lock)
                n.Autostart = autostart;
        }
        finally
        {
            _job.Release();
        }
    }

    /// <summary>The bridge a guest's &lt;interface type='network'&gt; joins; the network must be running (libvirt's message otherwise).</summary>
    public (string Bridge, uint? Mtu) BridgeForGuest(string network)
    {
        lock (_lock)
        {
            var n = _networks.FirstOrDefault(x => x.Name == network)
                ?? throw NetworkErrors.NoNetwork($"no network with matching name '{network}'");
            if (!n.Active)
                throw NetworkErrors.Invalid($"network '{network}' is not active");
            return (n.Def.BridgeName ?? throw NetworkErrors.Internal($"network '{network}' does not have a bridge name."), n.Def.Mtu);
        }
    }

    /// <summary>
    /// For a guest's &lt;interface type='network'&gt; on a macvtap network (forward mode bridge without a bridge,
    /// private, vepa, passthrough): the host device and macvtap mode; null for a network with a bridge.
    /// </summary>
    public (string Dev, string Mode)? DirectForGuest(string network)
    {
        lock (_lock)
        {
            var n = _networks.FirstOrDefault(x => x.Name == network)
                ?? throw NetworkErrors.NoNetwork($"no network with matching name '{network}'");
            if (!NetworkPlumbing.IsMacvtap(n.Def))
                return null;
            if (!n.Active)
                throw NetworkErrors.Invalid($"network '{network}' is not active");
            // The first forward interface (libvirt balances guests over the pool; one device is the common case).
            return (n.Def.Forward!.Dev ?? throw NetworkErrors.Internal($"network '{network}' has no forward interface"), n.Def.Forward.Mode);
        }
    }

    // ---- helpers ----

    private VirtualNetwork ByUuid(Guid uuid) => _networks.FirstOrDefault(n => n.Uuid == uuid)
        ?? throw NetworkErrors.NoNetwork($"no network with matching uuid '{uuid:D}'");

    private VirtualNetwork ByName(string name) => _networks.FirstOrDefault(n => n.Name == name)
        ?? throw NetworkErrors.NoNetwork($"no network with matching name '{name}'");

    private async Task<T> Job<T>(Func<List<DriverEvent>, Task<T>> body)
    {
        var events = new List<DriverEvent>();
        await _job.WaitAsync().ConfigureAwait(false);
        try
        {
            return await body(events).ConfigureAwait(false);
        }
        finally
        {
            _job.Release();
            foreach (var e in events)
                _events.Publish(e);
        }
    }

    private Task Job(Func<List<DriverEvent>, Task> body) => Job(async ev => { await body(ev).ConfigureAwait(false); return 0; });

    private NetworkDefinition ParseForDefine(string xml)
    {
        var def = ModelErrors.Run(() => NetworkDefinition.Parse(xml));
        List<string> bridges;
        lock (_lock)
            bridges = _networks.Where(n => n.Name != def.Name).Select(n => n.Def.BridgeName).OfType<string>().ToList();
        NetworkDefaults.ApplyForBridgeDriver(def, bridges);
        if (def.BridgeName is { } b && NetworkPlumbing.OwnsBridge(def) && bridges.Contains(b))
            throw NetworkErrors.Internal($"bridge name '{b}' already in use.");
        Validate(def);
        return def;
    }

    // What libvirt's networkValidate refuses before anything is created.
    private static void Validate(NetworkDefinition def)
    {
        var mode = NetworkPlumbing.ModeOf(def);
        if (mode == "bridge" && def.BridgeName is null && def.Forward?.Dev is null)
            throw NetworkErrors.Unsupported($"network '{def.Name}' has forward mode 'bridge' but no bridge name nor forward dev");
        if (mode == "bridge" && def.BridgeName is not null && def.Forward?.Dev is not null)
            throw NetworkErrors.Unsupported($"A network with forward mode='bridge' can specify a bridge name or a forward dev, but not both (network '{def.Name}')");
        if (mode is ("bridge" or "private" or "vepa" or "passthrough") && def.Ips.Count > 0)
            throw NetworkErrors.Unsupported($"Unsupported <ip> element in network {def.Name} with forward mode='{mode}'");
        if (mode is ("private" or "vepa" or "passthrough") && def.Forward?.Dev is null)
            throw NetworkErrors.Unsupported($"network '{def.Name}' uses a direct mode, but has no forward dev and no interface pool");
        if (mode is "hostdev")
            throw NetworkErrors.Unsupported($"forward mode '{mode}' of network '{def.Name}' is not supported by this driver");
        if (def.Ips.Count(i => i.DhcpRanges.Count > 0 && (i.Family ?? "ipv4") == "ipv4" && !(i.Address ?? "").Contains(':')) > 1)
            throw NetworkErrors.Unsupported($"Multiple IPv4 dhcp sections found -- dhcp is supported only for a single IPv4 address on each network");
    }

    private static bool SameMac(string? a, string b) => a is not null && MacAddress.TryParse(a, out var x) && MacAddress.TryParse(b, out var y) && x == y;
}
