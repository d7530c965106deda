namespace Vireo.Web.Hosts;

/// <summary>One line of the main window: a guest of one connection, with its usage figures, their recent history and its tags.</summary>
public sealed record GuestRow(
    string Conn, string Name, string Uuid, int Id, string State, bool Active, bool Persistent,
    int Vcpus, ulong MemoryKiB, ulong MaxMemoryKiB, double CpuPercent, double MemoryPercent,
    double[] CpuHistory, double[] MemoryHistory, string[] Tags);

/// <summary>The main window's connection line (host row).</summary>
public sealed record ConnectionRow(string Id, string Uri, bool ReadOnly, string State, string? Error, string? Hostname,
    int HostCpus, ulong HostMemoryKiB, double HostCpuPercent);
