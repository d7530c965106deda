namespace Vireo.Model.Capabilities;

/// <summary>A guest feature (pae, acpi, apic, disksnapshot ...), with default/toggle where the driver reports them.</summary>
public sealed record CapabilitiesGuestFeature(string Name, string? Default = null, string? Toggle = null);
