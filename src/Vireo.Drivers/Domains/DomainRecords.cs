namespace Vireo.Drivers.Domains;

/// <summary>virDomainInfo: state, memory in KiB, vCPU count and CPU time in nanoseconds.</summary>
public sealed record DomainInfo(DomainState State, ulong MaxMemKiB, ulong MemoryKiB, int Vcpus, ulong CpuTimeNs);

/// <summary>virVcpuInfo plus the vCPU's affinity (one bool per host CPU).</summary>
public sealed record VcpuInfo(int Number, int State, ulong CpuTimeNs, int Cpu, bool[] Affinity);

/// <summary>virDomainBlockStats (-1 = unknown).</summary>
public sealed record BlockStats(long RdReq, long RdBytes, long WrReq, long WrBytes, long Errs, long FlushReq = -1,
    long RdTotalTimeNs = -1, long WrTotalTimeNs = -1, long FlushTotalTimeNs = -1);

/// <summary>virDomainInterfaceStats.</summary>
public sealed record InterfaceStats(long RxBytes, long RxPackets, long RxErrs, long RxDrop, long TxBytes, long TxPackets, long TxErrs, long TxDrop);

/// <summary>One address of a guest interface (virDomainIPAddress).</summary>
public sealed record InterfaceAddress(int Type, string Address, uint Prefix);

/// <summary>A guest interface with its addresses (virDomainInterface).</summary>
public sealed record GuestInterface(string Name, string? HwAddr, IReadOnlyList<InterfaceAddress> Addresses);

/// <summary>virDomainJobInfo fields as a flat record (type 0 = none).</summary>
public sealed record JobInfo(int Type, ulong TimeElapsedMs = 0, ulong TimeRemainingMs = 0, ulong DataTotal = 0, ulong DataProcessed = 0,
    ulong DataRemaining = 0, ulong MemTotal = 0, ulong MemProcessed = 0, ulong MemRemaining = 0, ulong FileTotal = 0,
    ulong FileProcessed = 0, ulong FileRemaining = 0);
