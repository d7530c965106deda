namespace Vireo.Model.Capabilities;

/// <summary>One host CPU in a NUMA cell: id, socket, die, core and sibling list.</summary>
public sealed record CapabilitiesCellCpu(int Id, int SocketId, int DieId, int CoreId, string Siblings);
