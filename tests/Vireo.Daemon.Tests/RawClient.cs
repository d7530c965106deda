using System.Net.Sockets;
using Vireo.Protocol.Errors;
using Vireo.Protocol.Remote;
using Vireo.Protocol.Remote.Messages;
using Vireo.Protocol.Rpc;
using Vireo.Protocol.Xdr;

namespace Vireo.Daemon.Tests;

/// <summary>A hand-driven RPC client: sends exactly the bytes a test wants and reads packets back.</summary>
public sealed class RawClient : IDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly FrameReader _reader;
    private uint _serial;

    public RawClient(string path)
    {
        _socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _socket.Connect(new UnixDomainSocketEndPoint(path));
        _stream = new NetworkStream(_socket, ownsSocket: true);
        _reader = new FrameReader(_stream);
    }

    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    public void SendRaw(byte[] bytes) => _stream.Write(bytes);

    public void Send(uint program, int proc, MessageType type, Action<XdrWriter>? payload, uint? serial = null, MessageStatus status = MessageStatus.Ok) =>
        SendRaw(Packet.Encode(new MessageHeader(program, 1, proc, type, serial ?? _serial++, status), payload));

    /// <summary>Next packet, or null when the server closed the connection.</summary>
    public async Task<Packet?> ReadAsync()
    {
        using var cts = new CancellationTokenSource(Deadline);
        try { return await _reader.ReadAsync(cts.Token); }
        catch (IOException) { return null; }
    }

    /// <summary>Calls a procedure and returns its reply packet.</summary>
    public async Task<Packet> CallAsync(RemoteProcedure proc, Action<XdrWriter>? args = null)
    {
        Send(ProgramIds.Remote, (int)proc, MessageType.Call, args);
        while (true)
        {
            var p = await ReadAsync() ?? throw new EndOfStreamException($"connection closed waiting for the reply to {proc}");
            if (p.Header.Type == MessageType.Reply) return p;
        }
    }

    public static RemoteError ErrorOf(Packet p)
    {
        Assert.Equal(MessageStatus.Error, p.Header.Status);
        return XdrCodec.Decode<RemoteError>(p.Payload.Span);
    }

    /// <summary>AUTH_LIST + CONNECT_OPEN as virsh does.</summary>
    public async Task OpenAsync(string uri = "test:///default", uint flags = 0)
    {
        Assert.Equal(MessageStatus.Ok, (await CallAsync(RemoteProcedure.AuthList)).Header.Status);
        var open = await CallAsync(RemoteProcedure.ConnectOpen, new ConnectOpenArgs(uri, flags).Encode);
        if (open.Header.Status != MessageStatus.Ok) throw XdrCodec.Decode<RemoteError>(open.Payload.Span).ToException();
    }

    public void Dispose() => _stream.Dispose();
}
