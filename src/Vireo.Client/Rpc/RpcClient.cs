using System.Collections.Concurrent;
using Vireo.Protocol.Errors;
using Vireo.Protocol.Remote;
using Vireo.Protocol.Rpc;
using Vireo.Protocol.Xdr;

namespace Vireo.Client.Rpc;

/// <summary>
/// libvirt RPC over one byte stream: serial numbers from 0, replies matched by serial, overlapping calls,
/// event MESSAGEs handed to a callback, keepalive PINGs answered. Transport-agnostic.
/// </summary>
public sealed class RpcClient : IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentDictionary<uint, TaskCompletionSource<Packet>> _pending = new();
    private readonly ConcurrentDictionary<uint, IStreamSink> _streams = new();
    private readonly CancellationTokenSource _cts = new();
    private readonly Task _readLoop;
    private int _serial = -1;
    private Exception? _closedBecause;

    /// <summary>Raised (on the reader thread) for every event MESSAGE of the REMOTE program.</summary>
    public event Action<int, ReadOnlyMemory<byte>>? EventReceived;

    /// <summary>Raised once when the connection ends, with the reason (null = closed by us).</summary>
    public event Action<Exception?>? Closed;

    public RpcClient(Stream stream)
    {
        _stream = stream;
        _readLoop = Task.Run(ReadLoopAsync);
    }

    public bool IsOpen => _closedBecause is null && !_cts.IsCancellationRequested;

    /// <summary>Calls a procedure and decodes its reply; a remote_error reply becomes a LibvirtException.</summary>
    public async Task<TRet> CallAsync<TArgs, TRet>(RemoteProcedure proc, TArgs args, CancellationToken ct = default)
        where TArgs : IXdrEncodable where TRet : IXdrMessage<TRet>
    {
        var reply = await CallRawAsync((int)proc, args.Encode, ct).ConfigureAwait(false);
        return XdrCodec.Decode<TRet>(reply.Payload.Span);
    }

    public Task<TRet> CallAsync<TRet>(RemoteProcedure proc, CancellationToken ct = default) where TRet : IXdrMessage<TRet> =>
        CallAsync<XdrVoid, TRet>(proc, default, ct);

    /// <summary>Calls a procedure whose reply is void.</summary>
    public async Task CallVoidAsync<TArgs>(RemoteProcedure proc, TArgs args, CancellationToken ct = default) where TArgs : IXdrEncodable =>
        await CallRawAsync((int)proc, args.Encode, ct).ConfigureAwait(false);

    public Task CallVoidAsync(RemoteProcedure proc, CancellationToken ct = default) => CallVoidAsync(proc, default(XdrVoid), ct);

    /// <summary>Sends a CALL and waits for its REPLY packet.</summary>
    public Task<Packet> CallRawAsync(int proc, Action<XdrWriter>? encodeArgs, CancellationToken ct = default) =>
        CallProgramRawAsync(ProgramIds.Remote, proc, encodeArgs, null, ct);

    /// <summary>Sends a CALL of another program (libvirt's QEMU program) and waits for its REPLY packet.</summary>
    public Task<Packet> CallProgramRawAsync(uint program, int proc, Action<XdrWriter>? encodeArgs, CancellationToken ct = default) =>
        CallProgramRawAsync(program, proc, encodeArgs, null, ct);

    /// <summary>
    /// Calls a procedure that opens a stream: <paramref name="sink"/> receives every later packet on the call's serial
    /// (it is registered before the call goes out, so data right behind the reply is never lost). Returns the reply
    /// and the serial the stream runs on; a failed call unregisters the sink.
    /// </summary>
    public async Task<(Packet Reply, uint Serial)> CallWithStreamAsync(int proc, Action<XdrWriter>? encodeArgs, IStreamSink sink, CancellationToken ct = default)
    {
        uint serial = 0;
        var reply = await CallProgramRawAsync(ProgramIds.Remote, proc, encodeArgs, s => { serial = s; _streams[s] = sink; }, ct).ConfigureAwait(false);
        return (reply, serial);
    }

    /// <summary>Stops routing a stream's packets (after finish, abort or an error).</summary>
    public void RemoveStream(uint serial) => _streams.TryRemove(serial, out _);

    /// <summary>Sends one STREAM (or STREAM_HOLE) packet on a stream's serial.</summary>
    public Task SendStreamPacketAsync(uint serial, int proc, MessageType type, MessageStatus status, Action<XdrWriter>? payload, CancellationToken ct = default) =>
        SendAsync(Packet.Encode(new MessageHeader(ProgramIds.Remote, ProgramIds.Version, proc, type, serial, status), payload), ct);

    private async Task<Packet> CallProgramRawAsync(uint program, int proc, Action<XdrWriter>? encodeArgs, Action<uint>? registerStream, CancellationToken ct)
    {
        ThrowIfClosed();
        uint serial = (uint)Interlocked.Increment(ref _serial);
        var tcs = new TaskCompletionSource<Packet>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[serial] = tcs;
        registerStream?.Invoke(serial);
        bool ok = false;
        try
        {
            var header = new MessageHeader(program, ProgramIds.Version, proc, MessageType.Call, serial, MessageStatus.Ok);
            await SendAsync(Packet.Encode(header, encodeArgs), ct).ConfigureAwait(false);
            using var reg = ct.Register(() => tcs.TrySetCanceled(ct));
            var reply = await tcs.Task.ConfigureAwait(false);
            if (reply.Header.Status == MessageStatus.Error)
                throw XdrCodec.Decode<RemoteError>(reply.Payload.Span).ToException();
            ok = true;
            return reply;
        }
        finally
        {
            _pending.TryRemove(serial, out _);
            if (!ok && registerStream is not null)
                RemoveStream(serial);
        }
    }

    public async Task SendAsync(byte[] packet, CancellationToken ct = default)
    {
        await _writeLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await _stream.WriteAsync(packet, ct).ConfigureAwait(false);
            await _stream.FlushAsync(ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            throw ConnectionLost(e);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Sends a keepalive PING (used by the keepalive timer).</summary>
    public Task PingAsync() =>
        SendAsync(Packet.Encode(new MessageHeader(ProgramIds.Keepalive, 1, ProgramIds.KeepalivePing, MessageType.Message, 0, MessageStatus.Ok), null));

    /// <summary>Last time anything arrived from the server (for keepalive).</summary>
    public long LastReceivedTicks { get; private set; } = Environment.TickCount64;

    private async Task ReadLoopAsync()
    {
        Exception? reason = null;
        try
        {
            var reader = new FrameReader(_stream);
            while (!_cts.IsCancellationRequested)
            {
                var packet = await reader.ReadAsync(_cts.Token).ConfigureAwait(false);
                if (packet is null) { reason = new EndOfStreamException("end of file while reading data"); break; }
                LastReceivedTicks = Environment.TickCount64;
                Route(packet);
            }
        }
        catch (OperationCanceledException) { }
        catch (Exception e) { reason = e; }
        _closedBecause = reason ?? new ObjectDisposedException(nameof(RpcClient));
        var error = ConnectionLost(reason);
        foreach (var tcs in _pending.Values) tcs.TrySetException(error);
        foreach (var sink in _streams.Values) sink.OnClosed(error);
        Closed?.Invoke(reason);
    }

    private void Route(Packet packet)
    {
        var h = packet.Header;
        if (h.Program == ProgramIds.Keepalive)
        {
            if (h.Procedure == ProgramIds.KeepalivePing)
                _ = SendAsync(Packet.Encode(h with { Procedure = ProgramIds.KeepalivePong, Serial = 0 }, null)).ContinueWith(_ => { }, TaskScheduler.Default);
            return;
        }
        // Replies are matched by serial whatever their program (QEMU's and Vireo's extension programs answer too).
        if (h.Program != ProgramIds.Remote && h.Type is not (MessageType.Reply or MessageType.ReplyWithFds)) return;
        switch (h.Type)
        {
            case MessageType.Reply or MessageType.ReplyWithFds:
                if (_pending.TryGetValue(h.Serial, out var tcs)) tcs.TrySetResult(packet);
                else if (_streams.TryGetValue(h.Serial, out var failed)) failed.OnPacket(packet); // an error about a running stream
                break;
            case MessageType.Stream or MessageType.StreamHole:
                if (_streams.TryGetValue(h.Serial, out var sink)) sink.OnPacket(packet);
                break;
            case MessageType.Message:
                EventReceived?.Invoke(h.Procedure, packet.Payload);
                break;
        }
    }

    private void ThrowIfClosed()
    {
        if (_closedBecause is not null) throw ConnectionLost(_closedBecause);
    }

    private static LibvirtException ConnectionLost(Exception? e) =>
        new(ErrorCode.Rpc, ErrorDomain.Rpc, e is EndOfStreamException or null
            ? "End of file while reading data: Input/output error"
            : $"Cannot recv data: {e.Message}");

    public async ValueTask DisposeAsync()
    {
        _cts.Cancel();
        await _stream.DisposeAsync().ConfigureAwait(false);
        try { await _readLoop.ConfigureAwait(false); } catch (Exception) { /* already reported through Closed */ }
    }
}
