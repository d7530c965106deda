using System.Text;
using Vireo.Client.Api;
using Vireo.Protocol.Errors;
using Vireo.Shell.Output;
using Vireo.Shell.Output.Json;
using Vireo.Shell.Runtime;

namespace Vireo.Shell.Commands;

/// <summary><c>dominfo</c>, <c>domstate</c>, <c>domid</c>, <c>domuuid</c>, <c>domname</c>.</summary>
public static class DomainInfoCommands
{
    public static void Register(Dictionary<string, CommandHandler> map)
    {
        map["dominfo"] = DomInfo;
        map["domstate"] = DomState;
        map["domid"] = DomId;
        map["domuuid"] = DomUuid;
        map["domname"] = DomName;
    }

    private static string Line(string key, string value) => Fmt.Left(key, 15) + " " + value + "\n";

    private static async Task<bool> DomInfo(CommandContext ctx)
    {
        var (dom, _) = await ctx.LookupDomainAsync().ConfigureAwait(false);
        if (dom is null) return false;
        bool ret = true;
        var sb = new StringBuilder();
        var json = new DomainInfoJson(dom.Id == -1 ? null : dom.Id, dom.Name, dom.UuidString, null, null, null, null, null, null,
            null, null, null, null, null, null, []);

        sb.Append(Line("Id:", dom.Id == -1 ? "-" : Fmt.Num(dom.Id)));
        sb.Append(Line("Name:", dom.Name));
        sb.Append(Line("UUID:", dom.UuidString));
        if (await ctx.Quiet(dom.GetOsTypeAsync).ConfigureAwait(false) is { } os)
        {
            sb.Append(Line("OS Type:", os));
            json = json with { OsType = os };
        }
        if (await ctx.Quiet(dom.GetInfoAsync).ConfigureAwait(false) is { } info)
        {
            sb.Append(Line("State:", DomainText.State(info.State)));
            sb.Append(Line("CPU(s):", Fmt.Num(info.VirtualCpus)));
            double cpuUsed = info.CpuTime / 1000000000.0;
            if (info.CpuTime != 0) sb.Append(Line("CPU time:", Fmt.Fixed(cpuUsed, 1) + "s"));
            sb.Append(Line("Max memory:", info.MaxMemory != uint.MaxValue ? Fmt.Num(info.MaxMemory) + " KiB" : "no limit"));
            sb.Append(Line("Used memory:", Fmt.Num(info.Memory) + " KiB"));
            json = json with
            {
                State = DomainText.State(info.State),
                Cpus = info.VirtualCpus,
                CpuTimeSeconds = cpuUsed,
                MaxMemoryKib = info.MaxMemory,
                UsedMemoryKib = info.Memory,
            };
        }
        else
        {
            ret = false;
        }

        bool? persistent = await ctx.QuietBool(dom.IsPersistentAsync).ConfigureAwait(false);
        sb.Append(Line("Persistent:", persistent is null ? "unknown" : persistent.Value ? "yes" : "no"));
        bool? autostart = await ctx.QuietBool(dom.GetAutostartAsync).ConfigureAwait(false);
        if (autostart is not null) sb.Append(Line("Autostart:", autostart.Value ? "enable" : "disable"));
        bool? saved = await ctx.QuietBool(dom.HasManagedSaveImageAsync).ConfigureAwait(false);
        sb.Append(Line("Managed save:", saved is null ? "unknown" : saved.Value ? "yes" : "no"));
        json = json with { Persistent = persistent, Autostart = autostart, ManagedSave = saved };

        SecurityModel? model = null;
        try
        {
            model = await ctx.Conn.GetSecurityModelAsync().ConfigureAwait(false);
        }
        catch (LibvirtException e) when (e.Code == ErrorCode.NoSupport)
        {
            ctx.ResetError();
        }
        catch (LibvirtException e)
        {
            ctx.Save(e);
            Flush(ctx, sb, json);
            return false;
        }
        if (model is { Model.Length: > 0 })
        {
            sb.Append(Line("Security model:", model.Model));
            sb.Append(Line("Security DOI:", model.Doi));
            json = json with { SecurityModel = model.Model, SecurityDoi = model.Doi };
            DomainSecurityLabel label;
            try
            {
                label = await dom.GetSecurityLabelAsync().ConfigureAwait(false);
            }
            catch (LibvirtException e)
            {
                ctx.Save(e);
                Flush(ctx, sb, json);
                return false;
            }
            if (label.Label.Length > 0)
            {
                sb.Append(Line("Security label:", $"{label.Label} ({(label.Enforcing ? "enforcing" : "permissive")})"));
                json = json with { SecurityLabel = label.Label };
            }
        }

        try
        {
            var messages = await dom.GetMessagesAsync().ConfigureAwait(false);
            for (int i = 0; i < messages.Count; i++) sb.Append(Line(i == 0 ? "Messages:" : "", messages[i]));
            json = json with { Messages = messages };
        }
        catch (LibvirtException)
        {
            // virsh ignores a failing virDomainGetMessages, but keeps its error
        }
        Flush(ctx, sb, json);
        return ret;
    }

    private static void Flush(CommandContext ctx, StringBuilder sb, DomainInfoJson json)
    {
        if (ctx.Json) ctx.PrintJson(json, VshJson.Output.DomainInfoJson);
        else ctx.Print(sb.ToString());
    }

    private static async Task<bool> DomState(CommandContext ctx)
    {
        bool showReason = ctx.Has("reason");
        var (dom, _) = await ctx.LookupDomainAsync().ConfigureAwait(false);
        if (dom is null) return false;
        var (state, reason) = await dom.GetStateAsync().ConfigureAwait(false);
        if (ctx.Json)
        {
            ctx.PrintJson(new DomainStateJson(DomainText.State(state), showReason ? DomainText.Reason(state, reason) : null),
                VshJson.Output.DomainStateJson);
            return true;
        }
        ctx.Print(showReason ? $"{DomainText.State(state)} ({DomainText.Reason(state, reason)})\n" : DomainText.State(state) + "\n");
        return true;
    }

    private static async Task<bool> DomId(CommandContext ctx)
    {
        var (dom, _) = await ctx.LookupDomainAsync(LookupBy.Name | LookupBy.Uuid).ConfigureAwait(false);
        if (dom is null) return false;
        if (ctx.Json) ctx.PrintJson(Identity(dom), VshJson.Output.DomainIdentityJson);
        else ctx.Print((dom.Id == -1 ? "-" : Fmt.Num(dom.Id)) + "\n");
        return true;
    }

    private static async Task<bool> DomUuid(CommandContext ctx)
    {
        var (dom, _) = await ctx.LookupDomainAsync(LookupBy.Name | LookupBy.Id).ConfigureAwait(false);
        if (dom is null) return false;
        if (ctx.Json) ctx.PrintJson(Identity(dom), VshJson.Output.DomainIdentityJson);
        else ctx.Print(dom.UuidString + "\n");
        return true;
    }

    private static async Task<bool> DomName(CommandContext ctx)
    {
        var (dom, _) = await ctx.LookupDomainAsync(LookupBy.Id | LookupBy.Uuid).ConfigureAwait(false);
        if (dom is null) return false;
        if (ctx.Json) ctx.PrintJson(Identity(dom), VshJson.Output.DomainIdentityJson);
        else ctx.Print(dom.Name + "\n");
        return true;
    }

    private static DomainIdentityJson Identity(Domain dom) => new(dom.Id == -1 ? null : dom.Id, dom.Name, dom.UuidString);
}
