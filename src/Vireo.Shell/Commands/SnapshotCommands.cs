using System.Globalization;
using System.Text;
using System.Xml.Linq;
using Vireo.Client.Api;
using Vireo.Protocol.Errors;
using Vireo.Shell.Output;
using Vireo.Shell.Output.Json;
using Vireo.Shell.Runtime;

namespace Vireo.Shell.Commands;

/// <summary>snapshot-create-as and snapshot-list (virsh-snapshot.c).</summary>
public static class SnapshotCommands
{
    public static void Register(Dictionary<string, CommandHandler> map)
    {
        map["snapshot-create-as"] = CreateAs;
        map["snapshot-list"] = List;
    }

    private static async Task<bool> CreateAs(CommandContext ctx)
    {
        var flags = SnapshotCreateFlags.None;
        (string Option, SnapshotCreateFlags Flag)[] map =
        [
            ("no-metadata", SnapshotCreateFlags.NoMetadata), ("halt", SnapshotCreateFlags.Halt), ("disk-only", SnapshotCreateFlags.DiskOnly),
            ("reuse-external", SnapshotCreateFlags.ReuseExt), ("quiesce", SnapshotCreateFlags.Quiesce), ("atomic", SnapshotCreateFlags.Atomic),
            ("live", SnapshotCreateFlags.Live), ("validate", SnapshotCreateFlags.Validate),
        ];
        foreach (var (option, flag) in map)
            if (ctx.Has(option)) flags |= flag;
        var (dom, _) = await ctx.LookupDomainAsync().ConfigureAwait(false);
        if (dom is null) return false;
        if (!ctx.TryString("name", out var name) || !ctx.TryString("description", out var desc)) return false;
        var sb = new StringBuilder("<domainsnapshot>\n");
        if (name is not null) sb.Append("  <name>").Append(VirshCommands.XmlEscape(name)).Append("</name>\n");
        if (desc is not null) sb.Append("  <description>").Append(VirshCommands.XmlEscape(desc)).Append("</description>\n");
        if (!ctx.TryString("memspec", out var memspec)) return false;
        if (memspec is not null && !Memspec(ctx, sb, memspec)) return false;
        if (ctx.Has("diskspec"))
        {
            sb.Append("  <disks>\n");
            foreach (var spec in ctx.Command.Argv())
                if (!Diskspec(ctx, sb, spec)) return false;
            sb.Append("  </disks>\n");
        }
        sb.Append("</domainsnapshot>\n");
        string xml = sb.ToString();
        if (ctx.Has("print-xml"))
        {
            ctx.Print(xml + "\n");
            return true;
        }
        return await CreateAsync(ctx, dom, xml, flags).ConfigureAwait(false);
    }

    /// <summary>virshSnapshotCreate, with virsh's fallbacks for servers without VALIDATE or HALT.</summary>
    internal static async Task<bool> CreateAsync(CommandContext ctx, Domain dom, string xml, SnapshotCreateFlags flags)
    {
        DomainSnapshot? snap = null;
        bool halt = false;
        try
        {
            snap = await dom.CreateSnapshotXmlAsync(xml, flags).ConfigureAwait(false);
        }
        catch (LibvirtException e) when (e.Code == ErrorCode.NoSupport)
        {
            flags &= ~SnapshotCreateFlags.Validate;
            try
            {
                snap = await dom.CreateSnapshotXmlAsync(xml, flags).ConfigureAwait(false);
            }
            catch (LibvirtException e2)
            {
                ctx.Save(e2);
            }
        }
        catch (LibvirtException e)
        {
            ctx.Save(e);
        }
        if (snap is null && ctx.Session.LastError is { Code: ErrorCode.InvalidArg } && flags.HasFlag(SnapshotCreateFlags.Halt))
        {
            ctx.ResetError();
            if (!await dom.IsPersistentAsync().ConfigureAwait(false))
            {
                ctx.Error("cannot halt after snapshot of transient domain");
                return false;
            }
            halt = await dom.IsActiveAsync().ConfigureAwait(false);
            flags &= ~SnapshotCreateFlags.Halt;
            snap = await dom.CreateSnapshotXmlAsync(xml, flags).ConfigureAwait(false);
        }
        if (snap is null) return false;
        if (halt) await dom.DestroyAsync().ConfigureAwait(false);
        ctx.PrintExtra($"Domain snapshot {snap.Name} created");
        return true;
    }

