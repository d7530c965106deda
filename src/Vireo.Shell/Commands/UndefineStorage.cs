using System.Xml.Linq;
using Vireo.Client.Api;
using Vireo.Protocol.Errors;
using Vireo.Shell.Runtime;

namespace Vireo.Shell.Commands;

/// <summary><c>undefine --storage/--remove-all-storage</c>: finds the domain's volumes and removes them afterwards.</summary>
internal static class UndefineStorage
{
    /// <summary>The volumes to remove, or null (reported) when the request cannot be honoured.</summary>
    public static async Task<List<(StorageVolume Vol, string Source, string Target)>?> CollectAsync(
        CommandContext ctx, Domain dom, bool running, string? volString, bool removeAll)
    {
        if (running)
        {
            ctx.Error("Storage volume deletion is supported only on stopped domains");
            return null;
        }
        if (volString is not null && removeAll)
        {
            ctx.Error("Specified both --storage and --remove-all-storage");
            return null;
        }
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
        var wanted = volString is null ? null : VirshCommands.SplitCommas(volString).Select(s => (string?)s).ToList();
        var result = new List<(StorageVolume, string, string)>();
        var doc = XDocument.Parse(xml);
        foreach (var disk in doc.Root?.Element("devices")?.Elements("disk") ?? [])
        {
            string target = disk.Element("target")?.Attribute("dev")?.Value ?? "";
            var src = disk.Element("source");
            string? source = src?.Attribute("file")?.Value ?? src?.Attribute("dir")?.Value ?? src?.Attribute("name")?.Value
                ?? src?.Attribute("dev")?.Value ?? src?.Attribute("volume")?.Value;
            if (string.IsNullOrEmpty(source)) continue;
            string? pool = src?.Attribute("pool")?.Value;
            if (wanted is not null)
            {
                int idx = wanted.FindIndex(w => w == target || w == source);
                if (idx < 0) continue;
                wanted[idx] = null;
            }
            StorageVolume? vol;
            if (pool is not null)
            {
                var p = await ctx.Quiet(() => ctx.Conn.LookupStoragePoolByNameAsync(pool)).ConfigureAwait(false);
                if (p is null)
                {
                    ctx.Error($"Storage pool '{pool}' for volume '{target}' not found.");
                    ctx.ResetError();
                    continue;
                }
                vol = await ctx.Quiet(() => p.LookupVolumeByNameAsync(source)).ConfigureAwait(false);
            }
            else
            {
                vol = await ctx.Quiet(() => ctx.Conn.LookupStorageVolumeByPathAsync(source)).ConfigureAwait(false);
            }
            if (vol is null)
            {
                ctx.Error($"Storage volume '{target}'({source}) is not managed by libvirt. Remove it manually.\n");
                ctx.ResetError();
                continue;
            }
            result.Add((vol, source, target));
        }
        if (wanted is not null)
        {
            bool missing = false;
            foreach (var w in wanted.Where(w => w is not null))
            {
                ctx.Error($"Volume '{w}' was not found in domain's definition.\n");
                missing = true;
            }
            if (missing) return null;
        }
        return result;
    }

    /// <summary>Wipes (optionally) and deletes the collected volumes, reporting each.</summary>
    public static async Task<bool> RemoveAsync(CommandContext ctx, List<(StorageVolume Vol, string Source, string Target)> volumes, bool wipe, bool withSnapshots)
    {
        bool ret = true;
        foreach (var (vol, source, target) in volumes)
        {
            if (wipe)
            {
                ctx.PrintExtra($"Wiping volume '{target}'({source}) ... ");
                ctx.Out.Flush();
                if (!await ctx.Try(() => vol.WipeAsync()).ConfigureAwait(false))
                {
                    ctx.Error("Failed! Volume not removed.");
                    ret = false;
                    continue;
                }
                ctx.PrintExtra("Done.\n");
            }
            var flags = withSnapshots ? StorageVolumeDeleteFlags.WithSnapshots : StorageVolumeDeleteFlags.Normal;
            if (!await ctx.Try(() => vol.DeleteAsync(flags)).ConfigureAwait(false))
            {
                ctx.Error($"Failed to remove storage volume '{target}'({source})");
                ret = false;
            }
            else
            {
                ctx.PrintExtra($"Volume '{target}'({source}) removed.\n");
            }
        }
        return ret;
    }
}
