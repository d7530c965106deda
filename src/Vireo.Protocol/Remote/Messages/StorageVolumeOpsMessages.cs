using Vireo.Protocol.Xdr;

namespace Vireo.Protocol.Remote.Messages;

// Volume resize and wipe (remote_protocol.x, libvirt 9.0). Field order = wire order.
// 165 storage_vol_wipe args = StorageVolFlagsArgs.

/// <summary>remote_storage_vol_resize_args (260): { vol; unsigned hyper capacity; unsigned int flags; }.</summary>
public sealed record StorageVolResizeArgs(RemoteNonnullStorageVol Vol, ulong Capacity, uint Flags) : IXdrMessage<StorageVolResizeArgs>
{
    public void Encode(XdrWriter w) { Vol.Encode(w); w.WriteUHyper(Capacity); w.WriteUInt(Flags); }
    public static StorageVolResizeArgs Decode(ref XdrReader r) => new(RemoteNonnullStorageVol.Decode(ref r), r.ReadUHyper(), r.ReadUInt());
}

/// <summary>remote_storage_vol_wipe_pattern_args (259): { vol; unsigned int algorithm; unsigned int flags; }.</summary>
public sealed record StorageVolWipePatternArgs(RemoteNonnullStorageVol Vol, uint Algorithm, uint Flags) : IXdrMessage<StorageVolWipePatternArgs>
{
    public void Encode(XdrWriter w) { Vol.Encode(w); w.WriteUInt(Algorithm); w.WriteUInt(Flags); }
    public static StorageVolWipePatternArgs Decode(ref XdrReader r) => new(RemoteNonnullStorageVol.Decode(ref r), r.ReadUInt(), r.ReadUInt());
}
