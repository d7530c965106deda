namespace Vireo.Daemon.Server;

/// <summary>Which kind of object an event callback watches.</summary>
public enum EventObjectKind { Domain, Network, StoragePool, NodeDevice, Secret }

/// <summary>One registered event callback: object kind, event id and an optional single-object filter (by UUID).</summary>
public sealed record EventRegistration(int CallbackId, EventObjectKind Kind, int EventId, Guid? Filter);

/// <summary>
/// A client's event callbacks. Callback ids come from one counter per connection shared by all object kinds,
/// as libvirtd allocates them.
/// </summary>
public sealed class EventRegistrations
{
    private readonly Lock _lock = new();
    private readonly Dictionary<int, EventRegistration> _byId = [];
    private int _next;

    public int Add(EventObjectKind kind, int eventId, Guid? filter)
    {
        lock (_lock)
        {
            int id = _next++;
            _byId[id] = new EventRegistration(id, kind, eventId, filter);
            return id;
        }
    }

    /// <summary>Removes a callback; false when the id is unknown or of another kind.</summary>
    public bool Remove(int callbackId, EventObjectKind kind)
    {
        lock (_lock)
            return _byId.TryGetValue(callbackId, out var r) && r.Kind == kind && _byId.Remove(callbackId);
    }

    /// <summary>Callbacks that want this event for this object.</summary>
    public List<EventRegistration> Matching(EventObjectKind kind, int eventId, Guid objectUuid)
    {
        lock (_lock)
            return _byId.Values.Where(r => r.Kind == kind && r.EventId == eventId && (r.Filter is null || r.Filter == objectUuid)).ToList();
    }
}
