namespace Vireo.Drivers.Domains;

/// <summary>Identity of a domain as clients see it: name, UUID and id (-1 when not running).</summary>
public sealed record DomainRef(string Name, Guid Uuid, int Id);
