using Vireo.Protocol.Xdr;

namespace Vireo.Protocol.Remote.Messages;

// Storage pool and volume procedures (remote_protocol.x, libvirt 9.0). Field order = wire order.
// 76 pool_create_xml / 77 pool_define_xml args = XmlFlagsArgs; 84 pool_lookup_by_name, 96 vol_lookup_by_key,
// 97 vol_lookup_by_path, 391 pool_lookup_by_target_path args = StringArgs; 85 pool_lookup_by_uuid = UuidArgs;
// 71/73/89/91/154/155 ret = IntRet; 72/74 = MaxNamesArgs → NameListRet; 88/99/100 ret = StringRet;
// 281 args = ConnectListAllArgs.

/// <summary>
/// Args { remote_nonnull_storage_pool pool; }: pool_destroy (80), pool_undefine (82), pool_get_info (87),
/// pool_get_autostart (89), pool_num_of_volumes (91), pool_is_active (154), pool_is_persistent (155).
/// </summary>
public sealed record StoragePoolArgs(RemoteNonnullStoragePool Pool) : IXdrMessage<StoragePoolArgs>
{
    public void Encode(XdrWriter w) => Pool.Encode(w);
    public static StoragePoolArgs Decode(ref XdrReader r) => new(RemoteNonnullStoragePool.Decode(ref r));
}

/// <summary>
/// Args { pool; unsigned int flags; }: pool_create (78), pool_build (79), pool_delete (81), pool_refresh (83),
/// pool_get_xml_desc (88).
/// </summary>
public sealed record StoragePoolFlagsArgs(RemoteNonnullStoragePool Pool, uint Flags) : IXdrMessage<StoragePoolFlagsArgs>
{
    public void Encode(XdrWriter w) { Pool.Encode(w); w.WriteUInt(Flags); }
    public static StoragePoolFlagsArgs Decode(ref XdrReader r) => new(RemoteNonnullStoragePool.Decode(ref r), r.ReadUInt());
}

/// <summary>
/// Ret { remote_nonnull_storage_pool pool; }: pool_create_xml (76), pool_define_xml (77), pool_lookup_by_name (84),
/// pool_lookup_by_uuid (85), pool_lookup_by_volume (86), pool_lookup_by_target_path (391).
/// </summary>
public sealed record StoragePoolRet(RemoteNonnullStoragePool Pool) : IXdrMessage<StoragePoolRet>
{
    public void Encode(XdrWriter w) => Pool.Encode(w);
    public static StoragePoolRet Decode(ref XdrReader r) => new(RemoteNonnullStoragePool.Decode(ref r));
}

/// <summary>remote_storage_pool_set_autostart_args (90).</summary>
public sealed record StoragePoolSetAutostartArgs(RemoteNonnullStoragePool Pool, int Autostart) : IXdrMessage<StoragePoolSetAutostartArgs>
{
    public void Encode(XdrWriter w) { Pool.Encode(w); w.WriteInt(Autostart); }
    public static StoragePoolSetAutostartArgs Decode(ref XdrReader r) => new(RemoteNonnullStoragePool.Decode(ref r), r.ReadInt());
}

/// <summary>
/// remote_storage_pool_get_info_ret (87): <c>unsigned char state</c> takes 4 bytes; capacity/allocation/available
/// in bytes (28-byte reply).
/// </summary>
public sealed record StoragePoolGetInfoRet(byte State, ulong Capacity, ulong Allocation, ulong Available) : IXdrMessage<StoragePoolGetInfoRet>
{
    public void Encode(XdrWriter w) { MessageCodec.WriteUChar(w, State); w.WriteUHyper(Capacity); w.WriteUHyper(Allocation); w.WriteUHyper(Available); }
    public static StoragePoolGetInfoRet Decode(ref XdrReader r) => new(MessageCodec.ReadUChar(ref r), r.ReadUHyper(), r.ReadUHyper(), r.ReadUHyper());
}

