namespace Vireo.Install.OsInfo;

/// <summary>One osinfo &lt;resources arch=...&gt; entry: minimum and recommended RAM, CPUs and storage (bytes; 0 = unset).</summary>
public sealed record OsResources(string Arch, bool Inherit)
{
    public long MinRam { get; set; }
    public long MinCpus { get; set; }
    public long MinStorage { get; set; }
    public long RecRam { get; set; }
    public long RecCpus { get; set; }
    public long RecStorage { get; set; }
}
