namespace Vireo.Model.Capabilities;

/// <summary>A security driver (selinux, apparmor, dac ...) with its DOI and base labels.</summary>
public sealed class CapabilitiesSecModel
{
    /// <summary>Model name.</summary>
    public string Model { get; set; } = "none";

    /// <summary>Domain of interpretation ("" allowed, printed as &lt;doi&gt;&lt;/doi&gt;).</summary>
    public string Doi { get; set; } = "";

    /// <summary>Base labels per domain type (type, label).</summary>
    public List<(string Type, string Label)> BaseLabels { get; } = [];
}
