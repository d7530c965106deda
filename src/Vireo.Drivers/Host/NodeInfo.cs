namespace Vireo.Drivers.Host;

/// <summary>virNodeInfo: CPU model, memory in KiB and CPU topology.</summary>
public sealed record NodeInfo(string Model, ulong MemoryKiB, int Cpus, int Mhz, int Nodes, int Sockets, int Cores, int Threads);
