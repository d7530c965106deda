using System.Text.Json;

namespace Vireo.Drivers.Qemu.Qmp;

/// <summary>Migration status from query-migrate: "active", "completed", "failed" ... and the error when it failed.</summary>
public sealed record MigrationStatus(string Status, string? ErrorDesc);

public sealed partial class QmpClient
{
    /// <summary>migrate: send the machine state to a URI (e.g. "exec:cat >> FILE").</summary>
    public Task MigrateAsync(string uri, CancellationToken ct = default) => ExecuteAsync("migrate", w => w.WriteString("uri", uri), ct);

    /// <summary>migrate-incoming: receive the machine state (QEMU started with -incoming defer).</summary>
    public Task MigrateIncomingAsync(string uri, CancellationToken ct = default) => ExecuteAsync("migrate-incoming", w => w.WriteString("uri", uri), ct);

    /// <summary>migrate-set-parameters max-bandwidth (bytes/s); saving to a file should not be throttled.</summary>
    public Task SetMigrationMaxBandwidthAsync(long bytesPerSecond, CancellationToken ct = default) =>
        ExecuteAsync("migrate-set-parameters", w => w.WriteNumber("max-bandwidth", bytesPerSecond), ct);

    /// <summary>query-migrate.</summary>
    public async Task<MigrationStatus> QueryMigrateAsync(CancellationToken ct = default)
    {
        var r = await ExecuteAsync("query-migrate", null, ct).ConfigureAwait(false);
        var status = r.ValueKind == JsonValueKind.Object && r.TryGetProperty("status", out var s) ? s.GetString() ?? "" : "none";
        var error = r.ValueKind == JsonValueKind.Object && r.TryGetProperty("error-desc", out var e) ? e.GetString() : null;
        return new MigrationStatus(status, error);
    }

    /// <summary>Polls query-migrate until the migration completes; throws <see cref="QmpErrorException"/> when it fails.</summary>
    public async Task WaitMigrationAsync(TimeSpan timeout, CancellationToken ct = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        int delay = 10;
        while (true)
        {
            var st = await QueryMigrateAsync(ct).ConfigureAwait(false);
            if (st.Status == "completed")
                return;
            if (st.Status is "failed" or "cancelled")
                throw new QmpErrorException("migrate", "MigrationFailed", st.ErrorDesc ?? st.Status);
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"migration still '{st.Status}' after {timeout.TotalSeconds:0} s");
            await Task.Delay(delay, ct).ConfigureAwait(false);
            delay = Math.Min(delay * 2, 100);
        }
    }
}
