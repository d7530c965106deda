using System.Text;
using Vireo.Client.Api;
using Vireo.Protocol.Errors;
using Vireo.Shell.Output;
using Vireo.Shell.Output.Json;
using Vireo.Shell.Runtime;

namespace Vireo.Shell.Commands;

/// <summary>pool-list, pool-info, pool-dumpxml, pool-define-as/create-as, pool-start/destroy/undefine/autostart/build/delete/refresh (virsh-pool.c).</summary>
public static class PoolCommands
{
    private static readonly (string Type, ListStoragePoolsFlags Flag)[] PoolTypes =
    [
        ("dir", ListStoragePoolsFlags.Dir), ("fs", ListStoragePoolsFlags.Fs), ("netfs", ListStoragePoolsFlags.Netfs),
        ("logical", ListStoragePoolsFlags.Logical), ("disk", ListStoragePoolsFlags.Disk), ("iscsi", ListStoragePoolsFlags.Iscsi),
        ("iscsi-direct", ListStoragePoolsFlags.IscsiDirect), ("scsi", ListStoragePoolsFlags.Scsi), ("mpath", ListStoragePoolsFlags.Mpath),
        ("rbd", ListStoragePoolsFlags.Rbd), ("sheepdog", ListStoragePoolsFlags.Sheepdog), ("gluster", ListStoragePoolsFlags.Gluster),
        ("zfs", ListStoragePoolsFlags.Zfs), ("vstorage", ListStoragePoolsFlags.Vstorage),
    ];

    public static void Register(Dictionary<string, CommandHandler> map)
    {
        map["pool-list"] = List;
        map["pool-info"] = Info;
        map["pool-dumpxml"] = DumpXml;
        map["pool-define-as"] = DefineAs;
        map["pool-create-as"] = CreateAs;
        map["pool-start"] = Start;
        map["pool-destroy"] = Destroy;
        map["pool-undefine"] = Undefine;
        map["pool-autostart"] = Autostart;
        map["pool-build"] = Build;
        map["pool-delete"] = Delete;
        map["pool-refresh"] = Refresh;
    }

    /// <summary>virshStoragePoolStateToString.</summary>
    public static string StateText(StoragePoolState s) => s switch
    {
        StoragePoolState.Inactive => "inactive",
        StoragePoolState.Building => "building",
        StoragePoolState.Running => "running",
        StoragePoolState.Degraded => "degraded",
        StoragePoolState.Inaccessible => "inaccessible",
        _ => "unknown",
    };

    private static string Size(ulong bytes, string format)
    {
        var (v, unit) = Fmt.PrettyCapacity(bytes);
        return Fmt.Fixed(v, 2) + " " + unit;
    }

