using Vireo.Protocol.Xdr;

namespace Vireo.Protocol.Remote.Messages;

/// <summary>
/// virNetStreamHole (virnetprotocol.x): payload of a type=STREAM_HOLE(6), status=CONTINUE packet on a sparse
/// stream — hyper length (bytes of hole), unsigned int flags (always 0). 12 bytes.
/// </summary>
public sealed record StreamHole(long Length, uint Flags) : IXdrMessage<StreamHole>
{
    public void Encode(XdrWriter w) { w.WriteHyper(Length); w.WriteUInt(Flags); }
    public static StreamHole Decode(ref XdrReader r) => new(r.ReadHyper(), r.ReadUInt());
}

/// <summary>Stream constants of virnetprotocol.x / libvirt.h.</summary>
public static class StreamLimits
{
    /// <summary>VIR_NET_MESSAGE_LEGACY_PAYLOAD_MAX: the most data one STREAM packet carries (libvirt reads this much per packet).</summary>
    public const int PacketData = 262120;
}