/// <summary>remote_storage_pool_list_volumes_args (92). Ret: <see cref="NameListRet"/>.</summary>
public sealed record StoragePoolListVolumesArgs(RemoteNonnullStoragePool Pool, int Maxnames) : IXdrMessage<StoragePoolListVolumesArgs>
{
    public void Encode(XdrWriter w) { Pool.Encode(w); w.WriteInt(Maxnames); }
    public static StoragePoolListVolumesArgs Decode(ref XdrReader r) => new(RemoteNonnullStoragePool.Decode(ref r), r.ReadInt());
}

/// <summary>remote_connect_list_all_storage_pools_ret (281): pools&lt;REMOTE_STORAGE_POOL_LIST_MAX&gt; and the count.</summary>
public sealed record ConnectListAllStoragePoolsRet(RemoteNonnullStoragePool[] Pools, uint Ret) : IXdrMessage<ConnectListAllStoragePoolsRet>
{
    public void Encode(XdrWriter w) { MessageCodec.WriteArray(w, Pools, XdrLimits.StoragePoolListMax, "storage pools"); w.WriteUInt(Ret); }
    public static ConnectListAllStoragePoolsRet Decode(ref XdrReader r) =>
        new(MessageCodec.ReadArray<RemoteNonnullStoragePool>(ref r, XdrLimits.StoragePoolListMax), r.ReadUInt());
}

/// <summary>remote_storage_pool_list_all_volumes_args (282).</summary>
public sealed record StoragePoolListAllVolumesArgs(RemoteNonnullStoragePool Pool, int NeedResults, uint Flags) : IXdrMessage<StoragePoolListAllVolumesArgs>
{
    public void Encode(XdrWriter w) { Pool.Encode(w); w.WriteInt(NeedResults); w.WriteUInt(Flags); }
    public static StoragePoolListAllVolumesArgs Decode(ref XdrReader r) => new(RemoteNonnullStoragePool.Decode(ref r), r.ReadInt(), r.ReadUInt());
}

/// <summary>remote_storage_pool_list_all_volumes_ret (282): vols&lt;REMOTE_STORAGE_VOL_LIST_MAX&gt; and the count.</summary>
public sealed record StoragePoolListAllVolumesRet(RemoteNonnullStorageVol[] Vols, uint Ret) : IXdrMessage<StoragePoolListAllVolumesRet>
{
    public void Encode(XdrWriter w) { MessageCodec.WriteArray(w, Vols, XdrLimits.StorageVolListMax, "storage volumes"); w.WriteUInt(Ret); }
    public static StoragePoolListAllVolumesRet Decode(ref XdrReader r) =>
        new(MessageCodec.ReadArray<RemoteNonnullStorageVol>(ref r, XdrLimits.StorageVolListMax), r.ReadUInt());
}

/// <summary>
/// Args { remote_nonnull_storage_vol vol; }: vol_get_info (98), vol_get_path (100), pool_lookup_by_volume (86).
/// </summary>
public sealed record StorageVolArgs(RemoteNonnullStorageVol Vol) : IXdrMessage<StorageVolArgs>
{
    public void Encode(XdrWriter w) => Vol.Encode(w);
    public static StorageVolArgs Decode(ref XdrReader r) => new(RemoteNonnullStorageVol.Decode(ref r));
}

/// <summary>Args { vol; unsigned int flags; }: vol_delete (94), vol_get_xml_desc (99), vol_get_info_flags (378).</summary>
public sealed record StorageVolFlagsArgs(RemoteNonnullStorageVol Vol, uint Flags) : IXdrMessage<StorageVolFlagsArgs>
{
    public void Encode(XdrWriter w) { Vol.Encode(w); w.WriteUInt(Flags); }
    public static StorageVolFlagsArgs Decode(ref XdrReader r) => new(RemoteNonnullStorageVol.Decode(ref r), r.ReadUInt());
}

