using System.Globalization;
using System.Text;
using Vireo.Client.Api;
using Vireo.Protocol.Errors;
using Vireo.Shell.Output;
using Vireo.Shell.Output.Json;
using Vireo.Shell.Runtime;

namespace Vireo.Shell.Commands;

/// <summary>net-list and net-dhcp-leases (virsh-network.c).</summary>
public static class NetworkListCommands
{
    public static void Register(Dictionary<string, CommandHandler> map)
    {
        map["net-list"] = List;
        map["net-dhcp-leases"] = DhcpLeases;
    }

    private static async Task<bool> List(CommandContext ctx)
    {
        bool optName = ctx.Has("name"), optTable = ctx.Has("table"), optUuid = ctx.Has("uuid");
        var flags = ListNetworksFlags.Active;
        if (ctx.Has("inactive")) flags = ListNetworksFlags.Inactive;
        if (ctx.Has("all")) flags = ListNetworksFlags.Active | ListNetworksFlags.Inactive;
        if (ctx.Has("persistent")) flags |= ListNetworksFlags.Persistent;
        if (ctx.Has("transient")) flags |= ListNetworksFlags.Transient;
        if (ctx.Has("autostart")) flags |= ListNetworksFlags.Autostart;
        if (ctx.Has("no-autostart")) flags |= ListNetworksFlags.NoAutostart;
        if ((optTable ? 1 : 0) + (optName ? 1 : 0) + (optUuid ? 1 : 0) > 1)
        {
            ctx.Error("Only one argument from --table, --name and --uuid may be specified.");
            return false;
        }
        if (!optUuid && !optName) optTable = true;

        IReadOnlyList<Network> nets;
        try
        {
            nets = await ctx.Conn.ListAllNetworksAsync(flags).ConfigureAwait(false);
        }
        catch (LibvirtException e)
        {
            ctx.Save(e);
            ctx.Error("Failed to list networks");
            return false;
        }
        var sorted = nets.ToList();
        sorted.Sort((a, b) => DomainListCommands.CaseInsensitive(a.Name, b.Name));

        var table = new TextTable("Name", "State", "Autostart", "Persistent");
        var json = new List<NetworkListEntry>();
        var lines = new StringBuilder();
        foreach (var net in sorted)
        {
            if (optTable || ctx.Json)
            {
                bool? autostart = await ctx.QuietBool(net.GetAutostartAsync).ConfigureAwait(false);
                // a failing IsActive/IsPersistent (-1) counts as true, as in virsh's C expression
                bool active = await ctx.QuietBool(net.IsActiveAsync).ConfigureAwait(false) ?? true;
                bool persistent = await ctx.QuietBool(net.IsPersistentAsync).ConfigureAwait(false) ?? true;
                ctx.ResetError();
                table.Add(net.Name, active ? "active" : "inactive", autostart is null ? "no autostart" : autostart.Value ? "yes" : "no",
                    persistent ? "yes" : "no");
                json.Add(new NetworkListEntry(net.Name, net.UuidString, active, autostart ?? false, persistent));
            }
            else if (optUuid)
            {
                lines.Append(net.UuidString).Append('\n');
            }
            else if (optName)
            {
                lines.Append(net.Name).Append('\n');
            }
        }
        if (ctx.Json) ctx.PrintJson(json, VshJson.Output.ListNetworkListEntry);
        else if (optTable) ctx.Print(table.Render(!ctx.Out.Quiet));
        else ctx.Print(lines.ToString());
        return true;
    }

    private static async Task<bool> DhcpLeases(CommandContext ctx)
    {
        if (!ctx.TryString("mac", out var mac)) return false;
        var (net, name) = await ctx.LookupNetworkAsync().ConfigureAwait(false);
        if (net is null) return false;
        IReadOnlyList<NetworkDhcpLeaseInfo> leases;
        try
        {
            leases = await net.GetDhcpLeasesAsync(mac).ConfigureAwait(false);
        }
        catch (LibvirtException e)
        {
            ctx.Save(e);
            ctx.Error($"Failed to get leases info for {name}");
            return false;
        }
        var sorted = leases.ToList();
        sorted.Sort((a, b) => DomainListCommands.CaseInsensitive(a.Mac ?? "", b.Mac ?? ""));
        var table = new TextTable("Expiry Time", "MAC address", "Protocol", "IP address", "Hostname", "Client ID or DUID");
        var json = new List<DhcpLeaseJson>();
        foreach (var l in sorted)
        {
            string when = DateTimeOffset.FromUnixTimeSeconds(l.ExpiryTime).ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            string? type = l.Type switch { 0 => "ipv4", 1 => "ipv6", _ => null };
            table.Add(when, l.Mac ?? "-", type ?? "-", $"{l.IpAddress}/{l.Prefix}", l.Hostname ?? "-", l.ClientId ?? "-");
            json.Add(new DhcpLeaseJson(when, l.ExpiryTime, l.Mac, type ?? "", l.IpAddress, l.Prefix, l.Hostname, l.ClientId));
        }
        if (ctx.Json) ctx.PrintJson(json, VshJson.Output.ListDhcpLeaseJson);
        else ctx.Print(table.Render(!ctx.Out.Quiet));
        return true;
    }
}
