namespace Vireo.Client.Rpc;

/// <summary>
/// Client keepalive as libvirt's: PING after <c>interval</c> seconds without receiving anything; give up after
/// <c>count</c> unanswered PINGs (the connection is then closed so callers fail instead of hanging).
/// </summary>
public sealed class KeepaliveTimer : IDisposable
{
    private readonly RpcClient _rpc;
    private readonly Timer _timer;
    private readonly int _intervalMs;
    private readonly int _count;
    private int _sent;
    private long _lastSeen;

    public KeepaliveTimer(RpcClient rpc, int intervalSeconds, int count)
    {
        _rpc = rpc;
        _intervalMs = intervalSeconds * 1000;
        _count = count;
        _lastSeen = rpc.LastReceivedTicks;
        _timer = new Timer(_ => Tick(), null, _intervalMs, _intervalMs);
    }

    private void Tick()
    {
        long seen = _rpc.LastReceivedTicks;
        if (seen != _lastSeen) { _lastSeen = seen; _sent = 0; }
        if (Environment.TickCount64 - seen < _intervalMs) return;
        if (++_sent > _count)
        {
            _ = _rpc.DisposeAsync().AsTask();
            return;
        }
        _ = _rpc.PingAsync().ContinueWith(_ => { }, TaskScheduler.Default);
    }

    public void Dispose() => _timer.Dispose();
}
