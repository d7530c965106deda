using System.Threading.Channels;

namespace Vireo.Web.Hosts;

/// <summary>
/// Tells every open page that something changed (a guest list, a connection's state), so it fetches again; one
/// channel per server-sent-events client. Bursts coalesce: a page that has not read yet gets one notice.
/// </summary>
public sealed class ChangeFeed
{
    private readonly Lock _lock = new();
    private readonly List<Channel<string>> _clients = [];

    public Channel<string> Subscribe()
    {
        var ch = Channel.CreateBounded<string>(new BoundedChannelOptions(16) { FullMode = BoundedChannelFullMode.DropOldest });
        lock (_lock) _clients.Add(ch);
        return ch;
    }

    public void Unsubscribe(Channel<string> ch)
    {
        lock (_lock) _clients.Remove(ch);
    }

    /// <summary>Sends <paramref name="topic"/> (e.g. "guests", "connections") to every page.</summary>
    public void Publish(string topic)
    {
        lock (_lock)
            foreach (var c in _clients)
                c.Writer.TryWrite(topic);
    }
}
