using Vireo.Daemon.Dispatch;
using Vireo.Protocol.Remote;
using Vireo.Protocol.Remote.Messages;

namespace Vireo.Daemon.Handlers;

/// <summary>nodecpustats and nodememstats: with nparams 0 the client asks how many fields there are.</summary>
public static class NodeStatsHandlers
{
    public static void Register(ProcedureRegistry r)
    {
        r.Add<NodeGetCpuStatsArgs, NodeStatsRet>(RemoteProcedure.NodeGetCpuStats, async (ctx, a) =>
            Reply(await ctx.Driver.Host.GetCpuStatsAsync(a.CpuNum, a.Flags).ConfigureAwait(false), a.Nparams));
        r.Add<NodeGetMemoryStatsArgs, NodeStatsRet>(RemoteProcedure.NodeGetMemoryStats, async (ctx, a) =>
            Reply(await ctx.Driver.Host.GetMemoryStatsAsync(a.CellNum, a.Flags).ConfigureAwait(false), a.Nparams));
    }

    private static NodeStatsRet Reply(IReadOnlyList<(string Field, ulong Value)> stats, int nparams) =>
        nparams == 0 ? new NodeStatsRet([], stats.Count) : new NodeStatsRet(stats.Take(nparams).ToArray(), Math.Min(nparams, stats.Count));
}
