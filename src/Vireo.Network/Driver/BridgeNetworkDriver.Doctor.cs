using Vireo.Drivers.Networks;

namespace Vireo.Network.Driver;

// net-doctor over the wire: the same diagnosis net-start logs, for a network that need not be running.
public sealed partial class BridgeNetworkDriver : INetworkDoctor
{
    public async Task<IReadOnlyList<NetworkFirewallFinding>> DiagnoseFirewallAsync(NetworkRef net) =>
        (await DiagnoseAsync(net).ConfigureAwait(false))
            .Select(f => new NetworkFirewallFinding(f.Family, f.Table, f.Chain, f.Problem, f.Advice)).ToList();
}
