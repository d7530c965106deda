using Vireo.Protocol.Xdr;

namespace Vireo.Protocol.Remote;

/// <summary>remote_nonnull_domain: name, UUID and id (-1 when the domain is not running).</summary>
public sealed record RemoteNonnullDomain(string Name, Guid Uuid, int Id) : IXdrMessage<RemoteNonnullDomain>
{
    public void Encode(XdrWriter w) { w.WriteString(Name); w.WriteUuid(Uuid); w.WriteInt(Id); }
    public static RemoteNonnullDomain Decode(ref XdrReader r) => new(r.ReadString(), r.ReadUuid(), r.ReadInt());
}

/// <summary>remote_nonnull_network.</summary>
public sealed record RemoteNonnullNetwork(string Name, Guid Uuid) : IXdrMessage<RemoteNonnullNetwork>
{
    public void Encode(XdrWriter w) { w.WriteString(Name); w.WriteUuid(Uuid); }
    public static RemoteNonnullNetwork Decode(ref XdrReader r) => new(r.ReadString(), r.ReadUuid());
}

/// <summary>remote_nonnull_storage_pool.</summary>
public sealed record RemoteNonnullStoragePool(string Name, Guid Uuid) : IXdrMessage<RemoteNonnullStoragePool>
{
    public void Encode(XdrWriter w) { w.WriteString(Name); w.WriteUuid(Uuid); }
    public static RemoteNonnullStoragePool Decode(ref XdrReader r) => new(r.ReadString(), r.ReadUuid());
}

/// <summary>remote_nonnull_storage_vol: pool name, volume name and key (usually the path).</summary>
public sealed record RemoteNonnullStorageVol(string Pool, string Name, string Key) : IXdrMessage<RemoteNonnullStorageVol>
{
    public void Encode(XdrWriter w) { w.WriteString(Pool); w.WriteString(Name); w.WriteString(Key); }
    public static RemoteNonnullStorageVol Decode(ref XdrReader r) => new(r.ReadString(), r.ReadString(), r.ReadString());
}

/// <summary>remote_nonnull_domain_snapshot.</summary>
public sealed record RemoteNonnullDomainSnapshot(string Name, RemoteNonnullDomain Dom) : IXdrMessage<RemoteNonnullDomainSnapshot>
{
    public void Encode(XdrWriter w) { w.WriteString(Name); Dom.Encode(w); }
    public static RemoteNonnullDomainSnapshot Decode(ref XdrReader r) => new(r.ReadString(), RemoteNonnullDomain.Decode(ref r));
}
