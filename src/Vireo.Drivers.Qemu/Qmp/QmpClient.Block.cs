using System.Text.Json;

namespace Vireo.Drivers.Qemu.Qmp;

public sealed partial class QmpClient
{
    /// <summary>query-blockstats: I/O counters of every block device.</summary>
    public async Task<IReadOnlyList<BlockStatsEntry>> QueryBlockstatsAsync(CancellationToken ct = default) =>
        (await ExecuteAsync("query-blockstats", null, ct).ConfigureAwait(false)).Deserialize(QmpJsonContext.Default.ListBlockStatsEntry) ?? [];
}
