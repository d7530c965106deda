namespace Vireo.Model.Capabilities;

/// <summary>The &lt;host&gt; part of capabilities: CPU, power management, NUMA topology, security models.</summary>
public sealed class CapabilitiesHost
{
    /// <summary>Host UUID, if known.</summary>
    public Guid? Uuid { get; set; }

    /// <summary>Host CPU architecture.</summary>
    public string Arch { get; set; } = "x86_64";

    /// <summary>Host CPU model name, if known.</summary>
    public string? CpuModel { get; set; }

    /// <summary>Host CPU vendor, if known.</summary>
    public string? CpuVendor { get; set; }

    /// <summary>Host CPU topology (sockets, dies, cores, threads), if known.</summary>
    public (int Sockets, int Dies, int Cores, int Threads)? CpuTopology { get; set; }

    /// <summary>Named CPU features (&lt;feature name=&gt;).</summary>
    public List<string> CpuFeatures { get; } = [];

    /// <summary>Host feature flags printed under &lt;cpu&gt;&lt;features&gt; (pae, nonpae, vmx, svm ...).</summary>
    public List<string> Features { get; } = [];

    /// <summary>Supported page sizes.</summary>
    public List<CapabilitiesPage> Pages { get; } = [];

    /// <summary>Supported suspend targets (suspend_mem, suspend_disk, suspend_hybrid).</summary>
    public List<string> PowerManagement { get; } = [];

    /// <summary>Host IOMMU support.</summary>
    public bool Iommu { get; set; }

    /// <summary>Live migration URI transports (tcp, rdma); empty for no &lt;migration_features&gt;.</summary>
    public List<string> MigrationTransports { get; } = [];

    /// <summary>Whether to print &lt;migration_features&gt; at all.</summary>
    public bool LiveMigration { get; set; }

    /// <summary>NUMA cells.</summary>
    public List<CapabilitiesCell> Cells { get; } = [];

    /// <summary>Security models.</summary>
    public List<CapabilitiesSecModel> SecModels { get; } = [];
}
