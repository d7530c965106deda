namespace Vireo.Drivers.Events;

/// <summary>
/// Runs a state change under a driver's lock, collecting the events it raises, and publishes them only after
/// the lock is released, so a subscriber can never block or re-enter a driver that holds its lock.
/// </summary>
public static class EventBatch
{
    public static T Run<T>(Lock gate, EventBus bus, Func<List<DriverEvent>, T> body)
    {
        var events = new List<DriverEvent>();
        try
        {
            lock (gate)
                return body(events);
        }
        finally
        {
            foreach (var e in events)
                bus.Publish(e);
        }
    }

    public static void Run(Lock gate, EventBus bus, Action<List<DriverEvent>> body) =>
        Run(gate, bus, events => { body(events); return 0; });
}