/// <summary>
/// Ret { remote_nonnull_storage_vol vol; }: vol_create_xml (93), vol_lookup_by_name (95), vol_lookup_by_key (96),
/// vol_lookup_by_path (97), vol_create_xml_from (125).
/// </summary>
public sealed record StorageVolRet(RemoteNonnullStorageVol Vol) : IXdrMessage<StorageVolRet>
{
    public void Encode(XdrWriter w) => Vol.Encode(w);
    public static StorageVolRet Decode(ref XdrReader r) => new(RemoteNonnullStorageVol.Decode(ref r));
}

/// <summary>remote_storage_vol_create_xml_args (93).</summary>
public sealed record StorageVolCreateXmlArgs(RemoteNonnullStoragePool Pool, string Xml, uint Flags) : IXdrMessage<StorageVolCreateXmlArgs>
{
    public void Encode(XdrWriter w) { Pool.Encode(w); w.WriteString(Xml); w.WriteUInt(Flags); }
    public static StorageVolCreateXmlArgs Decode(ref XdrReader r) => new(RemoteNonnullStoragePool.Decode(ref r), r.ReadString(), r.ReadUInt());
}

/// <summary>remote_storage_vol_create_xml_from_args (125): clone of an existing volume.</summary>
public sealed record StorageVolCreateXmlFromArgs(RemoteNonnullStoragePool Pool, string Xml, RemoteNonnullStorageVol Clonevol, uint Flags)
    : IXdrMessage<StorageVolCreateXmlFromArgs>
{
    public void Encode(XdrWriter w) { Pool.Encode(w); w.WriteString(Xml); Clonevol.Encode(w); w.WriteUInt(Flags); }
    public static StorageVolCreateXmlFromArgs Decode(ref XdrReader r) =>
        new(RemoteNonnullStoragePool.Decode(ref r), r.ReadString(), RemoteNonnullStorageVol.Decode(ref r), r.ReadUInt());
}

/// <summary>remote_storage_vol_lookup_by_name_args (95).</summary>
public sealed record StorageVolLookupByNameArgs(RemoteNonnullStoragePool Pool, string Name) : IXdrMessage<StorageVolLookupByNameArgs>
{
    public void Encode(XdrWriter w) { Pool.Encode(w); w.WriteString(Name); }
    public static StorageVolLookupByNameArgs Decode(ref XdrReader r) => new(RemoteNonnullStoragePool.Decode(ref r), r.ReadString());
}

/// <summary>
/// Ret { char type; unsigned hyper capacity; unsigned hyper allocation; }: vol_get_info (98) and
/// vol_get_info_flags (378). <c>char type</c> (virStorageVolType) takes 4 bytes, sign-extended.
/// </summary>
public sealed record StorageVolGetInfoRet(sbyte Type, ulong Capacity, ulong Allocation) : IXdrMessage<StorageVolGetInfoRet>
{
    public void Encode(XdrWriter w) { MessageCodec.WriteChar(w, Type); w.WriteUHyper(Capacity); w.WriteUHyper(Allocation); }
    public static StorageVolGetInfoRet Decode(ref XdrReader r) => new(MessageCodec.ReadChar(ref r), r.ReadUHyper(), r.ReadUHyper());
}

/// <summary>
/// Args { vol; unsigned hyper offset; unsigned hyper length; unsigned int flags; }: storage_vol_upload (208,
/// write stream) and storage_vol_download (209, read stream). length 0 = to the end; flags bit 0 = sparse stream.
/// </summary>
public sealed record StorageVolTransferArgs(RemoteNonnullStorageVol Vol, ulong Offset, ulong Length, uint Flags) : IXdrMessage<StorageVolTransferArgs>
{
    public void Encode(XdrWriter w) { Vol.Encode(w); w.WriteUHyper(Offset); w.WriteUHyper(Length); w.WriteUInt(Flags); }
    public static StorageVolTransferArgs Decode(ref XdrReader r) => new(RemoteNonnullStorageVol.Decode(ref r), r.ReadUHyper(), r.ReadUHyper(), r.ReadUInt());
}
