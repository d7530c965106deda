using System.Threading.Channels;
using Vireo.Daemon.Logging;
using Vireo.Protocol.Errors;
using Vireo.Protocol.Remote.Messages;
using Vireo.Protocol.Rpc;
using Vireo.Protocol.Xdr;

namespace Vireo.Daemon.Server.Streams;

/// <summary>
/// One RPC stream of a client (libvirt's daemonClientStream): the call's serial and procedure, and the driver's
/// byte stream. After the call's OK reply, packets type=STREAM on that serial carry data both ways:
/// <list type="bullet">
/// <item>status CONTINUE: data (client → driver, or driver → client, at most 256 KiB a packet); an empty one from
///   our side is the end of the driver's data;</item>
/// <item>status OK from the client: finish, which we confirm with an empty OK after flushing the driver stream;</item>
/// <item>status ERROR from the client: abort (confirmed with an empty OK); from us: a remote_error body, the stream is gone;</item>
/// <item>type STREAM_HOLE: a hole in a sparse stream (only when the call asked for a sparse stream).</item>
/// </list>
/// Flow control as in libvirtd: one outgoing data packet at a time (the next is read from the driver once the
/// previous reached the socket), and a short queue of incoming packets, beyond which the session stops reading
/// from the client's socket.
/// </summary>
public sealed class ServerStream
{
    private const int IncomingQueue = 8;

    private readonly ClientSession _session;
    private readonly MessageHeader _call;
    private readonly Stream _driver;
    private readonly Channel<Packet> _incoming = Channel.CreateBounded<Packet>(new BoundedChannelOptions(IncomingQueue) { SingleReader = true, SingleWriter = true });
    private readonly CancellationTokenSource _readCts = new();
    private Task _readPump = Task.CompletedTask;
    private int _closed;

    public ServerStream(ClientSession session, MessageHeader call, Stream driver, bool fromDriver, bool toDriver, bool sparse)
    {
        _session = session;
        _call = call;
        _driver = driver;
        FromDriver = fromDriver;
        ToDriver = toDriver;
        Sparse = sparse;
    }

    public uint Serial => _call.Serial;
    public int Procedure => _call.Procedure;

    /// <summary>The driver produces data for the client (console, screenshot, download).</summary>
    public bool FromDriver { get; }

    /// <summary>The client's data goes to the driver (console, upload).</summary>
    public bool ToDriver { get; }

    /// <summary>The call asked for a sparse stream (STREAM_HOLE packets allowed).</summary>
    public bool Sparse { get; }

    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    /// <summary>Queues a packet the client sent on this stream; waits (holding up the socket reader) while the queue is full.</summary>
    public async ValueTask EnqueueAsync(Packet packet, CancellationToken ct)
    {
        try { await _incoming.Writer.WriteAsync(packet, ct).ConfigureAwait(false); }
        catch (ChannelClosedException) { /* stream already over: late packets are dropped, as libvirtd does */ }
    }

    /// <summary>Starts moving data; called once the call's OK reply is queued, so data never overtakes it.</summary>
    public void Start()
    {
        _ = Task.Run(IncomingLoopAsync);
        if (FromDriver)
            _readPump = Task.Run(ReadPumpAsync);
    }

