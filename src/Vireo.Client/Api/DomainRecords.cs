using Vireo.Protocol.Remote;

namespace Vireo.Client.Api;

/// <summary>virDomainInfo: memory in KiB, CPU time in nanoseconds.</summary>
public sealed record DomainInfo(DomainState State, ulong MaxMemory, ulong Memory, int VirtualCpus, ulong CpuTime);

/// <summary>virSecurityLabel of a running domain.</summary>
public sealed record DomainSecurityLabel(string Label, bool Enforcing);

/// <summary>virVcpuInfo: state 0 offline, 1 running, 2 blocked; Cpu = host CPU it runs on (-1 if none).</summary>
public sealed record DomainVcpuInfo(uint Number, int State, ulong CpuTime, int Cpu);

/// <summary>virDomainGetVcpus result: per-vCPU info and one affinity map of <c>MapLength</c> bytes per vCPU.</summary>
public sealed record DomainVcpus(IReadOnlyList<DomainVcpuInfo> Vcpus, byte[] CpuMaps, int MapLength)
{
    /// <summary>The affinity bitmap of the vCPU at <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> MapOf(int index) => CpuMaps.AsSpan(index * MapLength, MapLength);
}

/// <summary>virDomainInterfaceStats: -1 = not available.</summary>
public sealed record InterfaceStats(
    long RxBytes, long RxPackets, long RxErrors, long RxDrops,
    long TxBytes, long TxPackets, long TxErrors, long TxDrops);

/// <summary>
/// Block device statistics as typed parameters (virDomainBlockStatsFlags field names: rd_operations, rd_bytes,
/// wr_operations, wr_bytes, errs, flush_operations, rd/wr/flush_total_times). <see cref="Legacy"/> is true when
/// they came from the older virDomainBlockStats because the server lacked the new call.
/// </summary>
public sealed record BlockStats(IReadOnlyList<TypedParameter> Parameters, bool Legacy)
{
    public const string ReadRequests = "rd_operations", ReadBytes = "rd_bytes", WriteRequests = "wr_operations",
        WriteBytes = "wr_bytes", Errors = "errs", FlushRequests = "flush_operations", ReadTotalTimes = "rd_total_times",
        WriteTotalTimes = "wr_total_times", FlushTotalTimes = "flush_total_times";
}

/// <summary>virDomainJobInfo (legacy, fixed fields; times in ms, sizes in bytes).</summary>
public sealed record DomainJobInfo(
    DomainJobType Type, ulong TimeElapsed, ulong TimeRemaining,
    ulong DataTotal, ulong DataProcessed, ulong DataRemaining,
    ulong MemoryTotal, ulong MemoryProcessed, ulong MemoryRemaining,
    ulong FileTotal, ulong FileProcessed, ulong FileRemaining);

/// <summary>
/// virDomainGetJobStats: the job type and its statistics as typed parameters (VIR_DOMAIN_JOB_* names such as
/// time_elapsed, data_total, memory_bps). <see cref="Legacy"/> is true when the server lacked the call and the
/// parameters were converted from virDomainGetJobInfo.
/// </summary>
public sealed record DomainJobStats(DomainJobType Type, IReadOnlyList<TypedParameter> Parameters, bool Legacy)
{
    /// <summary>The value of an unsigned long long parameter, or null when absent.</summary>
    public ulong? GetULong(string field) =>
        Parameters.FirstOrDefault(p => p.Field == field) is { } p ? p.UnsignedValue : null;

    /// <summary>The value of an int parameter, or null when absent.</summary>
    public int? GetInt(string field) =>
        Parameters.FirstOrDefault(p => p.Field == field) is { } p ? (int)p.IntegerValue : null;

    /// <summary>The value of a string parameter, or null when absent.</summary>
    public string? GetString(string field) => Parameters.FirstOrDefault(p => p.Field == field)?.StringValue;

    /// <summary>The fixed-field view (missing fields are 0), as virsh derives it.</summary>
    public DomainJobInfo ToJobInfo() => new(Type,
        GetULong("time_elapsed") ?? 0, GetULong("time_remaining") ?? 0,
        GetULong("data_total") ?? 0, GetULong("data_processed") ?? 0, GetULong("data_remaining") ?? 0,
        GetULong("memory_total") ?? 0, GetULong("memory_processed") ?? 0, GetULong("memory_remaining") ?? 0,
        GetULong("disk_total") ?? 0, GetULong("disk_processed") ?? 0, GetULong("disk_remaining") ?? 0);
}

/// <summary>One address of a guest interface (virDomainIPAddress): type 0 = IPv4, 1 = IPv6.</summary>
public sealed record DomainIpAddress(int Type, string Address, uint Prefix);

/// <summary>A guest network interface and its addresses (virDomainInterface).</summary>
public sealed record DomainInterfaceAddresses(string Name, string? HardwareAddress, IReadOnlyList<DomainIpAddress> Addresses);
