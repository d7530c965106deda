using Vireo.Protocol.Xdr;

namespace Vireo.Protocol.Rpc;

/// <summary>One RPC packet: header plus raw payload (XDR, or stream bytes).</summary>
public sealed record Packet(MessageHeader Header, ReadOnlyMemory<byte> Payload)
{
    /// <summary>Encodes length word + header + payload.</summary>
    public byte[] ToBytes()
    {
        var w = new XdrWriter(4 + XdrLimits.HeaderSize + Payload.Length);
        w.WriteUInt((uint)(4 + XdrLimits.HeaderSize + Payload.Length));
        Header.Write(w);
        w.WriteBytesRaw(Payload.Span);
        return w.ToArray();
    }

    /// <summary>Builds a packet whose payload is produced by <paramref name="encode"/>, without copying twice.</summary>
    public static byte[] Encode(MessageHeader header, Action<XdrWriter>? encode)
    {
        var w = new XdrWriter();
        w.WriteUInt(0); // length, patched below
        header.Write(w);
        encode?.Invoke(w);
        if (w.Length - 4 > XdrLimits.MessageMax)
            throw new XdrException($"message of {w.Length} bytes exceeds libvirt's limit of {XdrLimits.MessageMax}");
        w.PatchUInt(0, (uint)w.Length);
        return w.ToArray();
    }

    /// <summary>Decodes a whole packet (length word included), as found in wire captures.</summary>
    public static Packet Parse(ReadOnlySpan<byte> bytes)
    {
        var r = new XdrReader(bytes);
        uint len = r.ReadUInt();
        if (len != bytes.Length) throw new XdrException($"packet length word {len} does not match {bytes.Length} bytes");
        FrameReader.CheckLength(len);
        var header = MessageHeader.Read(bytes.Slice(4, XdrLimits.HeaderSize));
        return new Packet(header, bytes[(4 + XdrLimits.HeaderSize)..].ToArray());
    }
}
