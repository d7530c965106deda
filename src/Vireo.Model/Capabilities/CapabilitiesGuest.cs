namespace Vireo.Model.Capabilities;

/// <summary>One &lt;guest&gt;: an OS type on an architecture, with its emulator, machines, domain types and features.</summary>
public sealed class CapabilitiesGuest
{
    /// <summary>OS type: hvm, xen, exe ...</summary>
    public string OsType { get; set; } = "hvm";

    /// <summary>Architecture, e.g. x86_64.</summary>
    public string Arch { get; set; } = "x86_64";

    /// <summary>Word size in bits.</summary>
    public int WordSize { get; set; } = 64;

    /// <summary>Default emulator binary.</summary>
    public string? Emulator { get; set; }

    /// <summary>Firmware loader.</summary>
    public string? Loader { get; set; }

    /// <summary>Machine types (the first is the default).</summary>
    public List<CapabilitiesMachine> Machines { get; } = [];

    /// <summary>Domain types that can run this guest.</summary>
    public List<CapabilitiesGuestDomain> Domains { get; } = [];

    /// <summary>Guest features.</summary>
    public List<CapabilitiesGuestFeature> Features { get; } = [];
}
