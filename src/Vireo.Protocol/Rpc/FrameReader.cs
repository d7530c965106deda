using System.Buffers.Binary;
using Vireo.Protocol.Xdr;

namespace Vireo.Protocol.Rpc;

/// <summary>
/// Reads length-prefixed libvirt RPC packets from a byte stream. A packet's buffer grows with the bytes that
/// actually arrived (a length word alone does not reserve 32 MiB), and with a <paramref name="packetTimeout"/>
/// a packet must arrive whole within that time of its first byte (a slow-loris peer is dropped; idling between
/// packets is not limited here).
/// </summary>
public sealed class FrameReader(Stream stream, TimeSpan? packetTimeout = null)
{
    /// <summary>The first buffer of a packet's body; it doubles as more arrives, up to the announced length.</summary>
    private const int InitialBody = 64 * 1024;
    private readonly byte[] _lengthWord = new byte[4];
    private CancellationTokenSource? _deadline;
    private CancellationToken _linkedTo;

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
        int first = await stream.ReadAsync(_lengthWord, ct).ConfigureAwait(false);
        if (first == 0) return null;
        var token = StartDeadline(ct);
        try
        {
            await FillAsync(_lengthWord, first, token).ConfigureAwait(false);
            uint length = BinaryPrimitives.ReadUInt32BigEndian(_lengthWord);
            CheckLength(length);
            int total = (int)(length - 4);
            var body = new byte[Math.Min(total, InitialBody)];
            int read = 0;
            while (read < total)
            {
                if (read == body.Length) Array.Resize(ref body, (int)Math.Min(total, 2L * body.Length));
                read = await FillAsync(body, read, token).ConfigureAwait(false);
            }
            var header = MessageHeader.Read(body);
            return new Packet(header, body.AsMemory(XdrLimits.HeaderSize));
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested && _deadline is { IsCancellationRequested: true })
        {
            _deadline.Dispose();
            _deadline = null;
            throw new PacketTimeoutException($"packet not received whole within {packetTimeout!.Value.TotalSeconds:0.###} s of its first byte");
        }
        finally
        {
            if (_deadline is not null && !_deadline.TryReset())
            {
                _deadline.Dispose();
                _deadline = null;
            }
        }
    }

    /// <summary>The token bounding this packet: the caller's alone, or one that also fires at the packet deadline.</summary>
    private CancellationToken StartDeadline(CancellationToken ct)
    {
        if (packetTimeout is not { } timeout || timeout <= TimeSpan.Zero) return ct;
        if (_deadline is not null && _linkedTo != ct)
        {
            _deadline.Dispose();
            _deadline = null;
        }
        _deadline ??= CancellationTokenSource.CreateLinkedTokenSource(ct);
        _linkedTo = ct;
        _deadline.CancelAfter(timeout);
        return _deadline.Token;
    }

    /// <summary>Reads until the buffer is full (starting at <paramref name="read"/>); returns the new count.</summary>
    private async ValueTask<int> FillAsync(byte[] buffer, int read, CancellationToken ct)
    {
        while (read < buffer.Length)
        {
            int n = await stream.ReadAsync(buffer.AsMemory(read), ct).ConfigureAwait(false);
            if (n == 0)
                throw new EndOfStreamException($"connection closed in the middle of a packet ({read} of {buffer.Length} bytes)");
            read += n;
        }
        return read;
    }
}
