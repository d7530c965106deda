using System.Net;
using Vireo.Model.Network;
using Vireo.Network.Dnsmasq;
using Vireo.Network.Firewall;
using Vireo.Network.Host;

namespace Vireo.Network.Driver;

/// <summary>
/// The host side of a running network: bridge with its addresses, our nftables table, ip_forward, dnsmasq.
/// Start builds them in that order and undoes what it made if a step fails; Stop removes all of them; Adopt
/// checks what a previous vireod left running and completes it without duplicating anything.
/// </summary>
public sealed class NetworkPlumbing(HostCommands host, NetworkDriverPaths paths)
{
    public HostCommands Host { get; } = host;

    /// <summary>The forward mode as the plumbing sees it: none for an isolated network.</summary>
    public static string ModeOf(NetworkDefinition def) => def.Forward?.Mode ?? "none";

    /// <summary>True when the network has a bridge of its own that we create (nat, route, open, isolated).</summary>
    public static bool OwnsBridge(NetworkDefinition def) => ModeOf(def) is "nat" or "route" or "open" or "none";

    /// <summary>The subnets of the network's addresses.</summary>
    public static IReadOnlyList<Subnet> Subnets(NetworkDefinition def) =>
        def.Ips.Where(i => i.Address is not null && IPAddress.TryParse(i.Address, out _))
            .Select(i => Subnet.Of(IPAddress.Parse(i.Address!), i.EffectivePrefix ?? (i.Address!.Contains(':') ? 64 : 24)))
            .ToList();

    /// <summary>True for a network whose guests get macvtap devices on its forward interfaces (no bridge, nothing to start).</summary>
    public static bool IsMacvtap(NetworkDefinition def) =>
        ModeOf(def) is "private" or "vepa" or "passthrough" || (ModeOf(def) == "bridge" && def.BridgeName is null);

    public async Task StartAsync(NetworkDefinition def)
    {
        var mode = ModeOf(def);
        // libvirt starts a macvtap network without touching the host: guests make their devices.
        if (IsMacvtap(def))
            return;
        if (mode == "bridge")
        {
            // A host bridge the administrator made: it must exist; guests' taps join it, nothing else to do.
            if (def.BridgeName is { } b && !await new LinkDevice(Host).ExistsAsync(b).ConfigureAwait(false))
                throw NetworkErrors.System($"Cannot get interface MTU on '{b}'", new HostCommandException("ip", 1, "No such device"));
            return;
        }
        if (!OwnsBridge(def))
            throw NetworkErrors.Unsupported($"forward mode '{mode}' of network '{def.Name}' is not supported by this driver");
        var bridge = def.BridgeName ?? throw NetworkErrors.Internal($"network '{def.Name}' does not have a bridge name.");
        if (await new LinkDevice(Host).ExistsAsync(bridge).ConfigureAwait(false))
            throw NetworkErrors.System($"error creating bridge interface {bridge}", new HostCommandException("ip", 2, "File exists"));
        foreach (var s in Subnets(def))
            if (await new RouteTable(Host).FindCollisionAsync(s).ConfigureAwait(false) is { } hit)
                throw NetworkErrors.Internal($"Network is already in use by interface {hit.Dev}");

        bool bridgeMade = false, tableMade = false;
        var dns = new DnsmasqInstance(Host, paths.Dnsmasq(def.Name));
        try
        {
            var addrs = def.Ips.Where(i => i.Address is not null).Select(i => $"{i.Address}/{i.EffectivePrefix ?? (i.Address!.Contains(':') ? 64 : 24)}").ToList();
            await new BridgeDevice(Host).CreateAsync(new BridgeSpec(bridge, def.BridgeStp, def.BridgeDelay, def.Mtu, def.Mac?.ToString(), addrs)).ConfigureAwait(false);
            bridgeMade = true;
            if (DnsmasqConfig.HasIpv6(def))
                await new BridgeIpv6(Host).WaitDadFinishAsync(bridge).ConfigureAwait(false);
            await ApplyFirewallAsync(def).ConfigureAwait(false);
            tableMade = true;
            if (mode is "nat" or "route")
                await IpForwarding.EnableAsync(Host, DnsmasqConfig.HasIpv6(def)).ConfigureAwait(false);
            if (DnsmasqConfig.Needed(def))
                await dns.StartAsync(def, bridge).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            await dns.StopAsync().ConfigureAwait(false);
            if (tableMade)
                await TryAsync(() => new NftTables(Host).RemoveAsync(bridge)).ConfigureAwait(false);
            if (bridgeMade)
                await TryAsync(() => new LinkDevice(Host).DeleteAsync(bridge)).ConfigureAwait(false);
            throw e is Protocol.Errors.LibvirtException ? e : NetworkErrors.System($"failed to start network '{def.Name}'", e);
        }
    }

