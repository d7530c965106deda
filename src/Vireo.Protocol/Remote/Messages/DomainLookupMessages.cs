using Vireo.Protocol.Xdr;

namespace Vireo.Protocol.Remote.Messages;

/// <summary>remote_domain_lookup_by_name_args.</summary>
public sealed record DomainLookupByNameArgs(string Name) : IXdrMessage<DomainLookupByNameArgs>
{
    public void Encode(XdrWriter w) => w.WriteString(Name);
    public static DomainLookupByNameArgs Decode(ref XdrReader r) => new(r.ReadString());
}

/// <summary>The common "ret { remote_nonnull_domain dom; }" shape (lookup_by_*, create_xml, define_xml ...).</summary>
public sealed record DomainRet(RemoteNonnullDomain Dom) : IXdrMessage<DomainRet>
{
    public void Encode(XdrWriter w) => Dom.Encode(w);
    public static DomainRet Decode(ref XdrReader r) => new(RemoteNonnullDomain.Decode(ref r));
}

/// <summary>The common "args { remote_nonnull_domain dom; }" shape (get_info, destroy, suspend ...).</summary>
public sealed record DomainArgs(RemoteNonnullDomain Dom) : IXdrMessage<DomainArgs>
{
    public void Encode(XdrWriter w) => Dom.Encode(w);
    public static DomainArgs Decode(ref XdrReader r) => new(RemoteNonnullDomain.Decode(ref r));
}

/// <summary>The common "args { remote_nonnull_domain dom; unsigned int flags; }" shape.</summary>
public sealed record DomainFlagsArgs(RemoteNonnullDomain Dom, uint Flags) : IXdrMessage<DomainFlagsArgs>
{
    public void Encode(XdrWriter w) { Dom.Encode(w); w.WriteUInt(Flags); }
    public static DomainFlagsArgs Decode(ref XdrReader r) => new(RemoteNonnullDomain.Decode(ref r), r.ReadUInt());
}
