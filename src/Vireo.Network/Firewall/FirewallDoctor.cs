using System.Text.Json;

namespace Vireo.Network.Firewall;

/// <summary>A foreign firewall rule that would drop a network's traffic: where it is and what to do about it.</summary>
public sealed record FirewallFinding(string Family, string Table, string Chain, string Problem, string Advice)
{
    public override string ToString() => $"table {Family} {Table} chain {Chain}: {Problem}; {Advice}";
}

/// <summary>
/// Looks through the whole nftables ruleset (iptables-nft rules, Docker's, firewalld's and ufw's show up there too)
/// for base chains outside our vireo_* tables that would drop a network's forwarded traffic or its guests' DHCP/DNS
/// to the host. nftables runs every base chain on a hook: an accept in our table does not overrule a drop in
/// another one, which is how NAT networks break silently next to Docker.
/// </summary>
public static class FirewallDoctor
{
    public static IReadOnlyList<FirewallFinding> Inspect(JsonDocument ruleset, string bridge)
    {
        var items = ruleset.RootElement.GetProperty("nftables").EnumerateArray().ToList();
        var rules = items.Where(i => i.TryGetProperty("rule", out _)).Select(i => i.GetProperty("rule")).ToList();
        var findings = new List<FirewallFinding>();
        foreach (var item in items)
        {
            if (!item.TryGetProperty("chain", out var chain) || !chain.TryGetProperty("hook", out var hookEl))
                continue;
            var family = chain.GetProperty("family").GetString()!;
            var table = chain.GetProperty("table").GetString()!;
            var name = chain.GetProperty("name").GetString()!;
            var hook = hookEl.GetString();
            if (table.StartsWith(NftRuleset.TablePrefix, StringComparison.Ordinal) || hook is not ("forward" or "input"))
                continue;
            if (family is "arp" or "netdev" or "bridge")
                continue;
            var own = rules.Where(r => r.GetProperty("family").GetString() == family && r.GetProperty("table").GetString() == table
                && r.GetProperty("chain").GetString() == name).ToList();
            bool mentionsBridge = own.Any(r => r.GetProperty("expr").GetRawText().Contains($"\"{bridge}\"", StringComparison.Ordinal) && HasVerdict(r, "accept"));
            var policy = chain.TryGetProperty("policy", out var p) ? p.GetString() : "accept";
            var what = hook == "forward" ? $"forwarded traffic of bridge {bridge} (guests' NAT/routed traffic)" : $"DHCP and DNS requests from bridge {bridge} to this host";
            if (policy == "drop" && !mentionsBridge)
                findings.Add(new FirewallFinding(family, table, name, $"hook {hook} with policy drop drops {what}",
                    $"accept it there, e.g. 'nft insert rule {family} {table} {name} iifname \"{bridge}\" accept' and 'nft insert rule {family} {table} {name} oifname \"{bridge}\" ct state related,established accept'" +
                    (table == "filter" && name == "FORWARD" ? " (Docker: add these to the DOCKER-USER chain; ufw: 'ufw route allow in on " + bridge + "'; firewalld: put the bridge in the 'libvirt' zone)" : "")));
            foreach (var r in own)
            {
                if (IsUnconditional(r) && (HasVerdict(r, "drop") || HasVerdict(r, "reject")))
                    findings.Add(new FirewallFinding(family, table, name, $"rule handle {r.GetProperty("handle").GetInt64()} drops all {what}",
                        $"delete it ('nft delete rule {family} {table} {name} handle {r.GetProperty("handle").GetInt64()}') or precede it with an accept for {bridge}"));
            }
        }
        return findings;
    }

    private static bool HasVerdict(JsonElement rule, string verdict) =>
        rule.GetProperty("expr").EnumerateArray().Any(e => e.ValueKind == JsonValueKind.Object && e.TryGetProperty(verdict, out _));

    // A rule with nothing but counters and a verdict matches every packet.
    private static bool IsUnconditional(JsonElement rule) =>
        rule.GetProperty("expr").EnumerateArray().All(e => e.ValueKind == JsonValueKind.Object &&
            (e.TryGetProperty("counter", out _) || e.TryGetProperty("drop", out _) || e.TryGetProperty("reject", out _) || e.TryGetProperty("accept", out _)));
}
