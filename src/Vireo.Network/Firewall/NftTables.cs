using System.Text.Json;
using Vireo.Network.Host;

namespace Vireo.Network.Firewall;

/// <summary>Applies and removes a network's nftables table with nft -f - (one transaction each).</summary>
public sealed class NftTables(HostCommands host)
{
    public Task ApplyAsync(FirewallSpec spec) => host.RunAsync(["nft", "-f", "-"], NftRuleset.Build(spec));

    public Task RemoveAsync(string bridge) => host.RunAsync(["nft", "-f", "-"], NftRuleset.BuildDelete(bridge));

    /// <summary>The whole ruleset as nft's JSON (for counting rules and for the firewall doctor).</summary>
    public async Task<JsonDocument> ListJsonAsync() =>
        JsonDocument.Parse(await host.RunAsync(["nft", "-j", "list", "ruleset"]).ConfigureAwait(false));
}