    private static async Task<bool> List(CommandContext ctx)
    {
        bool details = ctx.Has("details"), inactive = ctx.Has("inactive"), all = ctx.Has("all");
        if (!ctx.ExclusiveVar("all", all, "inactive", inactive)) return false;
        var flags = ListStoragePoolsFlags.Active;
        if (inactive) flags = ListStoragePoolsFlags.Inactive;
        if (all) flags = ListStoragePoolsFlags.Active | ListStoragePoolsFlags.Inactive;
        if (ctx.Has("autostart")) flags |= ListStoragePoolsFlags.Autostart;
        if (ctx.Has("no-autostart")) flags |= ListStoragePoolsFlags.NoAutostart;
        if (ctx.Has("persistent")) flags |= ListStoragePoolsFlags.Persistent;
        if (ctx.Has("transient")) flags |= ListStoragePoolsFlags.Transient;
        bool uuid = ctx.Has("uuid"), name = ctx.Has("name");
        if (!ctx.TryString("type", out var type)) return false;
        if (!ctx.Exclusive("details", "uuid") || !ctx.Exclusive("details", "name")) return false;
        if (type is not null)
        {
            foreach (var t in VirshCommands.SplitCommas(type))
            {
                int idx = Array.FindIndex(PoolTypes, p => p.Type == t);
                if (idx < 0)
                {
                    ctx.Error($"Invalid pool type '{t}'");
                    return false;
                }
                flags |= PoolTypes[idx].Flag;
            }
        }

        IReadOnlyList<StoragePool> pools;
        try
        {
            pools = await ctx.Conn.ListAllStoragePoolsAsync(flags).ConfigureAwait(false);
        }
        catch (LibvirtException e)
        {
            ctx.Save(e);
            ctx.Error("Failed to list pools");
            return false;
        }
        var sorted = pools.ToList();
        sorted.Sort((a, b) => DomainListCommands.CaseInsensitive(a.Name, b.Name));

        var rows = new List<string[]>();
        var json = new List<PoolListEntry>();
        foreach (var pool in sorted)
        {
            bool? autostart = await ctx.QuietBool(pool.GetAutostartAsync).ConfigureAwait(false);
            string autostartText = autostart is null ? "no autostart" : autostart.Value ? "yes" : "no";
            bool? persistent = null;
            string persistentText = "";
            if (details || ctx.Json)
            {
                persistent = await ctx.QuietBool(pool.IsPersistentAsync).ConfigureAwait(false);
                persistentText = persistent is null ? "unknown" : persistent.Value ? "yes" : "no";
            }
            string state, capacity = "", allocation = "", available = "";
            StoragePoolInfo? info = await ctx.Quiet(pool.GetInfoAsync).ConfigureAwait(false);
            bool sized = false;
            if (info is null)
            {
                ctx.Error("Could not retrieve pool information");
                state = "unknown";
                capacity = allocation = available = "unknown";
            }
            else if (details || ctx.Json)
            {
                state = StateText(info.State);
                sized = info.State is StoragePoolState.Running or StoragePoolState.Degraded;
                if (sized)
                {
                    capacity = Size(info.Capacity, "%.2lf");
                    allocation = Size(info.Allocation, "%.2lf");
                    available = Size(info.Available, "%.2lf");
                }
                else
                {
                    capacity = allocation = available = "-";
                }
            }
            else
            {
                // a failing IsActive (-1) counts as active, as in virsh's C expression
                state = await ctx.QuietBool(pool.IsActiveAsync).ConfigureAwait(false) is false ? "inactive" : "active";
            }
            rows.Add([pool.Name, state, autostartText, persistentText, capacity, allocation, available]);
            json.Add(new PoolListEntry(pool.Name, pool.UuidString, state, autostart ?? false, persistent ?? false,
                sized ? info!.Capacity : null, sized ? info!.Allocation : null, sized ? info!.Available : null));
        }

        if (ctx.Json)
        {
            ctx.PrintJson(json, VshJson.Output.ListPoolListEntry);
            return true;
        }
        if (!details)
        {
            if (uuid || name)
            {
                var sb = new StringBuilder();
                foreach (var pool in sorted)
                {
                    if (uuid) sb.Append(Fmt.Left(pool.UuidString, 36)).Append(name ? ' ' : '\n');
                    if (name) sb.Append(Fmt.Left(pool.Name, 20)).Append('\n');
                }
                ctx.Print(sb.ToString());
                return true;
            }
            var table = new TextTable("Name", "State", "Autostart");
            foreach (var r in rows) table.Add(r[0], r[1], r[2]);
            ctx.Print(table.Render(!ctx.Out.Quiet));
            return true;
        }
        var detailed = new TextTable("Name", "State", "Autostart", "Persistent", "Capacity", "Allocation", "Available");
        foreach (var r in rows) detailed.Add(r);
        ctx.Print(detailed.Render(!ctx.Out.Quiet));
        return true;
    }

