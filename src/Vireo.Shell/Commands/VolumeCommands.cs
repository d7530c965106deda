using System.Text;
using Vireo.Client.Api;
using Vireo.Protocol.Errors;
using Vireo.Shell.Output;
using Vireo.Shell.Output.Json;
using Vireo.Shell.Parsing;
using Vireo.Shell.Runtime;

namespace Vireo.Shell.Commands;

/// <summary>vol-list, vol-info, vol-create-as, vol-delete, vol-dumpxml, vol-path (virsh-volume.c).</summary>
public static class VolumeCommands
{
    public static void Register(Dictionary<string, CommandHandler> map)
    {
        map["vol-list"] = List;
        map["vol-info"] = Info;
        map["vol-create-as"] = CreateAs;
        map["vol-delete"] = Delete;
        map["vol-dumpxml"] = DumpXml;
        map["vol-path"] = PathOf;
        map["vol-key"] = Key;
        map["vol-name"] = NameOf;
        map["vol-pool"] = PoolOf;
    }

    /// <summary>virshVolumeTypeToString.</summary>
    public static string TypeText(StorageVolumeType t) => t switch
    {
        StorageVolumeType.File => "file",
        StorageVolumeType.Block => "block",
        StorageVolumeType.Dir => "dir",
        StorageVolumeType.Network => "network",
        StorageVolumeType.Netdir => "netdir",
        StorageVolumeType.Ploop => "ploop",
        _ => "unknown",
    };

    private static string Size(ulong bytes)
    {
        var (v, unit) = Fmt.PrettyCapacity(bytes);
        return Fmt.Fixed(v, 2) + " " + unit;
    }

    private static async Task<bool> List(CommandContext ctx)
    {
        bool details = ctx.Has("details");
        var (pool, _) = await ctx.LookupPoolAsync().ConfigureAwait(false);
        if (pool is null) return false;
        IReadOnlyList<StorageVolume> vols;
        try
        {
            vols = await pool.ListAllVolumesAsync().ConfigureAwait(false);
        }
        catch (LibvirtException e)
        {
            ctx.Save(e);
            ctx.Error("Failed to list active vols");
            return false;
        }
        var sorted = vols.ToList();
        sorted.Sort((a, b) => DomainListCommands.CaseInsensitive(a.Name, b.Name));
        var table = details ? new TextTable("Name", "Path", "Type", "Capacity", "Allocation") : new TextTable("Name", "Path");
        var json = new List<VolumeListEntry>();
        foreach (var vol in sorted)
        {
            string path = await ctx.Quiet(vol.GetPathAsync).ConfigureAwait(false) ?? "unknown";
            StorageVolumeInfo? info = null;
            if (details || ctx.Json) info = await ctx.Quiet(() => vol.GetInfoAsync()).ConfigureAwait(false);
            if (details)
            {
                if (info is null) table.Add(vol.Name, path, "unknown", "unknown", "unknown");
                else table.Add(vol.Name, path, TypeText(info.Type), Size(info.Capacity), Size(info.Allocation));
            }
            else
            {
                table.Add(vol.Name, path);
            }
            json.Add(new VolumeListEntry(vol.Name, path, info is null ? null : TypeText(info.Type), info?.Capacity, info?.Allocation));
        }
        ctx.ResetError();
        if (ctx.Json) ctx.PrintJson(json, VshJson.Output.ListVolumeListEntry);
        else ctx.Print(table.Render(!ctx.Out.Quiet));
        return true;
    }

    private static async Task<bool> Info(CommandContext ctx)
    {
        bool bytes = ctx.Has("bytes"), physical = ctx.Has("physical");
        var (vol, _) = await ctx.LookupVolumeAsync().ConfigureAwait(false);
        if (vol is null) return false;
        var sb = new StringBuilder();
        void L(string k, string v) => sb.Append(Fmt.Left(k, 15)).Append(' ').Append(v).Append('\n');
        L("Name:", vol.Name);
        StorageVolumeInfo info;
        try
        {
            info = await vol.GetInfoAsync(physical ? StorageVolume.GetPhysicalFlag : 0).ConfigureAwait(false);
        }
        catch (LibvirtException e)
        {
            if (!ctx.Json) ctx.Print(sb.ToString());
            ctx.Save(e);
            return false;
        }
        if (ctx.Json)
        {
            ctx.PrintJson(new VolumeInfoJson(vol.Name, TypeText(info.Type), info.Capacity, info.Allocation), VshJson.Output.VolumeInfoJson);
            return true;
        }
        L("Type:", TypeText(info.Type));
        string second = physical ? "Physical:" : "Allocation:";
        if (bytes)
        {
            L("Capacity:", Fmt.Num(info.Capacity) + " bytes");
            L(second, Fmt.Num(info.Allocation) + " bytes");
        }
        else
        {
            L("Capacity:", Size(info.Capacity));
            L(second, Size(info.Allocation));
        }
        ctx.Print(sb.ToString());
        return true;
    }

    /// <summary>virshVolSize: a byte count with an optional unit (bytes by default).</summary>
    private static bool ParseSize(CommandContext ctx, string text, out ulong value)
    {
        if (!CNumber.TryULongWithSuffix(text, out value, out var suffix)) return false;
        if (SizeUnits.TryScale(ref value, suffix, 1, ulong.MaxValue, out var problem)) return true;
        if (problem is not null) ctx.Save(problem);
        return false;
    }

