namespace Vireo.Model.Capabilities;

/// <summary>A machine type a guest architecture offers, e.g. pc-i440fx-7.2, or an alias with its canonical name.</summary>
public sealed record CapabilitiesMachine(string Name, string? Canonical = null, int? MaxCpus = null, bool Deprecated = false);
