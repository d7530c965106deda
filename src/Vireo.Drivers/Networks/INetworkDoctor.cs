namespace Vireo.Drivers.Networks;

/// <summary>A foreign firewall rule that would drop a network's traffic: where it is (nftables family, table, chain), what it does, what to do.</summary>
public sealed record NetworkFirewallFinding(string Family, string Table, string Chain, string Problem, string Advice);

/// <summary>net-doctor (a Vireo extension): network drivers with real plumbing can inspect the host's firewall for a network.</summary>
public interface INetworkDoctor
{
    Task<IReadOnlyList<NetworkFirewallFinding>> DiagnoseFirewallAsync(NetworkRef net);
}
