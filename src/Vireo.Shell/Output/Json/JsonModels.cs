using System.Text.Json.Serialization;

namespace Vireo.Shell.Output.Json;

// The documents vsh --json prints. Keys are snake_case (the context's naming policy), numbers are numbers, sizes are
// in the unit their key names (…_kib, or bytes), absent values are null. One record per command output.

/// <summary>One row of <c>list</c>.</summary>
public sealed record DomainListEntry(int? Id, string Name, string Uuid, string State, string? Title);

/// <summary><c>dominfo</c>.</summary>
public sealed record DomainInfoJson(int? Id, string Name, string Uuid, string? OsType, string? State, int? Cpus, double? CpuTimeSeconds,
    ulong? MaxMemoryKib, ulong? UsedMemoryKib, bool? Persistent, bool? Autostart, bool? ManagedSave,
    string? SecurityModel, string? SecurityDoi, string? SecurityLabel, IReadOnlyList<string> Messages);

/// <summary><c>domstate</c>.</summary>
public sealed record DomainStateJson(string State, string? Reason);

/// <summary><c>domid</c>, <c>domuuid</c>, <c>domname</c>.</summary>
public sealed record DomainIdentityJson(int? Id, string Name, string Uuid);

/// <summary><c>nodeinfo</c>.</summary>
public sealed record NodeInfoJson(string CpuModel, int Cpus, int CpuFrequencyMhz, int CpuSockets, int CoresPerSocket, int ThreadsPerCore,
    int NumaCells, ulong MemoryKib);

/// <summary><c>version</c>: versions as "major.minor.release".</summary>
public sealed record VersionJson(string CompiledAgainstLibrary, string UsingLibrary, string HypervisorType, string UsingApi,
    string? RunningHypervisor, string? RunningAgainstDaemon);

/// <summary><c>hostname</c>.</summary>
public sealed record HostnameJson(string Hostname);

/// <summary><c>uri</c>.</summary>
public sealed record UriJson(string Uri);

/// <summary>One vCPU of <c>vcpuinfo</c>; cpu/state/cpu_time are null for an inactive domain.</summary>
public sealed record VcpuInfoJson(int Vcpu, int? Cpu, string? State, double? CpuTimeSeconds, string Affinity, IReadOnlyList<int> AffinityCpus);

/// <summary><c>domblkstat</c>: counters by virsh's field names (rd_req, rd_bytes, ... or the server's names).</summary>
public sealed record BlockStatsJson(string Device, Dictionary<string, long> Stats);

/// <summary><c>domifstat</c>: -1 counters are left out (null).</summary>
public sealed record InterfaceStatsJson(string Interface, long? RxBytes, long? RxPackets, long? RxErrs, long? RxDrop,
    long? TxBytes, long? TxPackets, long? TxErrs, long? TxDrop);

/// <summary>One address of <c>domifaddr</c>.</summary>
public sealed record IpAddressJson(string Protocol, string Address, uint Prefix);

/// <summary>One interface of <c>domifaddr</c>.</summary>
public sealed record InterfaceAddressesJson(string Name, string? Mac, IReadOnlyList<IpAddressJson> Addresses);

/// <summary><c>domjobinfo</c>: type, operation and every statistic the server returned.</summary>
public sealed record JobInfoJson(string Type, string? Operation, Dictionary<string, string> Statistics);

/// <summary>One row of <c>net-list</c>.</summary>
public sealed record NetworkListEntry(string Name, string Uuid, bool Active, bool Autostart, bool Persistent);

/// <summary><c>net-info</c>.</summary>
public sealed record NetworkInfoJson(string Name, string Uuid, bool Active, bool Persistent, bool Autostart, string? Bridge);

/// <summary>One lease of <c>net-dhcp-leases</c>.</summary>
public sealed record DhcpLeaseJson(string ExpiryTime, long ExpiryEpoch, string? Mac, string Protocol, string Address, uint Prefix,
    string? Hostname, string? ClientId);

/// <summary>One row of <c>pool-list</c>; sizes in bytes (null when the pool is inactive).</summary>
public sealed record PoolListEntry(string Name, string Uuid, string State, bool Autostart, bool Persistent,
    ulong? Capacity, ulong? Allocation, ulong? Available);

/// <summary><c>pool-info</c>; sizes in bytes.</summary>
public sealed record PoolInfoJson(string Name, string Uuid, string State, bool Persistent, bool Autostart,
    ulong? Capacity, ulong? Allocation, ulong? Available);

/// <summary>One row of <c>vol-list</c>; sizes in bytes.</summary>
public sealed record VolumeListEntry(string Name, string Path, string? Type, ulong? Capacity, ulong? Allocation);

/// <summary><c>vol-info</c>; sizes in bytes.</summary>
public sealed record VolumeInfoJson(string Name, string Type, ulong Capacity, ulong Allocation);

/// <summary>One row of <c>snapshot-list</c>.</summary>
public sealed record SnapshotListEntry(string Name, string? CreationTime, long? CreationEpoch, string? State, string? Parent);

/// <summary>One disk of <c>domblklist</c>; source is null when the disk has none.</summary>
public sealed record BlockDeviceJson(string? Type, string? Device, string Target, string? Source);

/// <summary>One interface of <c>domiflist</c>; missing values are null.</summary>
public sealed record InterfaceListEntry(string? Interface, string? Type, string? Source, string? Model, string? Mac);

/// <summary>The source-generated serializers (no reflection: vsh is published with Native AOT).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(List<DomainListEntry>))]
[JsonSerializable(typeof(DomainInfoJson))]
[JsonSerializable(typeof(DomainStateJson))]
[JsonSerializable(typeof(DomainIdentityJson))]
[JsonSerializable(typeof(NodeInfoJson))]
[JsonSerializable(typeof(VersionJson))]
[JsonSerializable(typeof(HostnameJson))]
[JsonSerializable(typeof(UriJson))]
[JsonSerializable(typeof(List<VcpuInfoJson>))]
[JsonSerializable(typeof(BlockStatsJson))]
[JsonSerializable(typeof(InterfaceStatsJson))]
[JsonSerializable(typeof(List<InterfaceAddressesJson>))]
[JsonSerializable(typeof(JobInfoJson))]
[JsonSerializable(typeof(List<NetworkListEntry>))]
[JsonSerializable(typeof(NetworkInfoJson))]
[JsonSerializable(typeof(List<DhcpLeaseJson>))]
[JsonSerializable(typeof(List<PoolListEntry>))]
[JsonSerializable(typeof(PoolInfoJson))]
[JsonSerializable(typeof(List<VolumeListEntry>))]
[JsonSerializable(typeof(VolumeInfoJson))]
[JsonSerializable(typeof(List<SnapshotListEntry>))]
[JsonSerializable(typeof(List<BlockDeviceJson>))]
[JsonSerializable(typeof(List<InterfaceListEntry>))]
public sealed partial class VshJson : JsonSerializerContext
{
    /// <summary>
    /// The context vsh prints with: like <see cref="JsonSerializerContext"/>'s default but without escaping '+', '&lt;',
    /// '&amp;' and non-ASCII text (the output is for terminals and JSON parsers, not for embedding in HTML).
    /// </summary>
    public static VshJson Output { get; } = new(new System.Text.Json.JsonSerializerOptions
    {
        PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
