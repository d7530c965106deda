using Vireo.Protocol.Xdr;

namespace Vireo.Protocol.Remote.Messages;

// Identity structs the messages need that Remote/ObjectHandles.cs does not define (yet).
// They belong next to RemoteNonnullDomain; move them there when that file is next edited.

/// <summary>remote_nonnull_node_device: looked up by name.</summary>
public sealed record RemoteNonnullNodeDevice(string Name) : IXdrMessage<RemoteNonnullNodeDevice>
{
    public void Encode(XdrWriter w) => w.WriteString(Name);
    public static RemoteNonnullNodeDevice Decode(ref XdrReader r) => new(r.ReadString());
}

/// <summary>remote_nonnull_secret: the UUID comes first (no name), then usage type and usage id.</summary>
public sealed record RemoteNonnullSecret(Guid Uuid, int UsageType, string UsageId) : IXdrMessage<RemoteNonnullSecret>
{
    public void Encode(XdrWriter w) { w.WriteUuid(Uuid); w.WriteInt(UsageType); w.WriteString(UsageId); }
    public static RemoteNonnullSecret Decode(ref XdrReader r) => new(r.ReadUuid(), r.ReadInt(), r.ReadString());
}