    private static async Task<bool> Info(CommandContext ctx)
    {
        var (pool, _) = await ctx.LookupPoolAsync().ConfigureAwait(false);
        if (pool is null) return false;
        bool bytes = ctx.Has("bytes");
        var sb = new StringBuilder();
        void L(string k, string v) => sb.Append(Fmt.Left(k, 15)).Append(' ').Append(v).Append('\n');
        L("Name:", pool.Name);
        L("UUID:", pool.UuidString);
        var info = await ctx.Quiet(pool.GetInfoAsync).ConfigureAwait(false);
        bool? persistent = null, autostart = null;
        bool sized = false;
        if (info is not null)
        {
            L("State:", StateText(info.State));
            persistent = await ctx.QuietBool(pool.IsPersistentAsync).ConfigureAwait(false);
            L("Persistent:", persistent is null ? "unknown" : persistent.Value ? "yes" : "no");
            autostart = await ctx.QuietBool(pool.GetAutostartAsync).ConfigureAwait(false);
            L("Autostart:", autostart is null ? "no autostart" : autostart.Value ? "yes" : "no");
            sized = info.State is StoragePoolState.Running or StoragePoolState.Degraded;
            if (sized)
            {
                if (bytes)
                {
                    L("Capacity:", Fmt.Num(info.Capacity));
                    L("Allocation:", Fmt.Num(info.Allocation));
                    L("Available:", Fmt.Num(info.Available));
                }
                else
                {
                    L("Capacity:", Size(info.Capacity, "%2.2lf"));
                    L("Allocation:", Size(info.Allocation, "%2.2lf"));
                    L("Available:", Size(info.Available, "%2.2lf"));
                }
            }
        }
        if (ctx.Json)
            ctx.PrintJson(new PoolInfoJson(pool.Name, pool.UuidString, info is null ? "unknown" : StateText(info.State), persistent ?? false,
                autostart ?? false, sized ? info!.Capacity : null, sized ? info!.Allocation : null, sized ? info!.Available : null),
                VshJson.Output.PoolInfoJson);
        else
            ctx.Print(sb.ToString());
        return info is not null;
    }

    private static async Task<bool> DumpXml(CommandContext ctx)
    {
        uint flags = ctx.Has("inactive") ? 1u : 0u;
        var (pool, _) = await ctx.LookupPoolAsync().ConfigureAwait(false);
        if (pool is null) return false;
        if (ctx.StringQuiet("xpath", out var xpath) < 0) return false;
        var xml = await pool.GetXmlDescAsync(flags).ConfigureAwait(false);
        return DomainXmlCommands.PrintXml(ctx, xml, xpath, ctx.Has("wrap"));
    }