    private static bool Memspec(CommandContext ctx, StringBuilder sb, string str)
    {
        string? snapshot = null, file = null;
        foreach (var item in VirshCommands.SplitCommas(str))
        {
            if (snapshot is null && item.StartsWith("snapshot=", StringComparison.Ordinal)) snapshot = item["snapshot=".Length..];
            else if (file is null && item.StartsWith("file=", StringComparison.Ordinal)) file = item["file=".Length..];
            else if (file is null && item.StartsWith('/')) file = item;
            else
            {
                ctx.Error($"unable to parse memspec: {str}");
                return false;
            }
        }
        sb.Append("  <memory");
        if (snapshot is not null) sb.Append($" snapshot='{VirshCommands.XmlEscape(snapshot)}'");
        if (file is not null) sb.Append($" file='{VirshCommands.XmlEscape(file)}'");
        sb.Append("/>\n");
        return true;
    }

    private static bool Diskspec(CommandContext ctx, StringBuilder sb, string str)
    {
        var items = VirshCommands.SplitCommas(str);
        string? snapshot = null, driver = null, stype = null, file = null;
        for (int i = 1; i < items.Count; i++)
        {
            var it = items[i];
            if (snapshot is null && it.StartsWith("snapshot=", StringComparison.Ordinal)) snapshot = it[9..];
            else if (driver is null && it.StartsWith("driver=", StringComparison.Ordinal)) driver = it[7..];
            else if (stype is null && it.StartsWith("stype=", StringComparison.Ordinal)) stype = it[6..];
            else if (file is null && it.StartsWith("file=", StringComparison.Ordinal)) file = it[5..];
            else
            {
                ctx.Error($"unable to parse diskspec: {str}");
                return false;
            }
        }
        var d = new StringBuilder($"    <disk name='{VirshCommands.XmlEscape(items[0])}'");
        if (snapshot is not null) d.Append($" snapshot='{snapshot}'");
        bool isFile = true;
        if (stype is not null)
        {
            if (stype == "block") isFile = false;
            else if (stype != "file")
            {
                ctx.Error($"Unknown storage type: '{stype}'");
                ctx.Error($"unable to parse diskspec: {str}");
                return false;
            }
            d.Append($" type='{stype}'");
        }
        if (driver is not null || file is not null)
        {
            d.Append(">\n");
            if (driver is not null) d.Append($"      <driver type='{driver}'/>\n");
            if (file is not null) d.Append(isFile ? $"      <source file='{VirshCommands.XmlEscape(file)}'/>\n" : $"      <source dev='{VirshCommands.XmlEscape(file)}'/>\n");
            d.Append("    </disk>\n");
        }
        else
        {
            d.Append("/>\n");
        }
        sb.Append(d);
        return true;
    }

