namespace Vireo.Network.Firewall;

/// <summary>What a network needs from the firewall: its bridge, forward mode, subnets and NAT port range.</summary>
public sealed record FirewallSpec(string Bridge, string Mode, IReadOnlyList<Host.Subnet> Subnets, int PortStart = 1024, int PortEnd = 65535);