    /// <summary>Removes dnsmasq, our table and the bridge; continues past failures and reports the first.</summary>
    public async Task StopAsync(NetworkDefinition def)
    {
        Exception? first = null;
        async Task Step(Func<Task> f)
        {
            try { await f().ConfigureAwait(false); }
            catch (Exception e) { first ??= e; }
        }
        await Step(() => new DnsmasqInstance(Host, paths.Dnsmasq(def.Name)).StopAsync()).ConfigureAwait(false);
        if (OwnsBridge(def) && def.BridgeName is { } bridge)
        {
            await Step(() => new NftTables(Host).RemoveAsync(bridge)).ConfigureAwait(false);
            await Step(() => new LinkDevice(Host).DeleteAsync(bridge)).ConfigureAwait(false);
        }
        if (first is not null)
            throw NetworkErrors.System($"failed to stop network '{def.Name}'", first);
    }

    /// <summary>
    /// A network a previous vireod left running: true (and completed: table re-applied atomically, dnsmasq
    /// restarted if it died) when its bridge still exists; false, after removing any leftovers, when it does not.
    /// </summary>
    public async Task<bool> AdoptAsync(NetworkDefinition def)
    {
        if (!OwnsBridge(def))
            return ModeOf(def) == "bridge" || IsMacvtap(def);
        var bridge = def.BridgeName;
        if (bridge is null || !await new LinkDevice(Host).ExistsAsync(bridge).ConfigureAwait(false))
        {
            await TryAsync(() => StopAsync(def)).ConfigureAwait(false);
            return false;
        }
        await ApplyFirewallAsync(def).ConfigureAwait(false);
        var dns = new DnsmasqInstance(Host, paths.Dnsmasq(def.Name));
        if (DnsmasqConfig.Needed(def) && dns.RunningPid() is null)
            await dns.StartAsync(def, bridge).ConfigureAwait(false);
        return true;
    }

    /// <summary>Foreign nftables rules (Docker, firewalld, ufw, iptables-nft) that would drop this network's traffic.</summary>
    public async Task<IReadOnlyList<FirewallFinding>> DiagnoseFirewallAsync(NetworkDefinition def)
    {
        if (def.BridgeName is not { } bridge || ModeOf(def) is "bridge")
            return [];
        using var ruleset = await new NftTables(Host).ListJsonAsync().ConfigureAwait(false);
        return FirewallDoctor.Inspect(ruleset, bridge);
    }

    /// <summary>Makes dnsmasq re-read static hosts after a live net-update.</summary>
    public void ReloadHosts(NetworkDefinition def) => new DnsmasqInstance(Host, paths.Dnsmasq(def.Name)).Reload(def);

    private async Task ApplyFirewallAsync(NetworkDefinition def)
    {
        var mode = ModeOf(def);
        if (!NftRuleset.NeedsTable(mode))
            return;
        var fwd = def.Forward;
        await new NftTables(Host).ApplyAsync(new FirewallSpec(def.BridgeName!, mode, Subnets(def),
            fwd?.NatPortStart ?? 1024, fwd?.NatPortEnd ?? 65535)).ConfigureAwait(false);
    }

    private static async Task TryAsync(Func<Task> f)
    {
        try
        {
            await f().ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Best effort while undoing: the original failure is what the caller reports.
        }
    }
}
