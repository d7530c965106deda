using System.Buffers.Binary;
using Vireo.Protocol.Xdr;

namespace Vireo.Protocol.Rpc;

/// <summary>Reads length-prefixed libvirt RPC packets from a byte stream.</summary>
public sealed class FrameReader(Stream stream)
{
    private readonly byte[] _lengthWord = new byte[4];

    /// <summary>Rejects a length word libvirt itself would reject (the connection must then be closed).</summary>
    public static void CheckLength(uint length)
    {
        if (length < 4 + XdrLimits.HeaderSize)
            throw new XdrException($"packet length {length} is shorter than the RPC header");
        if (length - 4 > XdrLimits.MessageMax)
            throw new XdrException($"packet length {length} exceeds libvirt's limit of {XdrLimits.MessageMax + 4}");
    }

    /// <summary>Reads the next packet, or null on a clean end of stream between packets.</summary>
    public async ValueTask<Packet?> ReadAsync(CancellationToken ct = default)
    {
        if (!await FillAsync(_lengthWord, allowEof: true, ct).ConfigureAwait(false)) return null;
        uint length = BinaryPrimitives.ReadUInt32BigEndian(_lengthWord);
        CheckLength(length);
        var body = new byte[length - 4];
        await FillAsync(body, allowEof: false, ct).ConfigureAwait(false);
        var header = MessageHeader.Read(body);
        return new Packet(header, body.AsMemory(XdrLimits.HeaderSize));
    }

    private async ValueTask<bool> FillAsync(Memory<byte> buffer, bool allowEof, CancellationToken ct)
    {
        int read = 0;
        while (read < buffer.Length)
        {
            int n = await stream.ReadAsync(buffer[read..], ct).ConfigureAwait(false);
            if (n == 0)
            {
                if (read == 0 && allowEof) return false;
                throw new EndOfStreamException($"connection closed in the middle of a packet ({read} of {buffer.Length} bytes)");
            }
            read += n;
        }
        return true;
    }
}
