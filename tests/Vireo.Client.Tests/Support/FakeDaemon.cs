using System.Collections.Concurrent;
using System.Net.Sockets;
using Vireo.Protocol.Errors;
using Vireo.Protocol.Remote;
using Vireo.Protocol.Remote.Messages;
using Vireo.Protocol.Rpc;
using Vireo.Protocol.Xdr;

namespace Vireo.Client.Tests.Support;

/// <summary>
/// A minimal libvirt-protocol server on a temporary UNIX socket, for unit tests of the client: it answers the open
/// sequence like libvirtd, records every procedure called, replies to others from per-procedure handlers, answers
/// unknown procedures with libvirtd's "unknown procedure: N" error, and can push event MESSAGEs.
/// </summary>
public sealed class FakeDaemon : IAsyncDisposable
{
    /// <summary>A reply: the payload writer, or an error.</summary>
    public delegate void Handler(ReadOnlyMemory<byte> args, XdrWriter reply);

    private readonly Socket _listener;
    private readonly CancellationTokenSource _cts = new();
    private readonly Task _accept;
    private readonly ConcurrentQueue<int> _calls = new();
    private readonly Dictionary<int, Handler> _handlers = [];
    private readonly Dictionary<int, LibvirtException> _errors = [];
    private NetworkStream? _client;
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    public FakeDaemon()
    {
        Dir = Path.Combine(Path.GetTempPath(), "vireo-fake-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Dir);
        SocketPath = Path.Combine(Dir, "sock");
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(SocketPath));
        _listener.Listen(4);
        _accept = Task.Run(AcceptLoopAsync);
        // the open sequence, as libvirtd answers it
        On(RemoteProcedure.AuthList, (_, w) => new AuthListRet([0]).Encode(w));
        On(RemoteProcedure.ConnectSupportsFeature, (a, w) => w.WriteInt(Features.Contains(XdrCodec.Decode<ConnectSupportsFeatureArgs>(a.Span).Feature) ? 1 : 0));
        On(RemoteProcedure.ConnectOpen, (_, _) => { });
        On(RemoteProcedure.ConnectRegisterCloseCallback, (_, _) => { });
        On(RemoteProcedure.ConnectUnregisterCloseCallback, (_, _) => { });
        On(RemoteProcedure.ConnectClose, (_, _) => { });
    }

    public string Dir { get; }

    public string SocketPath { get; }

    /// <summary>A URI reaching this daemon.</summary>
    public string Uri => "test+unix:///default?socket=" + SocketPath;

    /// <summary>Features answered with 1 (keepalive, event callbacks, close callbacks, typed-param strings).</summary>
    public HashSet<int> Features { get; } = [9, 10, 14, 15];

    /// <summary>Every procedure number called so far, in order.</summary>
    public IReadOnlyList<int> Calls => _calls.ToList();

    /// <summary>Answers <paramref name="proc"/> with the payload <paramref name="handler"/> writes.</summary>
    public FakeDaemon On(RemoteProcedure proc, Handler handler)
    {
        _handlers[(int)proc] = handler;
        _errors.Remove((int)proc);
        return this;
    }

    /// <summary>Answers <paramref name="proc"/> with an error.</summary>
    public FakeDaemon Fail(RemoteProcedure proc, LibvirtException error)
    {
        _errors[(int)proc] = error;
        _handlers.Remove((int)proc);
        return this;
    }

    /// <summary>Sends an event MESSAGE (serial 1, as libvirtd does) to the connected client.</summary>
    public async Task SendEventAsync(RemoteProcedure proc, IXdrEncodable payload)
    {
        var header = new MessageHeader(ProgramIds.Remote, ProgramIds.Version, (int)proc, MessageType.Message, 1, MessageStatus.Ok);
        await WriteAsync(Packet.Encode(header, payload.Encode)).ConfigureAwait(false);
    }

    private async Task AcceptLoopAsync()
    {
        try
        {
            while (!_cts.IsCancellationRequested)
            {
                var s = await _listener.AcceptAsync(_cts.Token).ConfigureAwait(false);
                _client = new NetworkStream(s, ownsSocket: true);
                _ = Task.Run(() => ServeAsync(_client));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // shutting down
        }
    }

    private async Task ServeAsync(NetworkStream stream)
    {
        var reader = new FrameReader(stream);
        try
        {
            while (!_cts.IsCancellationRequested)
            {
                var packet = await reader.ReadAsync(_cts.Token).ConfigureAwait(false);
                if (packet is null) return;
                var h = packet.Header;
                if (h.Program == ProgramIds.Keepalive)
                {
                    if (h.Procedure == ProgramIds.KeepalivePing)
                        await WriteAsync(Packet.Encode(h with { Procedure = ProgramIds.KeepalivePong }, null)).ConfigureAwait(false);
                    continue;
                }
                if (h.Type != MessageType.Call) continue;
                _calls.Enqueue(h.Procedure);
                var reply = h with { Type = MessageType.Reply };
                if (_errors.TryGetValue(h.Procedure, out var err))
                {
                    await WriteAsync(Packet.Encode(reply with { Status = MessageStatus.Error }, RemoteError.From(err).Encode)).ConfigureAwait(false);
                }
                else if (_handlers.TryGetValue(h.Procedure, out var handler))
                {
                    await WriteAsync(Packet.Encode(reply, w => handler(packet.Payload, w))).ConfigureAwait(false);
                }
                else
                {
                    var unknown = new RemoteError((int)ErrorCode.Rpc, (int)ErrorDomain.Rpc, $"unknown procedure: {h.Procedure}");
                    await WriteAsync(Packet.Encode(reply with { Status = MessageStatus.Error }, unknown.Encode)).ConfigureAwait(false);
                }
                if (h.Procedure == (int)RemoteProcedure.ConnectClose) return;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // client went away
        }
    }

    private async Task WriteAsync(byte[] bytes)
    {
        await _writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_client is not null) await _client.WriteAsync(bytes).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _cts.Cancel();
        _listener.Dispose();
        _client?.Dispose();
        try { await _accept.ConfigureAwait(false); } catch (Exception) { /* already stopping */ }
        try { Directory.Delete(Dir, recursive: true); } catch (IOException) { /* best effort */ }
    }

    /// <summary>A domain handle for tests.</summary>
    public static RemoteNonnullDomain Dom(string name, int id = 1) =>
        new(name, new Guid("6695eb01-f6a4-8304-79aa-97f2502e193f"), id);
}
