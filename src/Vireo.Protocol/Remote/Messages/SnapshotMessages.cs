using Vireo.Protocol.Xdr;

namespace Vireo.Protocol.Remote.Messages;

// Domain snapshot procedures (remote_protocol.x, libvirt 9.0). Field order = wire order.
// 185 snapshot_create_xml args = DomainXmlFlagsArgs {dom, xml_desc, flags}; 187 snapshot_num, 190 has_current_snapshot
// and 191 snapshot_current args = DomainFlagsArgs; 188 snapshot_list_names ret = NameListRet (limit 16384).

/// <summary>Ret { remote_nonnull_domain_snapshot snap; }: snapshot_create_xml (185), snapshot_lookup_by_name (189), snapshot_current (191).</summary>
public sealed record DomainSnapshotRet(RemoteNonnullDomainSnapshot Snap) : IXdrMessage<DomainSnapshotRet>
{
    public void Encode(XdrWriter w) => Snap.Encode(w);
    public static DomainSnapshotRet Decode(ref XdrReader r) => new(RemoteNonnullDomainSnapshot.Decode(ref r));
}

/// <summary>
/// Args { remote_nonnull_domain_snapshot snap; unsigned int flags; }: snapshot_get_xml_desc (186),
/// revert_to_snapshot (192), snapshot_delete (193).
/// </summary>
public sealed record DomainSnapshotFlagsArgs(RemoteNonnullDomainSnapshot Snap, uint Flags) : IXdrMessage<DomainSnapshotFlagsArgs>
{
    public void Encode(XdrWriter w) { Snap.Encode(w); w.WriteUInt(Flags); }
    public static DomainSnapshotFlagsArgs Decode(ref XdrReader r) => new(RemoteNonnullDomainSnapshot.Decode(ref r), r.ReadUInt());
}

/// <summary>remote_domain_snapshot_list_names_args (188).</summary>
public sealed record DomainSnapshotListNamesArgs(RemoteNonnullDomain Dom, int Maxnames, uint Flags) : IXdrMessage<DomainSnapshotListNamesArgs>
{
    public void Encode(XdrWriter w) { Dom.Encode(w); w.WriteInt(Maxnames); w.WriteUInt(Flags); }
    public static DomainSnapshotListNamesArgs Decode(ref XdrReader r) => new(RemoteNonnullDomain.Decode(ref r), r.ReadInt(), r.ReadUInt());
}

/// <summary>remote_domain_snapshot_lookup_by_name_args (189).</summary>
public sealed record DomainSnapshotLookupByNameArgs(RemoteNonnullDomain Dom, string Name, uint Flags) : IXdrMessage<DomainSnapshotLookupByNameArgs>
{
    public void Encode(XdrWriter w) { Dom.Encode(w); w.WriteString(Name); w.WriteUInt(Flags); }
    public static DomainSnapshotLookupByNameArgs Decode(ref XdrReader r) => new(RemoteNonnullDomain.Decode(ref r), r.ReadString(), r.ReadUInt());
}

/// <summary>remote_domain_list_all_snapshots_args (274).</summary>
public sealed record DomainListAllSnapshotsArgs(RemoteNonnullDomain Dom, int NeedResults, uint Flags) : IXdrMessage<DomainListAllSnapshotsArgs>
{
    public void Encode(XdrWriter w) { Dom.Encode(w); w.WriteInt(NeedResults); w.WriteUInt(Flags); }
    public static DomainListAllSnapshotsArgs Decode(ref XdrReader r) => new(RemoteNonnullDomain.Decode(ref r), r.ReadInt(), r.ReadUInt());
}

/// <summary>remote_domain_list_all_snapshots_ret (274): snapshots&lt;REMOTE_DOMAIN_SNAPSHOT_LIST_MAX&gt; and a signed count.</summary>
public sealed record DomainListAllSnapshotsRet(RemoteNonnullDomainSnapshot[] Snapshots, int Ret) : IXdrMessage<DomainListAllSnapshotsRet>
{
    public void Encode(XdrWriter w) { MessageCodec.WriteArray(w, Snapshots, XdrLimits.DomainSnapshotListMax, "snapshots"); w.WriteInt(Ret); }
    public static DomainListAllSnapshotsRet Decode(ref XdrReader r) =>
        new(MessageCodec.ReadArray<RemoteNonnullDomainSnapshot>(ref r, XdrLimits.DomainSnapshotListMax), r.ReadInt());
}