    /// <summary>virshBuildPoolXML: the pool definition pool-define-as / pool-create-as send.</summary>
    private static (string Name, string Xml)? BuildXml(CommandContext ctx)
    {
        if (!ctx.Exclusive("secret-usage", "secret-uuid")) return null;
        string[] names = ["name", "type", "source-host", "source-path", "source-dev", "source-name", "source-format", "target", "auth-type",
            "auth-username", "secret-usage", "secret-uuid", "adapter-name", "adapter-wwnn", "adapter-wwpn", "adapter-parent",
            "adapter-parent-wwnn", "adapter-parent-wwpn", "adapter-parent-fabric-wwn", "source-protocol-ver", "source-initiator"];
        var v = new Dictionary<string, string?>();
        foreach (var n in names)
        {
            if (!ctx.TryString(n, out var value)) return null;
            v[n] = value;
        }
        var sb = new StringBuilder();
        sb.Append($"<pool type='{v["type"]}'>\n");
        sb.Append($"  <name>{v["name"]}</name>\n");
        string? wwnn = v["adapter-wwnn"], wwpn = v["adapter-wwpn"];
        if (v["source-host"] is not null || v["source-path"] is not null || v["source-dev"] is not null || v["source-initiator"] is not null
            || v["source-format"] is not null || v["source-name"] is not null || wwnn is not null && wwpn is not null || v["adapter-name"] is not null)
        {
            sb.Append("  <source>\n");
            if (v["source-host"] is { } host) sb.Append($"    <host name='{host}'/>\n");
            if (v["source-path"] is { } path) sb.Append($"    <dir path='{path}'/>\n");
            if (v["source-dev"] is { } dev) sb.Append($"    <device path='{dev}'/>\n");
            if (v["source-initiator"] is { } iqn) sb.Append($"    <initiator>\n      <iqn name='{iqn}'/>\n    </initiator>\n");
            if (wwnn is not null && wwpn is not null)
            {
                sb.Append("    <adapter type='fc_host'");
                if (v["adapter-parent"] is { } parent) sb.Append($" parent='{parent}'");
                else if (v["adapter-parent-wwnn"] is { } pwwnn && v["adapter-parent-wwpn"] is { } pwwpn)
                    sb.Append($" parent_wwnn='{pwwnn}' parent_wwpn='{pwwpn}'");
                else if (v["adapter-parent-fabric-wwn"] is { } fabric) sb.Append($" parent_fabric_wwn='{fabric}'");
                sb.Append($" wwnn='{wwnn}' wwpn='{wwpn}'/>\n");
            }
            else if (v["adapter-name"] is { } adapter)
            {
                sb.Append($"    <adapter type='scsi_host' name='{adapter}'/>\n");
            }
            if (v["auth-type"] is { } authType && v["auth-username"] is { } user && (v["secret-usage"] is not null || v["secret-uuid"] is not null))
            {
                sb.Append($"    <auth type='{authType}' username='{user}'>\n");
                sb.Append(v["secret-usage"] is { } usage ? $"      <secret usage='{usage}'/>\n" : $"      <secret uuid='{v["secret-uuid"]}'/>\n");
                sb.Append("    </auth>\n");
            }
            if (v["source-format"] is { } format) sb.Append($"    <format type='{format}'/>\n");
            if (v["source-name"] is { } srcName) sb.Append($"    <name>{srcName}</name>\n");
            if (v["source-protocol-ver"] is { } ver) sb.Append($"    <protocol ver='{ver}'/>\n");
            sb.Append("  </source>\n");
        }
        if (v["target"] is { } target) sb.Append($"  <target>\n    <path>{target}</path>\n  </target>\n");
        sb.Append("</pool>\n");
        return (v["name"]!, sb.ToString());
    }

    private static async Task<bool> DefineAs(CommandContext ctx)
    {
        if (BuildXml(ctx) is not var (name, xml)) return false;
        if (ctx.Has("print-xml"))
        {
            ctx.Print(xml);
            return true;
        }
        return await DomainLifecycleCommands.Act(ctx, () => ctx.Conn.DefineStoragePoolXmlAsync(xml), $"Failed to define pool {name}",
            $"Pool {name} defined\n").ConfigureAwait(false);
    }

    private static async Task<bool> CreateAs(CommandContext ctx)
    {
        bool build = ctx.Has("build"), overwrite = ctx.Has("overwrite"), noOverwrite = ctx.Has("no-overwrite");
        if (!ctx.ExclusiveVar("overwrite", overwrite, "no-overwrite", noOverwrite)) return false;
        var flags = StoragePoolCreateFlags.Normal;
        if (build) flags |= StoragePoolCreateFlags.WithBuild;
        if (overwrite) flags |= StoragePoolCreateFlags.WithBuildOverwrite;
        if (noOverwrite) flags |= StoragePoolCreateFlags.WithBuildNoOverwrite;
        if (BuildXml(ctx) is not var (name, xml)) return false;
        if (ctx.Has("print-xml"))
        {
            ctx.Print(xml);
            return true;
        }
        return await DomainLifecycleCommands.Act(ctx, () => ctx.Conn.CreateStoragePoolXmlAsync(xml, flags), $"Failed to create pool {name}",
            $"Pool {name} created\n").ConfigureAwait(false);
    }

