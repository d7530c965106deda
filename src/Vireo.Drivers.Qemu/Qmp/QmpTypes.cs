using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vireo.Drivers.Qemu.Qmp;

/// <summary>query-status: whether the vCPUs run and QEMU's run state ("running", "paused", "shutdown", "prelaunch" ...).</summary>
public sealed record StatusInfo(
    [property: JsonPropertyName("running")] bool Running,
    [property: JsonPropertyName("status")] string Status);

/// <summary>One vCPU of query-cpus-fast: its index, the host thread running it and its QOM path.</summary>
public sealed record CpuInfoFast(
    [property: JsonPropertyName("cpu-index")] int CpuIndex,
    [property: JsonPropertyName("qom-path")] string QomPath,
    [property: JsonPropertyName("thread-id")] int ThreadId,
    [property: JsonPropertyName("target")] string? Target);

/// <summary>query-balloon: the guest's current memory size in bytes.</summary>
public sealed record BalloonInfo([property: JsonPropertyName("actual")] long Actual);

/// <summary>Counters of one block device (query-blockstats "stats").</summary>
public sealed record BlockDeviceStats(
    [property: JsonPropertyName("rd_bytes")] long RdBytes,
    [property: JsonPropertyName("wr_bytes")] long WrBytes,
    [property: JsonPropertyName("rd_operations")] long RdOperations,
    [property: JsonPropertyName("wr_operations")] long WrOperations,
    [property: JsonPropertyName("flush_operations")] long FlushOperations,
    [property: JsonPropertyName("rd_total_time_ns")] long RdTotalTimeNs,
    [property: JsonPropertyName("wr_total_time_ns")] long WrTotalTimeNs,
    [property: JsonPropertyName("flush_total_time_ns")] long FlushTotalTimeNs,
    [property: JsonPropertyName("failed_rd_operations")] long FailedRdOperations,
    [property: JsonPropertyName("failed_wr_operations")] long FailedWrOperations);

/// <summary>One entry of query-blockstats: the drive id (-drive id=...) or qdev id, and its counters.</summary>
public sealed record BlockStatsEntry(
    [property: JsonPropertyName("device")] string? Device,
    [property: JsonPropertyName("qdev")] string? Qdev,
    [property: JsonPropertyName("stats")] BlockDeviceStats Stats);

/// <summary>The QMP greeting's version block.</summary>
public sealed record QmpVersion(
    [property: JsonPropertyName("major")] int Major,
    [property: JsonPropertyName("minor")] int Minor,
    [property: JsonPropertyName("micro")] int Micro);

/// <summary>An asynchronous event: its name (see <see cref="QmpEvents"/>), data and QEMU's timestamp.</summary>
public sealed record QmpEvent(string Name, JsonElement Data, DateTimeOffset Timestamp)
{
    /// <summary>A MIGRATION event's data.status ("completed", "postcopy-paused" ...), else null.</summary>
    public string? MigrationStatus =>
        Name == "MIGRATION" && Data.ValueKind == JsonValueKind.Object && Data.TryGetProperty("status", out var s) ? s.GetString() : null;
}

/// <summary>Source-generated (reflection-free, AOT-safe) JSON metadata for the QMP types.</summary>
[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = false)]
[JsonSerializable(typeof(StatusInfo))]
[JsonSerializable(typeof(List<CpuInfoFast>))]
[JsonSerializable(typeof(BalloonInfo))]
[JsonSerializable(typeof(List<BlockStatsEntry>))]
[JsonSerializable(typeof(QmpVersion))]
internal sealed partial class QmpJsonContext : JsonSerializerContext;
