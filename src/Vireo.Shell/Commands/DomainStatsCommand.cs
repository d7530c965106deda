using System.Text;
using Vireo.Client.Api;
using Vireo.Protocol.Errors;
using Vireo.Protocol.Remote;
using Vireo.Shell.Output;
using Vireo.Shell.Runtime;

namespace Vireo.Shell.Commands;

/// <summary>domstats (virsh-domain-monitor.c cmdDomstats): virConnectGetAllDomainStats or, for named domains, virDomainListGetStats.</summary>
public static class DomainStatsCommand
{
    /// <summary>Option → VIR_DOMAIN_STATS_* group.</summary>
    private static readonly (string Option, uint Bit)[] Groups =
    [
        ("state", 1), ("cpu-total", 2), ("balloon", 4), ("vcpu", 8), ("interface", 16), ("block", 32),
        ("perf", 64), ("iothread", 128), ("memory", 256), ("dirtyrate", 512), ("vm", 1024),
    ];

    /// <summary>Option → VIR_CONNECT_GET_ALL_DOMAINS_STATS_* flag.</summary>
    private static readonly (string Option, uint Bit)[] Flags =
    [
        ("list-active", 1), ("list-inactive", 2), ("list-persistent", 4), ("list-transient", 8),
        ("list-running", 16), ("list-paused", 32), ("list-shutoff", 64), ("list-other", 128),
        ("nowait", 1u << 29), ("backing", 1u << 30), ("enforce", 1u << 31),
    ];

    public static void Register(Dictionary<string, CommandHandler> map) => map["domstats"] = DomStats;

    private static async Task<bool> DomStats(CommandContext ctx)
    {
        uint stats = Groups.Where(g => ctx.Has(g.Option)).Aggregate(0u, (a, g) => a | g.Bit);
        uint flags = Flags.Where(f => ctx.Has(f.Option)).Aggregate(0u, (a, f) => a | f.Bit);
        var domains = new List<Domain>();
        foreach (var text in ctx.Command.Argv())
        {
            var dom = await ctx.LookupDomainByTextAsync(text).ConfigureAwait(false);
            if (dom is null) return false;
            domains.Add(dom);
        }
        IReadOnlyList<Protocol.Remote.Messages.DomainStatsRecord> records;
        try
        {
            records = await ctx.Conn.GetAllDomainStatsAsync(stats, flags, domains.Count > 0 ? domains : null).ConfigureAwait(false);
        }
        catch (LibvirtException e)
        {
            ctx.Save(e);
            return false;
        }
        ctx.Print(Format(records.Select(r => (r.Dom.Name, (IReadOnlyList<TypedParameter>)r.Params))));
        return true;
    }

    /// <summary>
    /// virshDomainStatsPrintRecord: "Domain: 'NAME'", then "  field=value" per parameter; a blank line between
    /// records (the one after the last comes from the shell's end-of-command newline, as with virsh).
    /// </summary>
    public static string Format(IEnumerable<(string Name, IReadOnlyList<TypedParameter> Params)> records)
    {
        var sb = new StringBuilder();
        foreach (var (name, ps) in records)
        {
            if (sb.Length > 0) sb.Append('\n');
            sb.Append("Domain: '").Append(name).Append("'\n");
            foreach (var p in ps)
                sb.Append("  ").Append(p.Field).Append('=').Append(Fmt.Param(p)).Append('\n');
        }
        return sb.ToString();
    }
}
