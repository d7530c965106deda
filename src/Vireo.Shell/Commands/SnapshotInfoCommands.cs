using System.Xml.Linq;
using Vireo.Client.Api;
using Vireo.Protocol.Errors;
using Vireo.Shell.Runtime;

namespace Vireo.Shell.Commands;

/// <summary>snapshot-create (from XML) and snapshot-info (virsh-snapshot.c).</summary>
public static class SnapshotInfoCommands
{
    public static void Register(Dictionary<string, CommandHandler> map)
    {
        map["snapshot-create"] = Create;
        map["snapshot-info"] = Info;
    }

    private static async Task<bool> Create(CommandContext ctx)
    {
        var flags = SnapshotCreateFlags.None;
        (string Option, SnapshotCreateFlags Flag)[] map =
        [
            ("redefine", SnapshotCreateFlags.Redefine), ("current", SnapshotCreateFlags.Current), ("no-metadata", SnapshotCreateFlags.NoMetadata),
            ("halt", SnapshotCreateFlags.Halt), ("disk-only", SnapshotCreateFlags.DiskOnly), ("reuse-external", SnapshotCreateFlags.ReuseExt),
            ("quiesce", SnapshotCreateFlags.Quiesce), ("atomic", SnapshotCreateFlags.Atomic), ("live", SnapshotCreateFlags.Live),
            ("validate", SnapshotCreateFlags.Validate),
        ];
        foreach (var (option, flag) in map)
            if (ctx.Has(option)) flags |= flag;
        var (dom, _) = await ctx.LookupDomainAsync().ConfigureAwait(false);
        if (dom is null) return false;
        if (!ctx.TryString("xmlfile", out var file)) return false;
        string xml = "<domainsnapshot/>";
        if (file is not null)
        {
            var text = ctx.ReadFile(file);
            if (text is null) return false;
            xml = text;
        }
        return await SnapshotCommands.CreateAsync(ctx, dom, xml, flags).ConfigureAwait(false);
    }

    private static async Task<bool> Info(CommandContext ctx)
    {
        var (dom, domName) = await ctx.LookupDomainAsync().ConfigureAwait(false);
        if (dom is null) return false;
        if (!ctx.TryString("snapshotname", out var name)) return false;
        bool current = ctx.Has("current");
        if (name is null && !current)
        {
            ctx.Error("--snapshotname or --current is required");
            return false;
        }
        try
        {
            var snap = name is not null ? await dom.LookupSnapshotByNameAsync(name).ConfigureAwait(false) : await dom.GetCurrentSnapshotAsync().ConfigureAwait(false);
            var root = XElement.Parse(await snap.GetXmlDescAsync().ConfigureAwait(false));
            string state = root.Element("state")?.Value ?? "";
            bool external = root.Descendants().Any(e => (string?)e.Attribute("snapshot") == "external");
            string location = state == "disk-snapshot" || external ? "external" : "internal";
            string parent = root.Element("parent")?.Element("name")?.Value ?? "-";
            void Row(string label, object value) => ctx.Print($"{label,-15} {value}\n");
            Row("Name:", snap.Name);
            Row("Domain:", domName);
            Row("Current:", await snap.IsCurrentAsync().ConfigureAwait(false) ? "yes" : "no");
            Row("State:", state);
            Row("Location:", location);
            Row("Parent:", parent);
            Row("Children:", (await snap.ListAllChildrenAsync().ConfigureAwait(false)).Count);
            Row("Descendants:", (await snap.ListAllChildrenAsync(1).ConfigureAwait(false)).Count);
            Row("Metadata:", await snap.HasMetadataAsync().ConfigureAwait(false) ? "yes" : "no");
            ctx.Print("\n");
            return true;
        }
        catch (LibvirtException e)
        {
            ctx.Save(e);
            return false;
        }
    }
}
