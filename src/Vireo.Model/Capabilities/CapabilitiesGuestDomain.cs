namespace Vireo.Model.Capabilities;

/// <summary>A hypervisor (domain type) that can run a guest architecture, optionally with its own emulator and machines.</summary>
public sealed class CapabilitiesGuestDomain
{
    /// <summary>Domain type, e.g. qemu, kvm, test.</summary>
    public string Type { get; set; } = "test";

    /// <summary>Emulator specific to this domain type.</summary>
    public string? Emulator { get; set; }

    /// <summary>Machines specific to this domain type.</summary>
    public List<CapabilitiesMachine> Machines { get; } = [];
}
