using Vireo.Protocol.Xdr;

namespace Vireo.Protocol.Remote.Messages;

// Snapshot tree procedures (remote_protocol.x, libvirt 9.0). Field order = wire order.
// 244 get_parent, 246 num_children, 271 is_current, 272 has_metadata args = DomainSnapshotFlagsArgs.

/// <summary>remote_domain_snapshot_list_children_names_args (247).</summary>
public sealed record DomainSnapshotListChildrenNamesArgs(RemoteNonnullDomainSnapshot Snap, int Maxnames, uint Flags)
    : IXdrMessage<DomainSnapshotListChildrenNamesArgs>
{
    public void Encode(XdrWriter w) { Snap.Encode(w); w.WriteInt(Maxnames); w.WriteUInt(Flags); }
    public static DomainSnapshotListChildrenNamesArgs Decode(ref XdrReader r) => new(RemoteNonnullDomainSnapshot.Decode(ref r), r.ReadInt(), r.ReadUInt());
}

/// <summary>remote_domain_snapshot_list_all_children_args (275); its ret has the shape of list_all_snapshots_ret.</summary>
public sealed record DomainSnapshotListAllChildrenArgs(RemoteNonnullDomainSnapshot Snap, int NeedResults, uint Flags)
    : IXdrMessage<DomainSnapshotListAllChildrenArgs>
{
    public void Encode(XdrWriter w) { Snap.Encode(w); w.WriteInt(NeedResults); w.WriteUInt(Flags); }
    public static DomainSnapshotListAllChildrenArgs Decode(ref XdrReader r) => new(RemoteNonnullDomainSnapshot.Decode(ref r), r.ReadInt(), r.ReadUInt());
}