    private static async Task<bool> Start(CommandContext ctx)
    {
        var (pool, name) = await ctx.LookupPoolAsync().ConfigureAwait(false);
        if (pool is null) return false;
        bool build = ctx.Has("build"), overwrite = ctx.Has("overwrite"), noOverwrite = ctx.Has("no-overwrite");
        if (!ctx.ExclusiveVar("overwrite", overwrite, "no-overwrite", noOverwrite)) return false;
        var flags = StoragePoolCreateFlags.Normal;
        if (build) flags |= StoragePoolCreateFlags.WithBuild;
        if (overwrite) flags |= StoragePoolCreateFlags.WithBuildOverwrite;
        if (noOverwrite) flags |= StoragePoolCreateFlags.WithBuildNoOverwrite;
        return await DomainLifecycleCommands.Act(ctx, () => pool.CreateAsync(flags), $"Failed to start pool {name}", $"Pool {name} started\n").ConfigureAwait(false);
    }

    private static async Task<bool> Destroy(CommandContext ctx)
    {
        var (pool, name) = await ctx.LookupPoolAsync().ConfigureAwait(false);
        if (pool is null) return false;
        return await DomainLifecycleCommands.Act(ctx, pool.DestroyAsync, $"Failed to destroy pool {name}", $"Pool {name} destroyed\n").ConfigureAwait(false);
    }

    private static async Task<bool> Undefine(CommandContext ctx)
    {
        var (pool, name) = await ctx.LookupPoolAsync().ConfigureAwait(false);
        if (pool is null) return false;
        return await DomainLifecycleCommands.Act(ctx, pool.UndefineAsync, $"Failed to undefine pool {name}", $"Pool {name} has been undefined\n").ConfigureAwait(false);
    }

    private static async Task<bool> Autostart(CommandContext ctx)
    {
        var (pool, name) = await ctx.LookupPoolAsync().ConfigureAwait(false);
        if (pool is null) return false;
        bool autostart = !ctx.Has("disable");
        return await DomainLifecycleCommands.Act(ctx, () => pool.SetAutostartAsync(autostart),
            autostart ? $"failed to mark pool {name} as autostarted" : $"failed to unmark pool {name} as autostarted",
            autostart ? $"Pool {name} marked as autostarted\n" : $"Pool {name} unmarked as autostarted\n").ConfigureAwait(false);
    }

    private static async Task<bool> Build(CommandContext ctx)
    {
        var (pool, name) = await ctx.LookupPoolAsync().ConfigureAwait(false);
        if (pool is null) return false;
        var flags = StoragePoolBuildFlags.New;
        if (ctx.Has("no-overwrite")) flags |= StoragePoolBuildFlags.NoOverwrite;
        if (ctx.Has("overwrite")) flags |= StoragePoolBuildFlags.Overwrite;
        return await DomainLifecycleCommands.Act(ctx, () => pool.BuildAsync(flags), $"Failed to build pool {name}", $"Pool {name} built\n").ConfigureAwait(false);
    }

    private static async Task<bool> Delete(CommandContext ctx)
    {
        var (pool, name) = await ctx.LookupPoolAsync().ConfigureAwait(false);
        if (pool is null) return false;
        return await DomainLifecycleCommands.Act(ctx, () => pool.DeleteAsync(), $"Failed to delete pool {name}", $"Pool {name} deleted\n").ConfigureAwait(false);
    }

    private static async Task<bool> Refresh(CommandContext ctx)
    {
        var (pool, name) = await ctx.LookupPoolAsync().ConfigureAwait(false);
        if (pool is null) return false;
        return await DomainLifecycleCommands.Act(ctx, pool.RefreshAsync, $"Failed to refresh pool {name}", $"Pool {name} refreshed\n").ConfigureAwait(false);
    }
}
