using System.Text.Json;

namespace Vireo.Drivers.Qemu.Qmp;

/// <summary>query-migrate in full: status, times (ms) and the RAM counters libvirt turns into job statistics.</summary>
public sealed record MigrationProgress(string Status, string? ErrorDesc, long TotalTimeMs, long DowntimeMs, long ExpectedDowntimeMs,
    long SetupTimeMs, ulong Transferred, ulong Remaining, ulong Total, ulong Duplicate, ulong Normal, ulong NormalBytes,
    ulong DirtyPagesRate, double Mbps, ulong Iteration, ulong PageSize, ulong PostcopyRequests)
{
    public bool Finished => Status is "completed" or "failed" or "cancelled";
}

/// <summary>One block job of query-block-jobs.</summary>
public sealed record BlockJobInfo(string Device, ulong Len, ulong Offset, bool Ready, string Status);

public sealed partial class QmpClient
{
    /// <summary>migrate-set-capabilities for the named capabilities (xbzrle, auto-converge, multifd, events ...).</summary>
    public Task SetMigrationCapabilitiesAsync(IReadOnlyDictionary<string, bool> caps, CancellationToken ct = default) =>
        ExecuteAsync("migrate-set-capabilities", w =>
        {
            w.WriteStartArray("capabilities");
            foreach (var (name, state) in caps)
            {
                w.WriteStartObject();
                w.WriteString("capability", name);
                w.WriteBoolean("state", state);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }, ct);

    /// <summary>migrate-set-parameters with integer values (downtime-limit ms, max-bandwidth bytes/s, multifd-channels ...).</summary>
    public Task SetMigrationParametersAsync(IReadOnlyDictionary<string, long> values, CancellationToken ct = default) =>
        ExecuteAsync("migrate-set-parameters", w =>
        {
            foreach (var (name, value) in values)
                w.WriteNumber(name, value);
        }, ct);

    /// <summary>query-migrate-parameters: one integer parameter (e.g. "downtime-limit", "max-bandwidth").</summary>
    public async Task<long> QueryMigrationParameterAsync(string name, CancellationToken ct = default)
    {
        var r = await ExecuteAsync("query-migrate-parameters", null, ct).ConfigureAwait(false);
        return r.ValueKind == JsonValueKind.Object && r.TryGetProperty(name, out var v) && v.TryGetInt64(out long n) ? n : 0;
    }

    /// <summary>migrate_cancel: the outgoing migration ends with status "cancelled"; the guest stays here.</summary>
    public Task MigrateCancelAsync(CancellationToken ct = default) => ExecuteAsync("migrate_cancel", null, ct);

    /// <summary>query-migrate with every counter.</summary>
    public async Task<MigrationProgress> QueryMigrationProgressAsync(CancellationToken ct = default)
    {
        var r = await ExecuteAsync("query-migrate", null, ct).ConfigureAwait(false);
        string S(string n) => r.ValueKind == JsonValueKind.Object && r.TryGetProperty(n, out var v) ? v.GetString() ?? "" : "";
        static long L(JsonElement o, string n) => o.ValueKind == JsonValueKind.Object && o.TryGetProperty(n, out var v) && v.TryGetInt64(out long x) ? x : 0;
        static double D(JsonElement o, string n) => o.ValueKind == JsonValueKind.Object && o.TryGetProperty(n, out var v) && v.TryGetDouble(out double x) ? x : 0;
        var ram = r.ValueKind == JsonValueKind.Object && r.TryGetProperty("ram", out var rr) ? rr : default;
        var status = S("status");
        return new MigrationProgress(status.Length == 0 ? "none" : status, S("error-desc") is { Length: > 0 } e ? e : null,
            L(r, "total-time"), L(r, "downtime"), L(r, "expected-downtime"), L(r, "setup-time"),
            (ulong)L(ram, "transferred"), (ulong)L(ram, "remaining"), (ulong)L(ram, "total"), (ulong)L(ram, "duplicate"),
            (ulong)L(ram, "normal"), (ulong)L(ram, "normal-bytes"), (ulong)L(ram, "dirty-pages-rate"), D(ram, "mbps"),
            (ulong)L(ram, "dirty-sync-count"), (ulong)L(ram, "page-size"), (ulong)L(ram, "postcopy-requests"));
    }

    /// <summary>query-status: "running", "paused", "inmigrate", "postmigrate" ...</summary>
    public async Task<string> QueryRunStateAsync(CancellationToken ct = default)
    {
        var r = await ExecuteAsync("query-status", null, ct).ConfigureAwait(false);
        return r.ValueKind == JsonValueKind.Object && r.TryGetProperty("status", out var s) ? s.GetString() ?? "" : "";
    }

    /// <summary>nbd-server-start on a TCP address (the destination of a storage copy).</summary>
    public Task NbdServerStartAsync(string host, int port, CancellationToken ct = default) =>
        ExecuteAsync("nbd-server-start", w =>
        {
            w.WriteStartObject("addr");
            w.WriteString("type", "inet");
            w.WriteStartObject("data");
            w.WriteString("host", host);
            w.WriteString("port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
            w.WriteEndObject();
            w.WriteEndObject();
        }, ct);

    /// <summary>nbd-server-add: export a drive (by its backend name) writable under the same name.</summary>
    public Task NbdServerAddAsync(string device, CancellationToken ct = default) =>
        ExecuteAsync("nbd-server-add", w =>
        {
            w.WriteString("device", device);
            w.WriteBoolean("writable", true);
        }, ct);

    public Task NbdServerStopAsync(CancellationToken ct = default) => ExecuteAsync("nbd-server-stop", null, ct);

    /// <summary>blockdev-add of an NBD client node for export <paramref name="export"/> at host:port.</summary>
    public Task BlockdevAddNbdAsync(string nodeName, string host, int port, string export, CancellationToken ct = default) =>
        ExecuteAsync("blockdev-add", w =>
        {
            w.WriteString("driver", "nbd");
            w.WriteString("node-name", nodeName);
            w.WriteStartObject("server");
            w.WriteString("type", "inet");
            w.WriteString("host", host);
            w.WriteString("port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
            w.WriteEndObject();
            w.WriteString("export", export);
        }, ct);

    /// <summary>blockdev-mirror (sync full, or top for an incremental copy) of a drive onto a target node, as job <paramref name="jobId"/>.</summary>
    public Task BlockdevMirrorAsync(string jobId, string device, string target, string sync = "full", CancellationToken ct = default) =>
        BlockdevMirrorAsync(jobId, device, target, sync, speed: 0, ct);

    /// <summary>blockdev-mirror limited to <paramref name="speed"/> bytes/s (0: unlimited).</summary>
    public Task BlockdevMirrorAsync(string jobId, string device, string target, string sync, long speed, CancellationToken ct = default) =>
        ExecuteAsync("blockdev-mirror", w =>
        {
            w.WriteString("job-id", jobId);
            w.WriteString("device", device);
            w.WriteString("target", target);
            w.WriteString("sync", sync);
            if (speed > 0)
                w.WriteNumber("speed", speed);
        }, ct);

    /// <summary>block-job-cancel: for a ready mirror this completes it without switching to the target.</summary>
    public Task BlockJobCancelAsync(string jobId, CancellationToken ct = default) =>
        ExecuteAsync("block-job-cancel", w => w.WriteString("device", jobId), ct);

    public async Task<IReadOnlyList<BlockJobInfo>> QueryBlockJobsAsync(CancellationToken ct = default)
    {
        var r = await ExecuteAsync("query-block-jobs", null, ct).ConfigureAwait(false);
        var list = new List<BlockJobInfo>();
        if (r.ValueKind != JsonValueKind.Array)
            return list;
        foreach (var j in r.EnumerateArray())
            list.Add(new BlockJobInfo(j.GetProperty("device").GetString() ?? "", j.GetProperty("len").GetUInt64(), j.GetProperty("offset").GetUInt64(),
                j.TryGetProperty("ready", out var rd) && rd.GetBoolean(), j.TryGetProperty("status", out var st) ? st.GetString() ?? "" : ""));
        return list;
    }
}