    private static async Task<bool> List(CommandContext ctx)
    {
        bool tree = ctx.Has("tree"), name = ctx.Has("name"), from = ctx.Has("from"), parent = ctx.Has("parent");
        bool roots = ctx.Has("roots"), current = ctx.Has("current");
        if (!ctx.ExclusiveVar("tree", tree, "name", name) || !ctx.ExclusiveVar("parent", parent, "roots", roots)
            || !ctx.ExclusiveVar("parent", parent, "tree", tree) || !ctx.ExclusiveVar("roots", roots, "tree", tree)
            || !ctx.ExclusiveVar("roots", roots, "from", from) || !ctx.ExclusiveVar("roots", roots, "current", current))
            return false;
        var flags = SnapshotListFlags.None;
        (string Option, SnapshotListFlags Flag)[] filters =
        [
            ("leaves", SnapshotListFlags.Leaves), ("no-leaves", SnapshotListFlags.NoLeaves), ("inactive", SnapshotListFlags.Inactive),
            ("active", SnapshotListFlags.Active), ("disk-only", SnapshotListFlags.DiskOnly), ("internal", SnapshotListFlags.Internal),
            ("external", SnapshotListFlags.External),
        ];
        foreach (var (option, flag) in filters)
        {
            if (!ctx.Has(option)) continue;
            if (tree)
            {
                ctx.Error($"--{option} and --tree are mutually exclusive");
                return false;
            }
            flags |= flag;
        }
        if (ctx.Has("topological")) flags |= SnapshotListFlags.Topological;
        if (roots) flags |= SnapshotListFlags.Roots;
        if (ctx.Has("metadata")) flags |= SnapshotListFlags.Metadata;
        if (ctx.Has("no-metadata")) flags |= SnapshotListFlags.NoMetadata;
        if (ctx.Has("descendants"))
        {
            if (!from && !current)
            {
                ctx.Error("--descendants requires either --from or --current");
                return false;
            }
            flags |= SnapshotListFlags.Descendants;
        }
        var (dom, _) = await ctx.LookupDomainAsync().ConfigureAwait(false);
        if (dom is null) return false;
        List<DomainSnapshot> snaps;
        if (from || current)
        {
            // children (or, with --descendants, all descendants) of --from NAME or of the current snapshot
            if (!ctx.TryString("from", out var fromName)) return false;
            var start = fromName is not null ? await dom.LookupSnapshotByNameAsync(fromName).ConfigureAwait(false)
                : await dom.GetCurrentSnapshotAsync().ConfigureAwait(false);
            snaps = (await start.ListAllChildrenAsync((uint)flags).ConfigureAwait(false)).ToList();
            if (tree) snaps.Add(start);
        }
        else
            snaps = (await dom.ListAllSnapshotsAsync(flags).ConfigureAwait(false)).ToList();
        snaps.Sort((a, b) => DomainListCommands.CaseInsensitive(a.Name, b.Name));
        if (name && !ctx.Json)
        {
            ctx.Print(string.Concat(snaps.Select(s => s.Name + "\n")));
            return true;
        }

        var rows = new List<(string Name, string Time, long Epoch, string State, string? Parent)>();
        foreach (var s in snaps)
        {
            var doc = await ctx.Quiet(() => s.GetXmlDescAsync()).ConfigureAwait(false);
            if (doc is null) continue;
            XElement root;
            try
            {
                root = XDocument.Parse(doc).Root!;
            }
            catch (System.Xml.XmlException)
            {
                continue;
            }
            string? state = root.Element("state")?.Value;
            if (state is null || !long.TryParse(root.Element("creationTime")?.Value, out long created)) continue;
            string? parentName = root.Element("parent")?.Element("name")?.Value;
            rows.Add((s.Name, FormatTime(created), created, state, parentName));
        }
        ctx.ResetError();

        if (ctx.Json)
        {
            ctx.PrintJson(rows.Select(r => new SnapshotListEntry(r.Name, r.Time, r.Epoch, r.State, r.Parent)).ToList(),
                VshJson.Output.ListSnapshotListEntry);
            return true;
        }
        if (tree)
        {
            var names = rows.Select(r => r.Name).ToList();
            var parents = rows.Select(r => r.Parent is not null && names.Contains(r.Parent) ? r.Parent : null).ToList();
            var sb = new StringBuilder();
            for (int i = 0; i < names.Count; i++)
                if (parents[i] is null) TreePrint(sb, names, parents, i, i, root: true, new StringBuilder());
            ctx.Print(sb.ToString());
            return true;
        }
        var table = parent ? new TextTable("Name", "Creation Time", "State", "Parent") : new TextTable("Name", "Creation Time", "State");
        foreach (var r in rows)
        {
            if (parent) table.Add(r.Name, r.Time, r.State, r.Parent ?? "");
            else table.Add(r.Name, r.Time, r.State);
        }
        ctx.Print(table.Render(!ctx.Out.Quiet));
        return true;
    }

    /// <summary>g_date_time_format(local, "%Y-%m-%d %H:%M:%S %z").</summary>
    public static string FormatTime(long epoch)
    {
        var t = DateTimeOffset.FromUnixTimeSeconds(epoch).ToLocalTime();
        var off = t.Offset;
        string sign = off < TimeSpan.Zero ? "-" : "+";
        off = off.Duration();
        return t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + $" {sign}{off.Hours:00}{off.Minutes:00}";
    }

    /// <summary>vshTreePrintInternal.</summary>
    private static void TreePrint(StringBuilder sb, List<string> names, List<string?> parents, int dev, int lastdev, bool root, StringBuilder indent)
    {
        sb.Append(indent).Append(root ? "" : "+- ").Append(names[dev]).Append('\n');
        if (!root) indent.Append(dev == lastdev ? ' ' : '|').Append(' ');
        int nextlast = -1;
        for (int i = 0; i < names.Count; i++)
            if (parents[i] == names[dev]) nextlast = i;
        if (nextlast != -1) sb.Append(indent).Append("  |\n");
        indent.Append("  ");
        for (int i = 0; i < names.Count; i++)
            if (parents[i] == names[dev]) TreePrint(sb, names, parents, i, nextlast, root: false, indent);
        indent.Length -= 2;
        if (nextlast == -1 && dev == lastdev) sb.Append(indent).Append('\n');
        if (!root) indent.Length -= 2;
    }
}