    /// <summary>Driver → client: one packet of up to 256 KiB at a time; an empty OK packet at the end of data.</summary>
    private async Task ReadPumpAsync()
    {
        var buffer = new byte[StreamLimits.PacketData];
        var ct = _readCts.Token;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                int n = await _driver.ReadAsync(buffer, ct).ConfigureAwait(false);
                if (ct.IsCancellationRequested)
                    return;
                // An empty CONTINUE packet is the end of data; OK is only ever the confirmation of the client's finish
                // (libvirt's client drops the connection on an OK it did not ask for).
                var payload = buffer.AsMemory(0, n);
                await _session.SendAndWaitAsync(Packet.Encode(_call.AsReply(MessageStatus.Continue, MessageType.Stream), w => w.WriteBytesRaw(payload.Span))).ConfigureAwait(false);
                if (n == 0)
                    return; // EOF sent; the stream stays until the client finishes or aborts it
            }
        }
        catch (OperationCanceledException) { }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            Fail(ToLibvirt(e, "read from"));
        }
    }

    /// <summary>Client → driver, in arrival order: data, holes, then finish or abort.</summary>
    private async Task IncomingLoopAsync()
    {
        try
        {
            await foreach (var p in _incoming.Reader.ReadAllAsync().ConfigureAwait(false))
            {
                if (IsClosed)
                    return;
                if (p.Header.Type == MessageType.StreamHole)
                    await HoleAsync(p).ConfigureAwait(false);
                else if (p.Header.Status == MessageStatus.Continue)
                    await WriteAsync(p).ConfigureAwait(false);
                else if (p.Header.Status == MessageStatus.Ok)
                    await FinishAsync().ConfigureAwait(false);
                else
                    await AbortAsync(p.Header.Status).ConfigureAwait(false);
            }
        }
        catch (Exception e)
        {
            Fail(ToLibvirt(e, "write to"));
        }
    }

    private async Task WriteAsync(Packet p)
    {
        if (!ToDriver)
            throw new LibvirtException(ErrorCode.Rpc, ErrorDomain.Streams, "stream does not accept data from the client");
        if (p.Payload.Length > 0)
            await _driver.WriteAsync(p.Payload).ConfigureAwait(false);
    }

    /// <summary>A hole: skipped by seeking when the driver stream can, else written as zeros.</summary>
    private async Task HoleAsync(Packet p)
    {
        if (!Sparse || !ToDriver)
            throw new LibvirtException(ErrorCode.Rpc, ErrorDomain.Rpc, "Unexpected stream hole");
        var hole = XdrCodec.Decode<StreamHole>(p.Payload.Span);
        if (hole.Length < 0 || hole.Flags != 0)
            throw new LibvirtException(ErrorCode.InvalidArg, ErrorDomain.Streams, "invalid argument: bad stream hole");
        if (_driver.CanSeek)
        {
            _driver.Seek(hole.Length, SeekOrigin.Current);
            return;
        }
        var zeros = new byte[Math.Min(hole.Length, StreamLimits.PacketData)];
        for (long left = hole.Length; left > 0; left -= zeros.Length)
            await _driver.WriteAsync(zeros.AsMemory(0, (int)Math.Min(left, zeros.Length))).ConfigureAwait(false);
    }

    /// <summary>The client's finish: flush and close the driver stream, then confirm with an empty OK (or report the error).</summary>
    private async Task FinishAsync()
    {
        if (!MarkClosed())
            return;
        await StopReadingAsync().ConfigureAwait(false);
        try
        {
            try
            {
                await _driver.FlushAsync().ConfigureAwait(false);
                await _driver.DisposeAsync().ConfigureAwait(false);
            }
            catch (ObjectDisposedException) { /* the driver already ended it (a console taken over with --force) */ }
            _session.Send(Packet.Encode(_call.AsReply(MessageStatus.Ok, MessageType.Stream), null));
        }
        catch (Exception e)
        {
            SendError(ToLibvirt(e, "finish"));
        }
        finally
        {
            Forget();
        }
    }

    /// <summary>The client's abort (status ERROR): close the driver stream and confirm with an empty OK.</summary>
    private async Task AbortAsync(MessageStatus status)
    {
        if (!MarkClosed())
            return;
        await StopReadingAsync().ConfigureAwait(false);
        await DisposeDriverAsync().ConfigureAwait(false);
        if (status == MessageStatus.Error)
            _session.Send(Packet.Encode(_call.AsReply(MessageStatus.Ok, MessageType.Stream), null));
        else
            SendError(new LibvirtException(ErrorCode.Rpc, ErrorDomain.Streams, $"stream aborted with unexpected status {(int)status}"));
        Forget();
    }

    /// <summary>A failure on our side: the client gets a STREAM packet with status ERROR and the stream is gone.</summary>
    private void Fail(LibvirtException e)
    {
        if (!MarkClosed())
            return;
        DaemonLog.Trace($"client {_session.Id}: stream serial {Serial} failed: {e.Message}");
        _readCts.Cancel();
        SendError(e);
        _ = DisposeDriverAsync();
        Forget();
    }

    /// <summary>The client went away or the daemon stops: drop everything without telling anyone.</summary>
    public void Abandon()
    {
        if (!MarkClosed())
            return;
        _readCts.Cancel();
        _ = DisposeDriverAsync();
        _incoming.Writer.TryComplete();
    }

    private void SendError(LibvirtException e) =>
        _session.Send(Packet.Encode(_call.AsReply(MessageStatus.Error, MessageType.Stream), w => RemoteError.From(e).Encode(w)));

    private bool MarkClosed() => Interlocked.Exchange(ref _closed, 1) == 0;

    private async Task StopReadingAsync()
    {
        _readCts.Cancel();
        try { await _readPump.ConfigureAwait(false); } catch (Exception) { /* reported by the pump */ }
    }

    private async Task DisposeDriverAsync()
    {
        try { await _driver.DisposeAsync().ConfigureAwait(false); }
        catch (Exception e) { DaemonLog.Trace($"client {_session.Id}: stream serial {Serial}: closing the driver stream: {e.Message}"); }
    }

    private void Forget()
    {
        _incoming.Writer.TryComplete();
        _session.Streams.Remove(this);
    }

    private static LibvirtException ToLibvirt(Exception e, string what) => e switch
    {
        LibvirtException l => l,
        XdrException => new LibvirtException(ErrorCode.Rpc, ErrorDomain.Rpc, "Unable to decode message payload"),
        IOException or UnauthorizedAccessException => new LibvirtException(ErrorCode.SystemError, ErrorDomain.Streams, $"cannot {what} stream: {e.Message}"),
        _ => LibvirtException.Internal($"stream: {e.Message}"),
    };
}
