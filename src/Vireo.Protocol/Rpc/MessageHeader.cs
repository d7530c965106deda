using System.Buffers.Binary;
using Vireo.Protocol.Xdr;

namespace Vireo.Protocol.Rpc;

/// <summary>The 24-byte header that follows the length word of every libvirt RPC packet.</summary>
public readonly record struct MessageHeader(uint Program, uint Version, int Procedure, MessageType Type, uint Serial, MessageStatus Status)
{
    private const int ProgramOffset = 0, VersionOffset = 4, ProcedureOffset = 8, TypeOffset = 12, SerialOffset = 16, StatusOffset = 20;

    /// <summary>Decodes a header from the first 24 bytes after the length word.</summary>
    public static MessageHeader Read(ReadOnlySpan<byte> h)
    {
        if (h.Length < XdrLimits.HeaderSize) throw new XdrException($"RPC header truncated: {h.Length} bytes");
        return new MessageHeader(
            BinaryPrimitives.ReadUInt32BigEndian(h[ProgramOffset..]),
            BinaryPrimitives.ReadUInt32BigEndian(h[VersionOffset..]),
            BinaryPrimitives.ReadInt32BigEndian(h[ProcedureOffset..]),
            (MessageType)BinaryPrimitives.ReadInt32BigEndian(h[TypeOffset..]),
            BinaryPrimitives.ReadUInt32BigEndian(h[SerialOffset..]),
            (MessageStatus)BinaryPrimitives.ReadInt32BigEndian(h[StatusOffset..]));
    }

    public void Write(XdrWriter w)
    {
        w.WriteUInt(Program);
        w.WriteUInt(Version);
        w.WriteInt(Procedure);
        w.WriteInt((int)Type);
        w.WriteUInt(Serial);
        w.WriteInt((int)Status);
    }

    /// <summary>The header of the reply (or stream packet) that answers this call.</summary>
    public MessageHeader AsReply(MessageStatus status, MessageType type = MessageType.Reply) => this with { Type = type, Status = status };

    public override string ToString() => $"prog=0x{Program:x} vers={Version} proc={Procedure} type={Type} serial={Serial} status={Status}";
}
