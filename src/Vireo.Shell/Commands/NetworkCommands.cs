using System.Text;
using Vireo.Client.Api;
using Vireo.Protocol.Errors;
using Vireo.Shell.Output;
using Vireo.Shell.Output.Json;
using Vireo.Shell.Runtime;

namespace Vireo.Shell.Commands;

/// <summary>The net-* commands that act on one network (virsh-network.c).</summary>
public static class NetworkCommands
{
    private static readonly string[] UpdateCommands = ["none", "modify", "delete", "add-last", "add-first"];

    private static readonly string[] Sections =
        ["none", "bridge", "domain", "ip", "ip-dhcp-host", "ip-dhcp-range", "forward", "forward-interface", "forward-pf", "portgroup",
         "dns-host", "dns-txt", "dns-srv"];

    public static void Register(Dictionary<string, CommandHandler> map)
    {
        map["net-info"] = Info;
        map["net-dumpxml"] = DumpXml;
        map["net-define"] = Define;
        map["net-create"] = Create;
        map["net-start"] = Start;
        map["net-destroy"] = Destroy;
        map["net-undefine"] = Undefine;
        map["net-autostart"] = Autostart;
        map["net-name"] = Name;
        map["net-uuid"] = Uuid;
        map["net-edit"] = Edit;
        map["net-update"] = Update;
    }

    private static async Task<bool> Info(CommandContext ctx)
    {
        var (net, _) = await ctx.LookupNetworkAsync().ConfigureAwait(false);
        if (net is null) return false;
        var sb = new StringBuilder();
        void L(string k, string v) => sb.Append(Fmt.Left(k, 15)).Append(' ').Append(v).Append('\n');
        L("Name:", net.Name);
        L("UUID:", net.UuidString);
        bool? active = await ctx.QuietBool(net.IsActiveAsync).ConfigureAwait(false);
        if (active is not null) L("Active:", active.Value ? "yes" : "no");
        bool? persistent = await ctx.QuietBool(net.IsPersistentAsync).ConfigureAwait(false);
        L("Persistent:", persistent is null ? "unknown" : persistent.Value ? "yes" : "no");
        bool? autostart = await ctx.QuietBool(net.GetAutostartAsync).ConfigureAwait(false);
        L("Autostart:", autostart is null ? "no autostart" : autostart.Value ? "yes" : "no");
        var bridge = await ctx.Quiet(net.GetBridgeNameAsync).ConfigureAwait(false);
        if (bridge is not null) L("Bridge:", bridge);
        if (ctx.Json)
        {
            ctx.PrintJson(new NetworkInfoJson(net.Name, net.UuidString, active ?? false, persistent ?? false, autostart ?? false, bridge),
                VshJson.Output.NetworkInfoJson);
            return true;
        }
        ctx.Print(sb.ToString());
        return true;
    }

    private static async Task<bool> DumpXml(CommandContext ctx)
    {
        var (net, _) = await ctx.LookupNetworkAsync().ConfigureAwait(false);
        if (net is null) return false;
        uint flags = ctx.Has("inactive") ? 1u : 0u;
        if (ctx.StringQuiet("xpath", out var xpath) < 0) return false;
        var xml = await net.GetXmlDescAsync(flags).ConfigureAwait(false);
        return DomainXmlCommands.PrintXml(ctx, xml, xpath, ctx.Has("wrap"));
    }

    private static async Task<bool> Define(CommandContext ctx)
    {
        if (!ctx.TryString("file", out var from)) return false;
        uint flags = ctx.Has("validate") ? 1u : 0u;
        var xml = ctx.ReadFile(from!);
        if (xml is null) return false;
        Network net;
        try
        {
            net = await ctx.Conn.DefineNetworkXmlAsync(xml, flags).ConfigureAwait(false);
        }
        catch (LibvirtException e)
        {
            ctx.Save(e);
            ctx.Error($"Failed to define network from {from}");
            return false;
        }
        ctx.PrintExtra($"Network {net.Name} defined from {from}\n");
        return true;
    }

    private static async Task<bool> Create(CommandContext ctx)
    {
        if (!ctx.TryString("file", out var from)) return false;
        uint flags = ctx.Has("validate") ? 1u : 0u;
        var xml = ctx.ReadFile(from!);
        if (xml is null) return false;
        Network net;
        try
        {
            net = await ctx.Conn.CreateNetworkXmlAsync(xml, flags).ConfigureAwait(false);
        }
        catch (LibvirtException e)
        {
            ctx.Save(e);
            ctx.Error($"Failed to create network from {from}");
            return false;
        }
        ctx.PrintExtra($"Network {net.Name} created from {from}\n");
        return true;
    }

    private static async Task<bool> Start(CommandContext ctx)
    {
        var (net, name) = await ctx.LookupNetworkAsync().ConfigureAwait(false);
        if (net is null) return false;
        return await DomainLifecycleCommands.Act(ctx, net.CreateAsync, $"Failed to start network {name}", $"Network {name} started\n").ConfigureAwait(false);
    }

    private static async Task<bool> Destroy(CommandContext ctx)
    {
        var (net, name) = await ctx.LookupNetworkAsync().ConfigureAwait(false);
        if (net is null) return false;
        return await DomainLifecycleCommands.Act(ctx, net.DestroyAsync, $"Failed to destroy network {name}", $"Network {name} destroyed\n").ConfigureAwait(false);
    }

