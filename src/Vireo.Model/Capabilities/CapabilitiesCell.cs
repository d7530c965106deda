namespace Vireo.Model.Capabilities;

/// <summary>A host NUMA cell: memory, page pools and CPUs.</summary>
public sealed class CapabilitiesCell
{
    /// <summary>Cell id.</summary>
    public int Id { get; set; }

    /// <summary>Memory in KiB.</summary>
    public ulong MemoryKiB { get; set; }

    /// <summary>Free pages per page size.</summary>
    public List<CapabilitiesPage> Pages { get; } = [];

    /// <summary>CPUs in the cell.</summary>
    public List<CapabilitiesCellCpu> Cpus { get; } = [];
}
