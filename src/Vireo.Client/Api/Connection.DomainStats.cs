using Vireo.Protocol.Remote;
using Vireo.Protocol.Remote.Messages;

namespace Vireo.Client.Api;

public sealed partial class Connection
{
    /// <summary>
    /// virConnectGetAllDomainStats (no <paramref name="domains"/>) or virDomainListGetStats: one record per domain
    /// with the typed parameters of the VIR_DOMAIN_STATS_* groups in <paramref name="stats"/> (0 = all).
    /// </summary>
    public async Task<IReadOnlyList<DomainStatsRecord>> GetAllDomainStatsAsync(uint stats, uint flags, IReadOnlyList<Domain>? domains = null) =>
        (await CallAsync<ConnectGetAllDomainStatsArgs, ConnectGetAllDomainStatsRet>(RemoteProcedure.ConnectGetAllDomainStats,
            new((domains ?? []).Select(d => d.Handle).ToArray(), stats, flags)).ConfigureAwait(false)).RetStats;
}
