using System.Net.Sockets;
using System.Threading.Channels;
using Vireo.Daemon.Dispatch;
using Vireo.Daemon.Logging;
using Vireo.Daemon.Server.Streams;
using Vireo.Drivers;
using Vireo.Drivers.Events;
using Vireo.Protocol.Errors;
using Vireo.Protocol.Remote;
using Vireo.Protocol.Rpc;
using Vireo.Protocol.Xdr;

namespace Vireo.Daemon.Server;

/// <summary>
/// One client connection: reads packets, runs up to max_client_requests calls at once, writes replies and events
/// in order through a single writer, answers keepalive. A broken or hostile client only ever closes itself.
/// </summary>
public sealed partial class ClientSession : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly Stream _stream;
    private readonly DaemonServer _server;
    private readonly Channel<Outgoing> _outgoing = Channel.CreateBounded<Outgoing>(new BoundedChannelOptions(1024) { SingleReader = true });
    private readonly SemaphoreSlim _callSlots;
    private readonly CancellationTokenSource _cts = new();
    private readonly KeepaliveMonitor _keepalive;
    private IDisposable? _eventSubscription;
    private volatile bool _closing;

    /// <param name="stream">the byte stream when it is not the socket itself (TLS); it must own the socket</param>
    /// <param name="identity">who the peer is when the transport established it (certificate DN); else SO_PEERCRED/address</param>
    public ClientSession(Socket socket, DaemonServer server, bool readOnlySocket, long id, Stream? stream = null, PeerIdentity? identity = null)
    {
        _socket = socket;
        _stream = stream ?? new NetworkStream(socket, ownsSocket: true);
        _server = server;
        Id = id;
        ReadOnly = readOnlySocket;
        Identity = identity ?? PeerIdentity.FromSocket(socket);
        _callSlots = new SemaphoreSlim(server.Config.MaxClientRequests);
        _keepalive = new KeepaliveMonitor(this, server.Config.KeepaliveInterval, server.Config.KeepaliveCount);
    }

    public long Id { get; }
    /// <summary>Who the client is; settable so authentication (SASL) can add the user name it proved.</summary>
    public PeerIdentity Identity { get; set; }
    /// <summary>True on the read-only socket or when CONNECT_OPEN asked for read-only.</summary>
    public bool ReadOnly { get; set; }
    public IConnectionDriver? Driver { get; private set; }
    public string? OpenedUri { get; private set; }
    public EventRegistrations Events { get; } = new();
    public bool CloseCallbackRegistered { get; set; }
    public DaemonServer Server => _server;

    /// <summary>Open RPC streams (console, screenshot, volume transfers) by call serial.</summary>
    public StreamTable Streams { get; } = new();

    /// <summary>A packet for the writer; stream data carries a completion so the stream sends one packet at a time.</summary>
    private readonly record struct Outgoing(byte[] Bytes, TaskCompletionSource? Written);

    /// <summary>Binds the connection to a driver (CONNECT_OPEN) and starts event delivery.</summary>
    public void Open(IConnectionDriver driver, string uri)
    {
        if (Driver is not null)
            throw new LibvirtException(ErrorCode.InternalError, ErrorDomain.Rpc, "internal error: connection already open");
        Driver = driver;
        OpenedUri = uri;
        _eventSubscription = driver.Events.Subscribe(OnDriverEvent);
    }

    /// <summary>Starts keepalive pings (after the client asked for feature PROGRAM_KEEPALIVE).</summary>
    public void StartKeepalive() => _keepalive.Start();

    public async Task RunAsync()
    {
        var writer = Task.Run(WriteLoopAsync);
        try
        {
            var reader = new FrameReader(_stream, _server.Config.PacketTimeout > 0 ? TimeSpan.FromSeconds(_server.Config.PacketTimeout) : null);
            while (!_cts.IsCancellationRequested)
            {
                var packet = await reader.ReadAsync(_cts.Token).ConfigureAwait(false);
                if (packet is null) break;
                _keepalive.Received();
                await HandlePacketAsync(packet).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) { }
        catch (PacketTimeoutException e)
        {
            DaemonLog.Warn($"client {Id} ({Identity}): dropped: {e.Message}");
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            // Oversize, malformed or truncated packets and resets end this client only, as with libvirtd.
            DaemonLog.Trace($"client {Id} ({Identity}): closing: {e.Message}");
        }
        finally
        {
            _closing = true;
            _outgoing.Writer.TryComplete();
            await writer.ConfigureAwait(false);
            await DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task HandlePacketAsync(Packet packet)
    {
        var h = packet.Header;
        if (h.Program == ProgramIds.Keepalive)
        {
            if (h.Type == MessageType.Message && h.Procedure == ProgramIds.KeepalivePing)
                Send(Packet.Encode(new MessageHeader(ProgramIds.Keepalive, 1, ProgramIds.KeepalivePong, MessageType.Message, 0, MessageStatus.Ok), null));
            return;
        }
        if (h.Type is MessageType.Stream or MessageType.StreamHole)
        {
            // Data, finish or abort of an open stream; packets for a stream that is gone (or never was) are dropped, as libvirtd does.
            if (h.Program == ProgramIds.Remote && Streams.Find(h.Serial, h.Procedure) is { } stream)
                await stream.EnqueueAsync(packet, _cts.Token).ConfigureAwait(false);
            return;
        }
        if (h.Type != MessageType.Call)
            return; // replies and messages we do not know are ignored, as libvirtd does
        if (h.Program == ProgramIds.Qemu && h.Version == ProgramIds.Version && h.Status == MessageStatus.Ok)
        {
            await HandleSideProgramCallAsync(h, packet.Payload, Handlers.QemuProgramHandlers.HandleAsync, "qemu").ConfigureAwait(false);
            return;
        }
        if (h.Program == ProgramIds.Vireo && h.Version == ProgramIds.Version && h.Status == MessageStatus.Ok)
        {
            await HandleSideProgramCallAsync(h, packet.Payload, Handlers.VireoProgramHandlers.HandleAsync, "vireo").ConfigureAwait(false);
            return;
        }
        if (h.Program != ProgramIds.Remote || h.Version != ProgramIds.Version)
        {
            SendError(h, new LibvirtException(ErrorCode.Rpc, ErrorDomain.Rpc, $"Cannot find program {h.Program} version {h.Version}"));
            return;
        }
        if (h.Status != MessageStatus.Ok)
        {
            SendError(h, new LibvirtException(ErrorCode.Rpc, ErrorDomain.Rpc, $"Unexpected message status {(int)h.Status}"));
            return;
        }
        await _callSlots.WaitAsync(_cts.Token).ConfigureAwait(false);
        _ = Task.Run(async () =>
        {
            try { await DispatchAsync(h, packet.Payload).ConfigureAwait(false); }
            finally { _callSlots.Release(); }
        });
    }

    private async Task DispatchAsync(MessageHeader h, ReadOnlyMemory<byte> payload)
    {
        try
        {
            var (info, handler) = _server.Dispatcher.Resolve(this, h.Procedure);
            var ctx = new CallContext(this, h, info);
            IXdrEncodable? ret;
            long began = DaemonLog.Debug ? System.Diagnostics.Stopwatch.GetTimestamp() : 0;
            try
            {
                ret = await handler(ctx, payload).ConfigureAwait(false);
                Send(Packet.Encode(h.AsReply(MessageStatus.Ok), w => ret?.Encode(w)));
                if (began != 0)
                    DaemonLog.Trace($"client {Id}: {info.Procedure} (serial {h.Serial}) took {System.Diagnostics.Stopwatch.GetElapsedTime(began).TotalMilliseconds:0.0} ms");
            }
            catch
            {
                ctx.AbandonStream();
                throw;
            }
            ctx.StartStream(); // after the OK reply is queued, so stream data never overtakes it
            if (h.Procedure == (int)RemoteProcedure.ConnectClose) Close();
        }
        catch (LibvirtException e)
        {
            DaemonLog.Trace($"client {Id}: proc {h.Procedure} failed: {e}");
            SendError(h, e);
        }
        catch (Vireo.Model.Xml.XmlModelException e)
        {
            // Drivers normally convert these; a missed one still reaches the client as libvirt's XML error.
            SendError(h, new LibvirtException((ErrorCode)e.Code, (ErrorDomain)e.ErrorDomain, e.Message));
        }
        catch (XdrException e)
        {
            DaemonLog.Trace($"client {Id}: proc {h.Procedure}: undecodable payload: {e.Message}");
            SendError(h, new LibvirtException(ErrorCode.Rpc, ErrorDomain.Rpc, "Unable to decode message payload"));
        }
        catch (Exception e)
        {
            // Every exception is mapped at the RPC boundary; the daemon never dies of one.
            DaemonLog.Error($"client {Id}: proc {h.Procedure}: unexpected {e.GetType().Name}: {e}");
            SendError(h, LibvirtException.Internal(e.Message));
        }
    }

    private void SendError(MessageHeader h, LibvirtException e) =>
        Send(Packet.Encode(h.AsReply(MessageStatus.Error), w => RemoteError.From(e).Encode(w)));

    /// <summary>Queues a whole packet for the writer; drops the client if it stops reading.</summary>
    public void Send(byte[] packet)
    {
        if (_closing) return; // replies to a client that is going away are dropped, not a reason to warn
        if (!_outgoing.Writer.TryWrite(new Outgoing(packet, null)))
        {
            DaemonLog.Warn($"client {Id} ({Identity}) does not read its replies; disconnecting it");
            Close();
        }
    }

    /// <summary>
    /// Queues a stream packet and waits until it reached the socket: a stream never has more than one data packet
    /// waiting, so a slow client slows the stream down instead of growing the daemon (libvirt's stream tx flag).
    /// </summary>
    public async Task SendAndWaitAsync(byte[] packet)
    {
        var written = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (_closing)
            throw new OperationCanceledException("client is closing");
        try { await _outgoing.Writer.WriteAsync(new Outgoing(packet, written), _cts.Token).ConfigureAwait(false); }
        catch (ChannelClosedException) { throw new OperationCanceledException("client is closing"); }
        await written.Task.ConfigureAwait(false);
    }

    /// <summary>Sends an event MESSAGE (serial 1, as libvirtd does).</summary>
    public void SendEvent(RemoteProcedure proc, IXdrEncodable msg) =>
        Send(Packet.Encode(new MessageHeader(ProgramIds.Remote, 1, (int)proc, MessageType.Message, 1, MessageStatus.Ok), msg.Encode));

    private async Task WriteLoopAsync()
    {
        try
        {
            await foreach (var packet in _outgoing.Reader.ReadAllAsync().ConfigureAwait(false))
            {
                await _stream.WriteAsync(packet.Bytes).ConfigureAwait(false);
                packet.Written?.TrySetResult();
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            Close();
        }
        // Whatever could not be written: release the streams waiting on it.
        while (_outgoing.Reader.TryRead(out var left))
            left.Written?.TrySetCanceled();
    }

    private void OnDriverEvent(DriverEvent e)
    {
        foreach (var (proc, msg) in EventEncoder.Encode(this, e)) SendEvent(proc, msg);
    }

    /// <summary>Ends the connection; pending replies are flushed first.</summary>
    public void Close()
    {
        _closing = true;
        _outgoing.Writer.TryComplete();
        try { _socket.Shutdown(SocketShutdown.Receive); } catch (Exception) { /* already closed */ }
    }

    /// <summary>Drops the connection at once (daemon shutdown, dead keepalive).</summary>
    public void Abort()
    {
        _closing = true;
        _cts.Cancel();
        _outgoing.Writer.TryComplete();
        try { _socket.Close(); } catch (Exception) { /* already closed */ }
    }

    private int _disposed;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        RunCloseActions();
        _eventSubscription?.Dispose();
        Streams.AbandonAll();
        _keepalive.Dispose();
        _cts.Cancel();
        await _stream.DisposeAsync().ConfigureAwait(false);
        _server.Forget(this);
    }
}
