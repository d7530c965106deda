using Vireo.Network.Tests.Support;

namespace Vireo.Network.Tests;

/// <summary>A Docker-like forward chain with policy drop in another table breaks NAT; net-start names it and says what to do.</summary>
public class FirewallDoctorTests
{
    [NetnsFact]
    public async Task ForeignForwardDropIsNamedAndReallyBreaksNatUntilFixedAsAdvised()
    {
        using var host = new NetworkHost();
        // What Docker (through iptables-nft) leaves behind: table ip filter, chain FORWARD, policy drop.
        host.Ns.Commands.RunAsync(["nft", "-f", "-"], "table ip filter {\n  chain FORWARD {\n    type filter hook forward priority filter; policy drop;\n  }\n}\n")
            .GetAwaiter().GetResult();
        var driver = await host.StartDriverAsync();
        var net = await driver.LookupByNameAsync("default");
        Assert.True(await driver.IsActiveAsync(net), string.Join("\n", host.Log));

        var warning = Assert.Single(host.Log, l => l.StartsWith("warning: network 'default'", StringComparison.Ordinal));
        Assert.Contains("table ip filter chain FORWARD: hook forward with policy drop drops forwarded traffic of bridge virbr0", warning);
        Assert.Contains("DOCKER-USER", warning);
        var finding = Assert.Single(await driver.DiagnoseAsync(net));
        Assert.Equal(("ip", "filter", "FORWARD"), (finding.Family, finding.Table, finding.Chain));

        // The diagnosis is real: the guest does not get out ...
        var g = host.Guest("virbr0", "52:54:00:00:03:01");
        Assert.Equal(0, g.Dhcp().Code);
        Assert.Null(await host.SourceSeenOutsideAsync(g.Ns));

        // ... until the advised rules are added; then the doctor is satisfied and NAT works.
        host.Ns.Run("nft", "insert", "rule", "ip", "filter", "FORWARD", "iifname", "virbr0", "accept");
        host.Ns.Run("nft", "insert", "rule", "ip", "filter", "FORWARD", "oifname", "virbr0", "ct", "state", "related,established", "accept");
        Assert.Empty(await driver.DiagnoseAsync(net));
        Assert.Equal("10.99.0.1", await host.SourceSeenOutsideAsync(g.Ns));
    }
}
