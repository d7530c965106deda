namespace Vireo.Integration.Tests.Network;

/// <summary>
/// Firewall coexistence through the wire: foreign nftables rules added inside vireod's namespace (what Docker's
/// iptables-nft leaves: table ip filter, chain FORWARD, policy drop; and a catch-all drop rule in an input chain)
/// are named by net-start's warning in vireod's log and by `vsh net-doctor` (Vireo's extension program).
/// </summary>
[Trait("Category", "Integration")]
public class NetDoctorTests
{
    [NetnsVireodFact]
    public void ForeignDropRulesAreNamedByNetStartAndNetDoctorAndGoneWhenFixed()
    {
        using var d = new NetnsVireod();
        var clean = d.Vsh("net-doctor", "default");
        Assert.True(clean.Succeeded, clean.ToString() + d.Describe());
        Assert.Contains("Network default: no firewall rule outside Vireo's own drops its traffic", clean.Stdout);

        d.InNsWithInput("""
            table ip filter {
              chain FORWARD { type filter hook forward priority filter; policy drop; }
            }
            table inet hostfw {
              chain input { type filter hook input priority filter; policy accept; counter drop; }
            }

            """, "nft", "-f", "-").EnsureSuccess();
        var handle = System.Text.RegularExpressions.Regex.Match(d.InNs("nft", "-a", "list", "chain", "inet", "hostfw", "input").Stdout, @"drop # handle (\d+)").Groups[1].Value;
        Assert.NotEmpty(handle);
        Assert.True(d.Virsh("net-destroy", "default").Succeeded);
        var start = d.Virsh("net-start", "default");
        Assert.True(start.Succeeded, start.ToString());

        // net-start still starts the network, and warns in vireod's log.
        Assert.Contains("warning: network 'default': table ip filter chain FORWARD: hook forward with policy drop", d.Output);
        Assert.Contains($"warning: network 'default': table inet hostfw chain input: rule handle {handle} drops all", d.Output);

        var doctor = d.Vsh("net-doctor", "default");
        Assert.True(doctor.Succeeded, doctor.ToString());
        Assert.Contains("Network default: 2 firewall problems", doctor.Stdout);
        Assert.Contains("table ip filter, chain FORWARD\n  problem: hook forward with policy drop drops forwarded traffic of bridge virbr0", doctor.Stdout);
        Assert.Contains("fix:     accept it there, e.g. 'nft insert rule ip filter FORWARD iifname \"virbr0\" accept'", doctor.Stdout);
        Assert.Contains("DOCKER-USER", doctor.Stdout);
        Assert.Contains($"table inet hostfw, chain input\n  problem: rule handle {handle} drops all DHCP and DNS requests from bridge virbr0", doctor.Stdout);
        Assert.Contains($"fix:     delete it ('nft delete rule inet hostfw input handle {handle}')", doctor.Stdout);

        // Done as advised: the doctor is satisfied.
        d.InNs("nft", "insert", "rule", "ip", "filter", "FORWARD", "iifname", "virbr0", "accept").EnsureSuccess();
        d.InNs("nft", "insert", "rule", "ip", "filter", "FORWARD", "oifname", "virbr0", "ct", "state", "related,established", "accept").EnsureSuccess();
        d.InNs("nft", "delete", "rule", "inet", "hostfw", "input", "handle", handle).EnsureSuccess();
        Assert.Contains("no firewall rule outside Vireo's own drops its traffic", d.Vsh("net-doctor", "default").Stdout);

        var missing = d.Vsh("net-doctor", "nosuch");
        Assert.False(missing.Succeeded);
        Assert.Contains("error: failed to get network 'nosuch'", missing.Stdout);
    }
}
