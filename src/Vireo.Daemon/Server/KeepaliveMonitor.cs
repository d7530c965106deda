using Vireo.Protocol.Rpc;

namespace Vireo.Daemon.Server;

/// <summary>
/// libvirt's keepalive: after <c>interval</c> seconds without receiving anything, PING; after <c>count</c> more
/// silent intervals, drop the client. Started only when the client asked for the keepalive feature.
/// </summary>
public sealed class KeepaliveMonitor(ClientSession session, int intervalSeconds, int count) : IDisposable
{
    private Timer? _timer;
    private long _lastReceivedTicks = Environment.TickCount64;
    private int _unanswered;

    public void Received()
    {
        Volatile.Write(ref _lastReceivedTicks, Environment.TickCount64);
        Interlocked.Exchange(ref _unanswered, 0);
    }

    public void Start()
    {
        if (intervalSeconds <= 0 || _timer is not null) return;
        _timer = new Timer(_ => Tick(), null, TimeSpan.FromSeconds(intervalSeconds), TimeSpan.FromSeconds(intervalSeconds));
    }

    private void Tick()
    {
        long idleMs = Environment.TickCount64 - Volatile.Read(ref _lastReceivedTicks);
        if (idleMs < intervalSeconds * 1000L) return;
        if (Interlocked.Increment(ref _unanswered) > count)
        {
            session.Abort();
            return;
        }
        session.Send(Packet.Encode(new MessageHeader(ProgramIds.Keepalive, 1, ProgramIds.KeepalivePing, MessageType.Message, 0, MessageStatus.Ok), null));
    }

    public void Dispose() => _timer?.Dispose();
}
