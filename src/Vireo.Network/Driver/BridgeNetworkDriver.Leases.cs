using System.Net;
using System.Net.Sockets;
using Vireo.Drivers.Networks;
using Vireo.Network.Dnsmasq;

namespace Vireo.Network.Driver;

public sealed partial class BridgeNetworkDriver
{
    private const int LeaseIpv4 = 0, LeaseIpv6 = 1;

    /// <summary>net-dhcp-leases: the unexpired leases from dnsmasq's lease file, optionally for one MAC.</summary>
    public Task<IReadOnlyList<DhcpLease>> GetDhcpLeasesAsync(NetworkRef net, string? mac, uint flags)
    {
        NetworkErrors.CheckFlags(flags, 0, "networkGetDHCPLeases");
        Model.Network.NetworkDefinition def;
        lock (_lock)
            def = ByUuid(net.Uuid).Def;
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var result = new List<DhcpLease>();
        foreach (var l in LeaseFile.Read(_paths.Dnsmasq(def.Name).Leases))
        {
            if (l.Expiry != 0 && l.Expiry < now)
                continue;
            if (mac is not null && !SameMac(l.Mac.Length == 0 ? null : l.Mac, mac))
                continue;
            bool v6 = IPAddress.TryParse(l.Ip, out var a) && a.AddressFamily == AddressFamily.InterNetworkV6;
            uint prefix = (uint)(NetworkPlumbing.Subnets(def).FirstOrDefault(s => s.Contains(a ?? IPAddress.None))?.Prefix ?? (v6 ? 64 : 24));
            result.Add(new DhcpLease(def.BridgeName ?? "", l.Expiry, v6 ? LeaseIpv6 : LeaseIpv4, l.Mac.Length == 0 ? null : l.Mac,
                l.Iaid, l.Ip, prefix, l.Hostname, l.ClientId));
        }
        return Task.FromResult<IReadOnlyList<DhcpLease>>(result);
    }
}
