using Vireo.Protocol.Rpc;

namespace Vireo.Client.Rpc;

/// <summary>Receives the packets of one open stream (called on the connection's reader thread: must not block).</summary>
public interface IStreamSink
{
    /// <summary>A STREAM or STREAM_HOLE packet, or an error REPLY, on the stream's serial.</summary>
    void OnPacket(Packet packet);

    /// <summary>The connection ended: the stream fails with this error.</summary>
    void OnClosed(Exception error);
}
