using System.Collections.Concurrent;

namespace Vireo.Daemon.Server.Streams;

/// <summary>The open streams of one client session, by call serial (libvirt's per-client stream list).</summary>
public sealed class StreamTable
{
    private readonly ConcurrentDictionary<uint, ServerStream> _streams = new();

    public int Count => _streams.Count;

    /// <summary>Registers a stream before its call's reply goes out, so no packet of it can arrive unrouted.</summary>
    public bool TryAdd(ServerStream stream) => _streams.TryAdd(stream.Serial, stream);

    /// <summary>The open stream for a packet's serial and procedure, or null (late or stray packets are dropped).</summary>
    public ServerStream? Find(uint serial, int procedure) =>
        _streams.TryGetValue(serial, out var s) && s.Procedure == procedure ? s : null;

    public void Remove(ServerStream stream) => _streams.TryRemove(new KeyValuePair<uint, ServerStream>(stream.Serial, stream));

    /// <summary>The client is gone: every driver stream is closed (a console becomes free again).</summary>
    public void AbandonAll()
    {
        foreach (var s in _streams.Values)
        {
            s.Abandon();
            Remove(s);
        }
    }
}
