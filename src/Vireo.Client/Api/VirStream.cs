using System.Threading.Channels;
using Vireo.Client.Rpc;
using Vireo.Protocol.Errors;
using Vireo.Protocol.Remote.Messages;
using Vireo.Protocol.Rpc;
using Vireo.Protocol.Xdr;

namespace Vireo.Client.Api;

/// <summary>
/// An open data stream (virStreamPtr; named VirStream so it does not clash with System.IO.Stream): the bytes of a
/// console, a screenshot or a volume transfer, carried by STREAM packets on the serial of the call that opened it.
/// Receive until it returns 0 (end of data), then <see cref="FinishAsync"/>; or <see cref="AbortAsync"/> at any time.
/// Holes of a sparse stream are received as zeros.
/// </summary>
public sealed class VirStream : IStreamSink
{
    private readonly RpcClient _rpc;
    private readonly Channel<ReadOnlyMemory<byte>> _received = Channel.CreateUnbounded<ReadOnlyMemory<byte>>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly Lock _lock = new();
    private ReadOnlyMemory<byte> _current;
    private TaskCompletionSource? _closing;
    private LibvirtException? _error;
    private bool _eof;
    private bool _done;

    internal VirStream(RpcClient rpc, int procedure)
    {
        _rpc = rpc;
        Procedure = procedure;
    }

    /// <summary>The procedure that opened the stream (every packet of the stream carries it).</summary>
    public int Procedure { get; }

    /// <summary>The serial of the call that opened the stream.</summary>
    public uint Serial { get; private set; }

    /// <summary>Opens a stream by calling <paramref name="proc"/>; returns it with the call's reply.</summary>
    internal static async Task<(VirStream Stream, Packet Reply)> OpenAsync(RpcClient rpc, int proc, Action<XdrWriter> args)
    {
        var stream = new VirStream(rpc, proc);
        var (reply, serial) = await rpc.CallWithStreamAsync(proc, args, stream).ConfigureAwait(false);
        stream.Serial = serial;
        return (stream, reply);
    }

    /// <summary>virStreamRecv: copies received bytes into <paramref name="buffer"/>; 0 = the other side ended the data.</summary>
    public async ValueTask<int> ReceiveAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        while (_current.IsEmpty)
        {
            try
            {
                if (!await _received.Reader.WaitToReadAsync(ct).ConfigureAwait(false))
                    return 0;
            }
            catch (ChannelClosedException e) when (e.InnerException is LibvirtException l)
            {
                throw l;
            }
            _received.Reader.TryRead(out _current);
        }
        int n = Math.Min(buffer.Length, _current.Length);
        _current[..n].CopyTo(buffer);
        _current = _current[n..];
        return n;
    }

    /// <summary>virStreamSend: sends all of <paramref name="data"/> (in packets of at most 256 KiB).</summary>
    public async Task SendAsync(ReadOnlyMemory<byte> data, CancellationToken ct = default)
    {
        ThrowIfFailed();
        for (int offset = 0; offset < data.Length; offset += StreamLimits.PacketData)
        {
            var chunk = data.Slice(offset, Math.Min(StreamLimits.PacketData, data.Length - offset));
            await _rpc.SendStreamPacketAsync(Serial, Procedure, MessageType.Stream, MessageStatus.Continue, w => w.WriteBytesRaw(chunk.Span), ct).ConfigureAwait(false);
        }
    }

    /// <summary>virStreamSendHole: tells the other side of a sparse stream to skip <paramref name="length"/> bytes.</summary>
    public Task SendHoleAsync(long length, CancellationToken ct = default)
    {
        ThrowIfFailed();
        return _rpc.SendStreamPacketAsync(Serial, Procedure, MessageType.StreamHole, MessageStatus.Continue, new StreamHole(length, 0).Encode, ct);
    }

    /// <summary>virStreamFinish: the end of our data; waits until the other side confirms (or reports its error).</summary>
    public Task FinishAsync() => CloseAsync(MessageStatus.Ok);

    /// <summary>virStreamAbort: ends the stream at once; the other side drops what it has not handled.</summary>
    public Task AbortAsync() => CloseAsync(MessageStatus.Error);

    private async Task CloseAsync(MessageStatus status)
    {
        TaskCompletionSource tcs;
        lock (_lock)
        {
            if (_done)
            {
                if (_error is not null && status == MessageStatus.Ok)
                    throw _error;
                return;
            }
            tcs = _closing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        try
        {
            await _rpc.SendStreamPacketAsync(Serial, Procedure, MessageType.Stream, status, null).ConfigureAwait(false);
            await tcs.Task.ConfigureAwait(false);
        }
        finally
        {
            lock (_lock)
                _done = true;
            _rpc.RemoveStream(Serial);
            _received.Writer.TryComplete();
        }
    }

    void IStreamSink.OnPacket(Packet packet)
    {
        var h = packet.Header;
        if (h.Status == MessageStatus.Error)
        {
            LibvirtException error;
            try { error = XdrCodec.Decode<RemoteError>(packet.Payload.Span).ToException(); }
            catch (XdrException) { error = new LibvirtException(ErrorCode.Rpc, ErrorDomain.Rpc, "stream error with an undecodable body"); }
            Fail(error);
            return;
        }
        if (h.Type == MessageType.StreamHole)
        {
            try
            {
                var hole = XdrCodec.Decode<StreamHole>(packet.Payload.Span);
                for (long left = hole.Length; left > 0; left -= StreamLimits.PacketData)
                    _received.Writer.TryWrite(new byte[(int)Math.Min(left, StreamLimits.PacketData)]);
            }
            catch (XdrException) { Fail(new LibvirtException(ErrorCode.Rpc, ErrorDomain.Rpc, "Unable to decode stream hole")); }
            return;
        }
        if (h.Status == MessageStatus.Continue && packet.Payload.Length > 0)
        {
            _received.Writer.TryWrite(packet.Payload);
            return;
        }
        // An empty CONTINUE is the end of the other side's data; OK confirms our finish or abort.
        TaskCompletionSource? closing;
        lock (_lock)
        {
            closing = h.Status == MessageStatus.Ok ? _closing : null;
            _eof = true;
        }
        _received.Writer.TryComplete();
        closing?.TrySetResult();
    }

    void IStreamSink.OnClosed(Exception error) =>
        Fail(error as LibvirtException ?? new LibvirtException(ErrorCode.Rpc, ErrorDomain.Rpc, error.Message));

    private void Fail(LibvirtException error)
    {
        TaskCompletionSource? closing;
        lock (_lock)
        {
            _error ??= error;
            _done = true;
            closing = _closing;
        }
        _rpc.RemoveStream(Serial);
        _received.Writer.TryComplete(_eof ? null : error);
        closing?.TrySetException(error);
    }

    private void ThrowIfFailed()
    {
        lock (_lock)
            if (_error is not null)
                throw _error;
    }
}
