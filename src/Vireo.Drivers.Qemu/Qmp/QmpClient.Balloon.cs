using System.Text.Json;

namespace Vireo.Drivers.Qemu.Qmp;

public sealed partial class QmpClient
{
    /// <summary>query-balloon: the guest's current memory in bytes (fails when the domain has no balloon).</summary>
    public async Task<BalloonInfo> QueryBalloonAsync(CancellationToken ct = default) =>
        (await ExecuteAsync("query-balloon", null, ct).ConfigureAwait(false)).Deserialize(QmpJsonContext.Default.BalloonInfo)
        ?? throw new InvalidDataException("query-balloon returned null");

    /// <summary>balloon: ask the guest to give memory back until it has <paramref name="bytes"/>.</summary>
    public Task BalloonAsync(long bytes, CancellationToken ct = default) =>
        ExecuteAsync("balloon", w => w.WriteNumber("value", bytes), ct);
}
