using Vireo.Protocol.Remote;
using Vireo.Protocol.Remote.Messages;

namespace Vireo.Client.Api;

public sealed partial class Connection
{
    /// <summary>virNodeGetCPUStats (cpu -1 = all CPUs): field → nanoseconds.</summary>
    public async Task<IReadOnlyList<(string Field, ulong Value)>> GetNodeCpuStatsAsync(int cpu = -1, uint flags = 0)
    {
        var count = await CallAsync<NodeGetCpuStatsArgs, NodeStatsRet>(RemoteProcedure.NodeGetCpuStats, new(cpu, 0, flags)).ConfigureAwait(false);
        return (await CallAsync<NodeGetCpuStatsArgs, NodeStatsRet>(RemoteProcedure.NodeGetCpuStats, new(cpu, count.Nparams, flags)).ConfigureAwait(false)).Params;
    }

    /// <summary>virNodeGetMemoryStats (cell -1 = the whole host): field → KiB.</summary>
    public async Task<IReadOnlyList<(string Field, ulong Value)>> GetNodeMemoryStatsAsync(int cell = -1, uint flags = 0)
    {
        var count = await CallAsync<NodeGetMemoryStatsArgs, NodeStatsRet>(RemoteProcedure.NodeGetMemoryStats, new(0, cell, flags)).ConfigureAwait(false);
        return (await CallAsync<NodeGetMemoryStatsArgs, NodeStatsRet>(RemoteProcedure.NodeGetMemoryStats, new(count.Nparams, cell, flags)).ConfigureAwait(false)).Params;
    }
}
