using Vireo.Model.Xml;

namespace Vireo.Model.Network;

/// <summary>The network schema as the model needs it, in libvirt 9.0's output order.</summary>
internal static class NetworkSchema
{
    public static readonly ElementSpec Network = new("network", ["connections", "ipv6", "trustGuestRxFilters"],
    [
        "name", "uuid", "metadata", "forward", "bridge", "mtu", "mac", "domain", "dns", "vlan", "bandwidth",
        "port", "ip", "route", "virtualport", "portgroup", "options",
    ]);
    public static readonly ElementSpec Forward = new("forward", ["dev", "mode", "managed"], ["driver", "nat", "pf", "interface", "address"]);
    public static readonly ElementSpec Nat = new("nat", ["ipv6"], ["address", "port"]);
    public static readonly ElementSpec Range = new("port", ["start", "end"], []);
    public static readonly ElementSpec Bridge = new("bridge", ["name", "zone", "stp", "delay", "macTableManager"], []);
    public static readonly ElementSpec Domain = new("domain", ["name", "localOnly"], []);
    public static readonly ElementSpec Dns = new("dns", ["enable", "forwardPlainNames"], ["forwarder", "txt", "srv", "host"]);
    public static readonly ElementSpec DnsHost = new("host", ["ip"], ["hostname"]);
    public static readonly ElementSpec DnsForwarder = new("forwarder", ["domain", "addr"], []);
    public static readonly ElementSpec Ip = new("ip", ["family", "address", "netmask", "prefix", "localPtr"], ["tftp", "dhcp"]);
    public static readonly ElementSpec Dhcp = new("dhcp", [], ["range", "host", "bootp"]);
    public static readonly ElementSpec DhcpRange = new("range", ["start", "end"], ["lease"]);
    public static readonly ElementSpec DhcpHost = new("host", ["mac", "id", "name", "ip"], ["lease"]);
    public static readonly ElementSpec Bootp = new("bootp", ["file", "server"], []);
}
