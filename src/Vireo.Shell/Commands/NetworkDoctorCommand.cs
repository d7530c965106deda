using System.Text;
using Vireo.Client.Api;
using Vireo.Protocol.Errors;
using Vireo.Shell.Runtime;

namespace Vireo.Shell.Commands;

/// <summary>
/// vsh net-doctor NETWORK (no virsh counterpart): asks vireod which firewall rules outside its own would drop the
/// network's traffic (Docker's, firewalld's, ufw's: anything in the nftables ruleset) and prints, per finding, the
/// table, chain and rule and what to do.
/// </summary>
public static class NetworkDoctorCommand
{
    public static void Register(Dictionary<string, CommandHandler> map) => map["net-doctor"] = Run;

    private static async Task<bool> Run(CommandContext ctx)
    {
        var (net, _) = await ctx.LookupNetworkAsync().ConfigureAwait(false);
        if (net is null) return false;
        IReadOnlyList<Vireo.Protocol.Remote.Messages.VireoFirewallFinding> findings;
        try
        {
            findings = await net.DiagnoseAsync().ConfigureAwait(false);
        }
        catch (LibvirtException e) when (e.Code == ErrorCode.Rpc && e.Message.Contains("Cannot find program", StringComparison.Ordinal))
        {
            ctx.Error("net-doctor needs vireod: this server does not speak Vireo's extension program");
            return false;
        }
        catch (LibvirtException e)
        {
            ctx.Save(e);
            return false;
        }
        if (findings.Count == 0)
        {
            ctx.Print($"Network {net.Name}: no firewall rule outside Vireo's own drops its traffic\n");
            return true;
        }
        var sb = new StringBuilder();
        sb.Append("Network ").Append(net.Name).Append(": ").Append(findings.Count).Append(findings.Count == 1 ? " firewall problem\n" : " firewall problems\n");
        foreach (var f in findings)
        {
            sb.Append('\n');
            sb.Append("table ").Append(f.Family).Append(' ').Append(f.Table).Append(", chain ").Append(f.Chain).Append('\n');
            sb.Append("  problem: ").Append(f.Problem).Append('\n');
            sb.Append("  fix:     ").Append(f.Advice).Append('\n');
        }
        ctx.Print(sb.ToString());
        return true;
    }
}
