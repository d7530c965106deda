using System.Text.Json;

namespace Vireo.Drivers.Qemu.Qmp;

public sealed partial class QmpClient
{
    /// <summary>query-cpus-fast: each vCPU with its host thread id (without interrupting the guest).</summary>
    public async Task<IReadOnlyList<CpuInfoFast>> QueryCpusFastAsync(CancellationToken ct = default) =>
        (await ExecuteAsync("query-cpus-fast", null, ct).ConfigureAwait(false)).Deserialize(QmpJsonContext.Default.ListCpuInfoFast) ?? [];
}
