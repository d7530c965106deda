using Vireo.Client.Api;
using Vireo.Protocol.Errors;
using Vireo.Shell.Runtime;

namespace Vireo.Shell.Commands;

/// <summary>snapshot-current, snapshot-dumpxml, snapshot-parent, snapshot-revert, snapshot-delete (virsh-snapshot.c).</summary>
public static class SnapshotManageCommands
{
    public static void Register(Dictionary<string, CommandHandler> map)
    {
        map["snapshot-current"] = Current;
        map["snapshot-dumpxml"] = DumpXml;
        map["snapshot-parent"] = Parent;
        map["snapshot-revert"] = Revert;
        map["snapshot-delete"] = Delete;
    }

    /// <summary>virshLookupSnapshot: --snapshotname or --current (mutually exclusive when <paramref name="exclusive"/>).</summary>
    private static async Task<DomainSnapshot?> LookupAsync(CommandContext ctx, Domain dom, bool exclusive = true)
    {
        bool current = ctx.Has("current");
        if (!ctx.TryString("snapshotname", out var name)) return null;
        if (exclusive && current && name is not null)
        {
            ctx.Error("--snapshotname and --current are mutually exclusive");
            return null;
        }
        if (name is null && !current)
        {
            ctx.Error("--snapshotname or --current is required");
            return null;
        }
        try
        {
            return name is not null
                ? await dom.LookupSnapshotByNameAsync(name).ConfigureAwait(false)
                : await dom.GetCurrentSnapshotAsync().ConfigureAwait(false);
        }
        catch (LibvirtException e)
        {
            ctx.Save(e);
            ctx.Session.ReportError();
            return null;
        }
    }

    private static async Task<bool> Current(CommandContext ctx)
    {
        uint flags = ctx.Has("security-info") ? 1u : 0u;
        if (!ctx.Exclusive("name", "snapshotname")) return false;
        var (dom, domName) = await ctx.LookupDomainAsync().ConfigureAwait(false);
        if (dom is null) return false;
        if (!ctx.TryString("snapshotname", out var snapshotName)) return false;
        if (snapshotName is not null)
        {
            var snap = await dom.LookupSnapshotByNameAsync(snapshotName).ConfigureAwait(false);
            string xml = await snap.GetXmlDescAsync(1).ConfigureAwait(false);
            var createFlags = SnapshotCreateFlags.Redefine | SnapshotCreateFlags.Current;
            if (xml.Contains("<state>disk-snapshot</state>", StringComparison.Ordinal)) createFlags |= SnapshotCreateFlags.DiskOnly;
            await dom.CreateSnapshotXmlAsync(xml, createFlags).ConfigureAwait(false);
            ctx.PrintExtra($"Snapshot {snapshotName} set as current");
            return true;
        }
        if (!await dom.HasCurrentSnapshotAsync().ConfigureAwait(false))
        {
            ctx.Error($"domain '{domName}' has no current snapshot");
            return false;
        }
        var current = await dom.GetCurrentSnapshotAsync().ConfigureAwait(false);
        ctx.Print(ctx.Has("name") ? current.Name : await current.GetXmlDescAsync(flags).ConfigureAwait(false));
        return true;
    }

    private static async Task<bool> DumpXml(CommandContext ctx)
    {
        bool wrap = ctx.Has("wrap");
        uint flags = ctx.Has("security-info") ? 1u : 0u;
        if (!ctx.TryString("snapshotname", out var name)) return false;
        var (dom, _) = await ctx.LookupDomainAsync().ConfigureAwait(false);
        if (dom is null) return false;
        var snap = await dom.LookupSnapshotByNameAsync(name!).ConfigureAwait(false);
        if (ctx.StringQuiet("xpath", out var xpath) < 0) return false;
        var xml = await snap.GetXmlDescAsync(flags).ConfigureAwait(false);
        return DomainXmlCommands.PrintXml(ctx, xml, xpath, wrap);
    }

    private static async Task<bool> Parent(CommandContext ctx)
    {
        var (dom, _) = await ctx.LookupDomainAsync().ConfigureAwait(false);
        if (dom is null) return false;
        var snap = await LookupAsync(ctx, dom).ConfigureAwait(false);
        if (snap is null) return false;
        string? parent = null;
        try
        {
            parent = (await snap.GetParentAsync().ConfigureAwait(false)).Name;
        }
        catch (LibvirtException e) when (e.Code == ErrorCode.NoDomainSnapshot)
        {
            // a root snapshot
        }
        catch (LibvirtException e)
        {
            ctx.Save(e);
            ctx.Session.ReportError();
            ctx.Error("unable to determine if snapshot has parent");
            return false;
        }
        if (parent is null)
        {
            ctx.Error($"snapshot '{snap.Name}' has no parent");
            return false;
        }
        ctx.Print(parent);
        return true;
    }

    private static async Task<bool> Revert(CommandContext ctx)
    {
        var flags = SnapshotRevertFlags.None;
        if (ctx.Has("running")) flags |= SnapshotRevertFlags.Running;
        if (ctx.Has("paused")) flags |= SnapshotRevertFlags.Paused;
        if (ctx.Has("reset-nvram")) flags |= SnapshotRevertFlags.ResetNvram;
        bool force = ctx.Has("force");
        var (dom, _) = await ctx.LookupDomainAsync().ConfigureAwait(false);
        if (dom is null) return false;
        var snap = await LookupAsync(ctx, dom).ConfigureAwait(false);
        if (snap is null) return false;
        try
        {
            try
            {
                await snap.RevertAsync(flags).ConfigureAwait(false);
            }
            catch (LibvirtException e) when (force && e.Code == ErrorCode.SnapshotRevertRisky)
            {
                // probe without --force first so that servers rejecting the flag still work, as virsh does
                await snap.RevertAsync(flags | SnapshotRevertFlags.Force).ConfigureAwait(false);
            }
        }
        catch (LibvirtException e)
        {
            ctx.Save(e);
            ctx.Error($"Failed to revert snapshot {snap.Name}");
            return false;
        }
        ctx.PrintExtra($"Domain snapshot {snap.Name} reverted\n");
        return true;
    }

    private static async Task<bool> Delete(CommandContext ctx)
    {
        var (dom, _) = await ctx.LookupDomainAsync().ConfigureAwait(false);
        if (dom is null) return false;
        var snap = await LookupAsync(ctx, dom).ConfigureAwait(false);
        if (snap is null) return false;
        var flags = SnapshotDeleteFlags.None;
        if (ctx.Has("children")) flags |= SnapshotDeleteFlags.Children;
        if (ctx.Has("children-only")) flags |= SnapshotDeleteFlags.ChildrenOnly;
        if (ctx.Has("metadata")) flags |= SnapshotDeleteFlags.MetadataOnly;
        try
        {
            await snap.DeleteAsync(flags).ConfigureAwait(false);
        }
        catch (LibvirtException e)
        {
            ctx.Save(e);
            ctx.Error($"Failed to delete snapshot {snap.Name}");
            return false;
        }
        ctx.PrintExtra(flags.HasFlag(SnapshotDeleteFlags.ChildrenOnly)
            ? $"Domain snapshot {snap.Name} children deleted\n"
            : $"Domain snapshot {snap.Name} deleted\n");
        return true;
    }
}