    private static async Task<bool> Undefine(CommandContext ctx)
    {
        var (net, name) = await ctx.LookupNetworkAsync().ConfigureAwait(false);
        if (net is null) return false;
        return await DomainLifecycleCommands.Act(ctx, net.UndefineAsync, $"Failed to undefine network {name}",
            $"Network {name} has been undefined\n").ConfigureAwait(false);
    }

    private static async Task<bool> Autostart(CommandContext ctx)
    {
        var (net, name) = await ctx.LookupNetworkAsync().ConfigureAwait(false);
        if (net is null) return false;
        bool autostart = !ctx.Has("disable");
        return await DomainLifecycleCommands.Act(ctx, () => net.SetAutostartAsync(autostart),
            autostart ? $"failed to mark network {name} as autostarted" : $"failed to unmark network {name} as autostarted",
            autostart ? $"Network {name} marked as autostarted\n" : $"Network {name} unmarked as autostarted\n").ConfigureAwait(false);
    }

    private static async Task<bool> Name(CommandContext ctx)
    {
        var (net, _) = await ctx.LookupNetworkAsync(LookupBy.Uuid).ConfigureAwait(false);
        if (net is null) return false;
        ctx.Print(net.Name + "\n");
        return true;
    }

    private static async Task<bool> Uuid(CommandContext ctx)
    {
        var (net, _) = await ctx.LookupNetworkAsync(LookupBy.Name).ConfigureAwait(false);
        if (net is null) return false;
        ctx.Print(net.UuidString + "\n");
        return true;
    }

    /// <summary>virshNetworkGetXMLDesc: the inactive definition, or the live one from servers that reject the flag.</summary>
    private static async Task<string> InactiveXmlAsync(CommandContext ctx, Network net)
    {
        try
        {
            return await net.GetXmlDescAsync(1).ConfigureAwait(false);
        }
        catch (LibvirtException e) when (e.Code == ErrorCode.InvalidArg)
        {
            ctx.ResetError();
            return await net.GetXmlDescAsync(0).ConfigureAwait(false);
        }
    }

    private static async Task<bool> Edit(CommandContext ctx)
    {
        var (net, _) = await ctx.LookupNetworkAsync().ConfigureAwait(false);
        if (net is null) return false;
        Network? edited = null;
        var outcome = await EditSession.RunAsync(ctx, () => InactiveXmlAsync(ctx, net),
            async doc => edited = await ctx.Conn.DefineNetworkXmlAsync(doc).ConfigureAwait(false)).ConfigureAwait(false);
        switch (outcome)
        {
            case EditOutcome.NotChanged:
                ctx.PrintExtra($"Network {net.Name} XML configuration not changed.\n");
                return true;
            case EditOutcome.Defined:
                ctx.PrintExtra($"Network {edited!.Name} XML configuration edited.\n");
                return true;
            default:
                return false;
        }
    }

    private static async Task<bool> Update(CommandContext ctx)
    {
        bool config = ctx.Has("config"), live = ctx.Has("live");
        if (!ctx.Exclusive("current", "live") || !ctx.Exclusive("current", "config")) return false;
        var (net, _) = await ctx.LookupNetworkAsync().ConfigureAwait(false);
        if (net is null) return false;
        bool ok = await UpdateCoreAsync(ctx, net, config, live).ConfigureAwait(false);
        ctx.Session.ReportError();
        return ok;
    }

    private static async Task<bool> UpdateCoreAsync(CommandContext ctx, Network net, bool config, bool live)
    {
        if (!ctx.TryString("command", out var commandText)) return false;
        int command = commandText == "add" ? (int)NetworkUpdateCommand.AddLast : Array.IndexOf(UpdateCommands, commandText);
        if (command <= 0)
        {
            ctx.Error($"unrecognized command name '{commandText}'");
            return false;
        }
        if (!ctx.TryString("section", out var sectionText)) return false;
        int section = Array.IndexOf(Sections, sectionText);
        if (section <= 0)
        {
            ctx.Error($"unrecognized section name '{sectionText}'");
            return false;
        }
        int parentIndex = -1;
        if (ctx.OptInt("parent-index", out int pi) < 0) return false;
        if (ctx.Command.Has("parent-index")) parentIndex = pi;
        if (!ctx.TryString("xml", out var xml)) return false;
        if (!xml!.StartsWith('<'))
        {
            xml = ctx.ReadFile(xml);
            if (xml is null) return false;
        }
        var flags = DomainAffect.Current;
        if (config) flags |= DomainAffect.Config;
        if (live) flags |= DomainAffect.Live;
        try
        {
            await net.UpdateAsync((NetworkUpdateCommand)command, (NetworkUpdateSection)section, parentIndex, xml, flags).ConfigureAwait(false);
        }
        catch (LibvirtException e)
        {
            ctx.Save(e);
            ctx.Error($"Failed to update network {net.Name}");
            return false;
        }
        string what;
        if (config) what = live ? "persistent config and live state" : "persistent config";
        else if (live) what = "live state";
        else what = await ctx.QuietBool(net.IsActiveAsync).ConfigureAwait(false) is false ? "persistent config" : "live state";
        ctx.PrintExtra($"Updated network {net.Name} {what}");
        return true;
    }
}
