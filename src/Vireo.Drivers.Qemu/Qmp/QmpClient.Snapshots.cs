using System.Text.Json;

namespace Vireo.Drivers.Qemu.Qmp;

public sealed partial class QmpClient
{
    /// <summary>query-block: the block node name behind each -drive id ("drive-virtio-disk0" → "#block123").</summary>
    public async Task<Dictionary<string, string>> QueryDriveNodesAsync(CancellationToken ct = default)
    {
        var r = await ExecuteAsync("query-block", null, ct).ConfigureAwait(false);
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (r.ValueKind != JsonValueKind.Array)
            return map;
        foreach (var b in r.EnumerateArray())
            if (b.TryGetProperty("device", out var dev) && b.TryGetProperty("inserted", out var ins) && ins.TryGetProperty("node-name", out var node))
                map[dev.GetString() ?? ""] = node.GetString() ?? "";
        return map;
    }

    /// <summary>snapshot-save (QEMU 6.0+): internal snapshot <paramref name="tag"/> of <paramref name="devices"/>, the VM state in <paramref name="vmstate"/>.</summary>
    public Task SnapshotSaveAsync(string tag, string vmstate, IReadOnlyList<string> devices, TimeSpan timeout, CancellationToken ct = default) =>
        RunSnapshotJobAsync("snapshot-save", tag, vmstate, devices, timeout, ct);

    /// <summary>snapshot-load: the disks and VM state go back to snapshot <paramref name="tag"/>.</summary>
    public Task SnapshotLoadAsync(string tag, string vmstate, IReadOnlyList<string> devices, TimeSpan timeout, CancellationToken ct = default) =>
        RunSnapshotJobAsync("snapshot-load", tag, vmstate, devices, timeout, ct);

    /// <summary>snapshot-delete: removes the internal snapshot <paramref name="tag"/> from every device.</summary>
    public Task SnapshotDeleteAsync(string tag, IReadOnlyList<string> devices, TimeSpan timeout, CancellationToken ct = default) =>
        RunSnapshotJobAsync("snapshot-delete", tag, null, devices, timeout, ct);

    /// <summary>human-monitor-command: an HMP command line and its text output.</summary>
    public async Task<string> HumanMonitorCommandAsync(string commandLine, CancellationToken ct = default)
    {
        var r = await ExecuteAsync("human-monitor-command", w => w.WriteString("command-line", commandLine), ct).ConfigureAwait(false);
        return r.ValueKind == JsonValueKind.String ? r.GetString() ?? "" : "";
    }

    private long _nextJob;

    /// <summary>Starts a snapshot job, polls query-jobs until it concluded, dismisses it and throws its error, if any.</summary>
    private async Task RunSnapshotJobAsync(string command, string tag, string? vmstate, IReadOnlyList<string> devices, TimeSpan timeout, CancellationToken ct)
    {
        string jobId = $"vireo-{command}-{Interlocked.Increment(ref _nextJob)}";
        await ExecuteAsync(command, w =>
        {
            w.WriteString("job-id", jobId);
            w.WriteString("tag", tag);
            if (vmstate is not null)
                w.WriteString("vmstate", vmstate);
            w.WriteStartArray("devices");
            foreach (var d in devices)
                w.WriteStringValue(d);
            w.WriteEndArray();
        }, ct).ConfigureAwait(false);
        var deadline = DateTime.UtcNow + timeout;
        int delay = 10;
        while (true)
        {
            var jobs = await ExecuteAsync("query-jobs", null, ct).ConfigureAwait(false);
            JsonElement? job = null;
            foreach (var j in jobs.EnumerateArray())
                if (j.TryGetProperty("id", out var id) && id.GetString() == jobId)
                    job = j;
            if (job is { } found && found.TryGetProperty("status", out var st) && st.GetString() == "concluded")
            {
                string? error = found.TryGetProperty("error", out var e) ? e.GetString() : null;
                await ExecuteAsync("job-dismiss", w => w.WriteString("id", jobId), ct).ConfigureAwait(false);
                if (error is not null)
                    throw new QmpErrorException(command, "GenericError", error);
                return;
            }
            if (job is null)
                return; // already dismissed (auto-dismiss): nothing more to learn
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{command} job '{jobId}' still running after {timeout.TotalSeconds:0} s");
            await Task.Delay(delay, ct).ConfigureAwait(false);
            delay = Math.Min(delay * 2, 100);
        }
    }
}
