using Vireo.Protocol.Xdr;

namespace Vireo.Protocol.Remote.Messages;

// Domain metadata: <title>, <description> and applications' namespaced elements (remote_protocol.x, libvirt 9.0).

/// <summary>remote_domain_set_metadata_args (264): type, metadata/key/uri optional strings, flags.</summary>
public sealed record DomainSetMetadataArgs(RemoteNonnullDomain Dom, int Type, string? Metadata, string? Key, string? Uri, uint Flags)
    : IXdrMessage<DomainSetMetadataArgs>
{
    public void Encode(XdrWriter w)
    {
        Dom.Encode(w);
        w.WriteInt(Type);
        w.WriteOptionalString(Metadata);
        w.WriteOptionalString(Key);
        w.WriteOptionalString(Uri);
        w.WriteUInt(Flags);
    }

    public static DomainSetMetadataArgs Decode(ref XdrReader r) =>
        new(RemoteNonnullDomain.Decode(ref r), r.ReadInt(), r.ReadOptionalString(), r.ReadOptionalString(), r.ReadOptionalString(), r.ReadUInt());
}

/// <summary>remote_domain_get_metadata_args (265): type, uri optional, flags. The reply is a remote_nonnull_string.</summary>
public sealed record DomainGetMetadataArgs(RemoteNonnullDomain Dom, int Type, string? Uri, uint Flags) : IXdrMessage<DomainGetMetadataArgs>
{
    public void Encode(XdrWriter w) { Dom.Encode(w); w.WriteInt(Type); w.WriteOptionalString(Uri); w.WriteUInt(Flags); }
    public static DomainGetMetadataArgs Decode(ref XdrReader r) => new(RemoteNonnullDomain.Decode(ref r), r.ReadInt(), r.ReadOptionalString(), r.ReadUInt());
}
