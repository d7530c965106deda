namespace Vireo.Drivers.Domains;

/// <summary>virDomainBlockInfo in bytes: the guest-visible size, the bytes the host has allocated, the host file's size.</summary>
public sealed record BlockInfo(ulong Capacity, ulong Allocation, ulong Physical);
