using System.Text;
using Vireo.Client.Api;
using Vireo.Protocol.Errors;
using Vireo.Shell.Output;
using Vireo.Shell.Output.Json;
using Vireo.Shell.Runtime;

namespace Vireo.Shell.Commands;

/// <summary><c>list</c> (virsh-domain-monitor.c cmdList).</summary>
public static class DomainListCommands
{
    public static void Register(Dictionary<string, CommandHandler> map) => map["list"] = List;

    private static async Task<bool> List(CommandContext ctx)
    {
        bool managed = ctx.Has("managed-save"), optTitle = ctx.Has("title"), optTable = ctx.Has("table");
        bool optUuid = ctx.Has("uuid"), optName = ctx.Has("name"), optId = ctx.Has("id");

        var flags = ListDomainsFlags.Active;
        if (ctx.Has("inactive") || ctx.Has("state-shutoff")) flags = ListDomainsFlags.Inactive;
        if (ctx.Has("all")) flags = ListDomainsFlags.Inactive | ListDomainsFlags.Active;
        (string Option, ListDomainsFlags Flag)[] filters =
        [
            ("persistent", ListDomainsFlags.Persistent), ("transient", ListDomainsFlags.Transient),
            ("with-managed-save", ListDomainsFlags.ManagedSave), ("without-managed-save", ListDomainsFlags.NoManagedSave),
            ("autostart", ListDomainsFlags.Autostart), ("no-autostart", ListDomainsFlags.NoAutostart),
            ("with-snapshot", ListDomainsFlags.HasSnapshot), ("without-snapshot", ListDomainsFlags.NoSnapshot),
            ("with-checkpoint", ListDomainsFlags.HasCheckpoint), ("without-checkpoint", ListDomainsFlags.NoCheckpoint),
            ("state-running", ListDomainsFlags.Running), ("state-paused", ListDomainsFlags.Paused),
            ("state-shutoff", ListDomainsFlags.Shutoff), ("state-other", ListDomainsFlags.Other),
        ];
        foreach (var (option, flag) in filters)
            if (ctx.Has(option)) flags |= flag;

        if (!ctx.Exclusive("table", "name") || !ctx.Exclusive("table", "uuid") || !ctx.Exclusive("table", "id")) return false;
        if (!optUuid && !optName && !optId) optTable = true;

        IReadOnlyList<Domain> domains;
        try
        {
            domains = await ctx.Conn.ListAllDomainsAsync(flags).ConfigureAwait(false);
        }
        catch (LibvirtException e)
        {
            ctx.Save(e);
            ctx.Error("Failed to list domains");
            return false;
        }
        var sorted = domains.ToList();
        sorted.Sort(Compare);

        var json = new List<DomainListEntry>();
        var table = optTable ? (optTitle ? new TextTable("Id", "Name", "State", "Title") : new TextTable("Id", "Name", "State")) : null;
        var lines = new StringBuilder();
        foreach (var dom in sorted)
        {
            string id = dom.Id != -1 ? dom.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) : "-";
            if (optTable || ctx.Json)
            {
                DomainState state;
                try
                {
                    state = (await dom.GetStateAsync().ConfigureAwait(false)).State;
                }
                catch (LibvirtException)
                {
                    ctx.ResetError();
                    continue; // gone in the meantime
                }
                string stateText = DomainText.State(state);
                if (managed && state == DomainState.Shutoff && await HasManagedSaveAsync(dom).ConfigureAwait(false)) stateText = "saved";
                string? title = null;
                if (optTitle)
                {
                    title = await TitleAsync(ctx, dom).ConfigureAwait(false);
                    if (title is null) return false;
                }
                if (ctx.Json)
                {
                    json.Add(new DomainListEntry(dom.Id == -1 ? null : dom.Id, dom.Name, dom.UuidString, stateText, title));
                    continue;
                }
                if (optTitle) table!.Add(id, dom.Name, stateText, title!);
                else table!.Add(id, dom.Name, stateText);
                continue;
            }
            string sep = "";
            if (optUuid)
            {
                lines.Append(dom.UuidString);
                sep = " ";
            }
            if (optId)
            {
                if (dom.Id == -1 && !optUuid && !optName) continue;
                lines.Append(sep).Append(id);
                sep = " ";
            }
            if (optName) lines.Append(sep).Append(dom.Name);
            lines.Append('\n');
        }

        if (ctx.Json) ctx.PrintJson(json, VshJson.Output.ListDomainListEntry);
        else if (table is not null) ctx.Print(table.Render(!ctx.Out.Quiet));
        else ctx.Print(lines.ToString());
        return true;
    }

    private static async Task<bool> HasManagedSaveAsync(Domain dom)
    {
        try
        {
            return await dom.HasManagedSaveImageAsync().ConfigureAwait(false);
        }
        catch (LibvirtException)
        {
            return false;
        }
    }

    /// <summary>virshGetDomainDescription(title): the &lt;title&gt; of the domain XML ("" when none).</summary>
    public static async Task<string?> TitleAsync(CommandContext ctx, Domain dom)
    {
        string xml;
        try
        {
            xml = await dom.GetXmlDescAsync().ConfigureAwait(false);
        }
        catch (LibvirtException e)
        {
            ctx.Save(e);
            ctx.Error("Failed to get domain description xml");
            return null;
        }
        var doc = System.Xml.Linq.XDocument.Parse(xml);
        return doc.Root?.Element("title")?.Value ?? "";
    }

    /// <summary>virshDomainSorter: running domains by id, then inactive ones by name (ASCII case-insensitive).</summary>
    public static int Compare(Domain a, Domain b)
    {
        bool ia = a.Id == -1, ib = b.Id == -1;
        if (ia && ib) return CaseInsensitive(a.Name, b.Name);
        if (!ia && !ib) return a.Id.CompareTo(b.Id);
        return ia ? 1 : -1;
    }

    /// <summary>strcasecmp in the C locale.</summary>
    public static int CaseInsensitive(string a, string b)
    {
        int n = Math.Min(a.Length, b.Length);
        for (int i = 0; i < n; i++)
        {
            int ca = char.ToLowerInvariant(a[i]), cb = char.ToLowerInvariant(b[i]);
            if (ca != cb) return ca - cb;
        }
        return a.Length - b.Length;
    }
}
