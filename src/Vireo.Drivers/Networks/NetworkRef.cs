namespace Vireo.Drivers.Networks;

/// <summary>Identity of a virtual network.</summary>
public sealed record NetworkRef(string Name, Guid Uuid);

/// <summary>A DHCP lease as virsh net-dhcp-leases shows it (virNetworkDHCPLease).</summary>
public sealed record DhcpLease(string Iface, long ExpiryTime, int Type, string? Mac, string? Iaid, string IpAddr, uint Prefix, string? Hostname, string? ClientId);

/// <summary>Flags of the network APIs.</summary>
public static class NetworkFlags
{
    public const uint ListInactive = 1, ListActive = 2, ListPersistent = 4, ListTransient = 8, ListAutostart = 16, ListNoAutostart = 32;
    public const uint XmlInactive = 1;
}
