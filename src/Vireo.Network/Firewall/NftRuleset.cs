using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Vireo.Network.Firewall;

/// <summary>
/// One nftables table per network, named vireo_BRIDGE in family inet, holding everything the network needs
/// (libvirt's iptables rules in nftables form):
/// nat — forward: the bridge's IPv4 subnet out, replies back in (an IPv6 subnet is routed as below), guest to guest, all else to/from the bridge rejected;
///       postrouting: masquerade the subnet leaving it (TCP/UDP source ports in the NAT port range), except
///       multicast and broadcast;
/// route — forward in both directions without NAT;
/// none (isolated) — forward to or from the bridge rejected, guest to guest kept;
/// open, bridge — no table at all.
/// The script replaces the table in one nft transaction, so re-applying never duplicates a rule.
/// </summary>
public static class NftRuleset
{
    public const string TablePrefix = "vireo_";

    /// <summary>The table name for a bridge.</summary>
    /// <summary>The table name for a bridge (characters nft does not take in a name become '_').</summary>
    public static string TableName(string bridge) =>
        TablePrefix + string.Concat(bridge.Select(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' ? c : '_'));

    /// <summary>True when the mode gets a table of ours.</summary>
    public static bool NeedsTable(string mode) => mode is "nat" or "route" or "none";

    /// <summary>The nft -f script that (re)creates the table atomically.</summary>
    public static string Build(FirewallSpec spec)
    {
        var t = TableName(spec.Bridge);
        var br = Quote(spec.Bridge);
        var sb = new StringBuilder();
        // "add" makes the following delete succeed whether or not the table existed.
        sb.Append("add table inet ").Append(t).Append('\n');
        sb.Append("delete table inet ").Append(t).Append('\n');
        sb.Append("table inet ").Append(t).Append(" {\n");
        sb.Append("  chain forward {\n    type filter hook forward priority filter; policy accept;\n");
        sb.Append("    iifname ").Append(br).Append(" oifname ").Append(br).Append(" accept\n");
        foreach (var s in spec.Subnets)
        {
            var ip = Family(s);
            // libvirt never NATs IPv6: a nat network's IPv6 subnet is routed.
            bool nat = spec.Mode == "nat" && ip == "ip";
            if (nat)
                sb.Append("    oifname ").Append(br).Append(' ').Append(ip).Append(" daddr ").Append(s).Append(" ct state related,established accept\n");
            else if (spec.Mode is "route" or "nat")
                sb.Append("    oifname ").Append(br).Append(' ').Append(ip).Append(" daddr ").Append(s).Append(" accept\n");
            if (spec.Mode is "nat" or "route")
                sb.Append("    iifname ").Append(br).Append(' ').Append(ip).Append(" saddr ").Append(s).Append(" accept\n");
        }
        sb.Append("    iifname ").Append(br).Append(" reject\n");
        sb.Append("    oifname ").Append(br).Append(" reject\n");
        sb.Append("  }\n");
        if (spec.Mode == "nat")
        {
            sb.Append("  chain postrouting {\n    type nat hook postrouting priority srcnat; policy accept;\n");
            var ports = spec.PortStart.ToString(CultureInfo.InvariantCulture) + "-" + spec.PortEnd.ToString(CultureInfo.InvariantCulture);
            foreach (var s in spec.Subnets.Where(s => s.Network.AddressFamily == AddressFamily.InterNetwork))
            {
                sb.Append("    ip saddr ").Append(s).Append(" ip daddr 224.0.0.0/24 return\n");
                sb.Append("    ip saddr ").Append(s).Append(" ip daddr 255.255.255.255 return\n");
                sb.Append("    meta l4proto { tcp, udp } ip saddr ").Append(s).Append(" ip daddr != ").Append(s).Append(" masquerade to :").Append(ports).Append('\n');
                sb.Append("    ip saddr ").Append(s).Append(" ip daddr != ").Append(s).Append(" masquerade\n");
            }
            sb.Append("  }\n");
        }
        sb.Append("}\n");
        return sb.ToString();
    }

    /// <summary>The script that removes the table (no error when it is already gone).</summary>
    public static string BuildDelete(string bridge)
    {
        var t = TableName(bridge);
        return $"add table inet {t}\ndelete table inet {t}\n";
    }

    private static string Family(Host.Subnet s) => s.Network.AddressFamily == AddressFamily.InterNetworkV6 ? "ip6" : "ip";

    private static string Quote(string name) => "\"" + name + "\"";
}
