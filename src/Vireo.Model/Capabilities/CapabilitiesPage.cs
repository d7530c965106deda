namespace Vireo.Model.Capabilities;

/// <summary>A page size in KiB, with the number of such pages (NUMA cells only).</summary>
public sealed record CapabilitiesPage(ulong SizeKiB, ulong? Count = null);
