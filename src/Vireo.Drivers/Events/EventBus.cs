namespace Vireo.Drivers.Events;

/// <summary>Fan-out of driver events to subscribers (the daemon's client sessions). Handlers must not block.</summary>
public sealed class EventBus
{
    private readonly Lock _lock = new();
    private Action<DriverEvent>[] _handlers = [];

    public IDisposable Subscribe(Action<DriverEvent> handler)
    {
        lock (_lock) _handlers = [.. _handlers, handler];
        return new Subscription(this, handler);
    }

    public void Publish(DriverEvent e)
    {
        foreach (var h in Volatile.Read(ref _handlers))
        {
            try { h(e); }
            catch (Exception) { /* one broken subscriber must not stop delivery to the others */ }
        }
    }

    private void Unsubscribe(Action<DriverEvent> handler)
    {
        lock (_lock) _handlers = _handlers.Where(h => h != handler).ToArray();
    }

    private sealed class Subscription(EventBus bus, Action<DriverEvent> handler) : IDisposable
    {
        public void Dispose() => bus.Unsubscribe(handler);
    }
}