    private static async Task<bool> CreateAs(CommandContext ctx)
    {
        bool printXml = ctx.Has("print-xml");
        var flags = ctx.Has("prealloc-metadata") ? StorageVolumeCreateFlags.PreallocMetadata : StorageVolumeCreateFlags.None;
        var (pool, _) = await ctx.LookupPoolAsync().ConfigureAwait(false);
        if (pool is null) return false;
        if (!ctx.TryString("name", out var name) || !ctx.TryString("capacity", out var capacityText)) return false;
        if (!ParseSize(ctx, capacityText!, out ulong capacity))
        {
            ctx.Error($"Malformed size {capacityText}");
            return false;
        }
        ulong allocation = 0;
        bool hasAllocation = ctx.StringQuiet("allocation", out var allocationText) > 0;
        if (hasAllocation && !ParseSize(ctx, allocationText!, out allocation))
        {
            ctx.Error($"Malformed size {allocationText}");
            return false;
        }
        if (!ctx.TryString("format", out var format) || !ctx.TryString("backing-vol", out var backing)
            || !ctx.TryString("backing-vol-format", out var backingFormat))
            return false;
        var sb = new StringBuilder("<volume>\n");
        sb.Append($"  <name>{name}</name>\n");
        sb.Append($"  <capacity>{capacity}</capacity>\n");
        if (hasAllocation) sb.Append($"  <allocation>{allocation}</allocation>\n");
        if (format is not null) sb.Append($"  <target>\n    <format type='{format}'/>\n  </target>\n");
        if (backing is not null)
        {
            var snapVol = await ctx.Quiet(() => pool.LookupVolumeByNameAsync(backing)).ConfigureAwait(false)
                ?? await ctx.Quiet(() => ctx.Conn.LookupStorageVolumeByKeyAsync(backing)).ConfigureAwait(false)
                ?? await ctx.Quiet(() => ctx.Conn.LookupStorageVolumeByPathAsync(backing)).ConfigureAwait(false);
            if (snapVol is null)
            {
                ctx.Error($"failed to get vol '{backing}'");
                return false;
            }
            ctx.ResetError();
            var path = await snapVol.GetPathAsync().ConfigureAwait(false);
            sb.Append($"  <backingStore>\n    <path>{path}</path>\n");
            if (backingFormat is not null) sb.Append($"    <format type='{backingFormat}'/>\n");
            sb.Append("  </backingStore>\n");
        }
        sb.Append("</volume>\n");
        string xml = sb.ToString();
        if (printXml)
        {
            ctx.Print(xml);
            return true;
        }
        return await DomainLifecycleCommands.Act(ctx, () => pool.CreateVolumeXmlAsync(xml, flags), $"Failed to create vol {name}",
            $"Vol {name} created\n").ConfigureAwait(false);
    }

    private static async Task<bool> Delete(CommandContext ctx)
    {
        var (vol, name) = await ctx.LookupVolumeAsync().ConfigureAwait(false);
        if (vol is null) return false;
        var flags = ctx.Has("delete-snapshots") ? StorageVolumeDeleteFlags.WithSnapshots : StorageVolumeDeleteFlags.Normal;
        return await DomainLifecycleCommands.Act(ctx, () => vol.DeleteAsync(flags), $"Failed to delete vol {name}", $"Vol {name} deleted\n").ConfigureAwait(false);
    }

    private static async Task<bool> DumpXml(CommandContext ctx)
    {
        var (vol, _) = await ctx.LookupVolumeAsync().ConfigureAwait(false);
        if (vol is null) return false;
        if (ctx.StringQuiet("xpath", out var xpath) < 0) return false;
        var xml = await vol.GetXmlDescAsync().ConfigureAwait(false);
        return DomainXmlCommands.PrintXml(ctx, xml, xpath, ctx.Has("wrap"));
    }

    private static async Task<bool> PathOf(CommandContext ctx)
    {
        var (vol, _) = await ctx.LookupVolumeAsync().ConfigureAwait(false);
        if (vol is null) return false;
        ctx.Print(await vol.GetPathAsync().ConfigureAwait(false) + "\n");
        return true;
    }

    private static async Task<bool> Key(CommandContext ctx)
    {
        var (vol, _) = await ctx.LookupVolumeAsync().ConfigureAwait(false);
        if (vol is null) return false;
        ctx.Print(vol.Key + "\n");
        return true;
    }

    private static async Task<bool> NameOf(CommandContext ctx)
    {
        var (vol, _) = await ctx.LookupVolumeAsync(poolOption: null, by: LookupBy.Uuid).ConfigureAwait(false);
        if (vol is null) return false;
        ctx.Print(vol.Name + "\n");
        return true;
    }

    private static async Task<bool> PoolOf(CommandContext ctx)
    {
        var (vol, _) = await ctx.LookupVolumeAsync(poolOption: null, by: LookupBy.Uuid).ConfigureAwait(false);
        if (vol is null) return false;
        var pool = await ctx.Quiet(vol.GetPoolAsync).ConfigureAwait(false);
        if (pool is null)
        {
            ctx.Error("failed to get parent pool");
            return false;
        }
        ctx.Print((ctx.Has("uuid") ? pool.UuidString : pool.Name) + "\n");
        return true;
    }
}
