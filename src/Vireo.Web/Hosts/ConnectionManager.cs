using Vireo.Client.Uris;
using Vireo.Protocol.Errors;

namespace Vireo.Web.Hosts;

/// <summary>
/// Every connection of the Connections list, the saved preferences, and the polling loop that refreshes the guest
/// lists at the interval set in Preferences (events refresh sooner).
/// </summary>
public sealed class ConnectionManager : IAsyncDisposable
{
    public const int MinPollSeconds = 1, MaxPollSeconds = 600;
    private readonly Lock _lock = new();
    private readonly List<ManagedConnection> _connections = [];
    private readonly WebSettings _settings;
    private readonly CancellationTokenSource _stop = new();
    private int _nextId;
    private Task? _poller;

    public ConnectionManager(WebSettings settings, ChangeFeed feed)
    {
        _settings = settings;
        Feed = feed;
        PollSeconds = Math.Clamp(settings.Load().PollSeconds, MinPollSeconds, MaxPollSeconds);
    }

    public ChangeFeed Feed { get; }
    public int PollSeconds { get; private set; }

    public IReadOnlyList<ManagedConnection> All
    {
        get { lock (_lock) return [.. _connections]; }
    }

    /// <summary>Opens the saved connections plus <paramref name="extra"/> (--connect), then starts polling.</summary>
    public void Start(IEnumerable<string> extra)
    {
        foreach (var c in _settings.Load().Connections) Add(c.Uri, c.ReadOnly, save: false);
        foreach (var uri in extra)
            if (!All.Any(c => c.Uri == uri)) Add(uri, false, save: false);
        _poller = Task.Run(PollAsync);
    }

    public ManagedConnection Get(string id) =>
        All.FirstOrDefault(c => c.Id == id)
        ?? throw new LibvirtException(ErrorCode.InvalidConn, ErrorDomain.None, $"no connection '{id}'");

    /// <summary>Adds a connection (the URI is checked first) and remembers it in the settings file.</summary>
    public ManagedConnection Add(string uri, bool readOnly, bool save = true)
    {
        uri = uri.Trim();
        try
        {
            ConnectionUri.Parse(uri);
        }
        catch (Exception e) when (e is not LibvirtException)
        {
            throw new LibvirtException(ErrorCode.InvalidArg, ErrorDomain.Uri, $"invalid connection URI '{uri}': {e.Message}");
        }
        ManagedConnection conn;
        lock (_lock)
        {
            if (_connections.Any(c => c.Uri == uri && c.ReadOnly == readOnly))
                throw new LibvirtException(ErrorCode.OperationInvalid, ErrorDomain.None, $"a connection to {uri} is already in the list");
            conn = new ManagedConnection("c" + ++_nextId, uri, readOnly, Feed);
            _connections.Add(conn);
        }
        conn.Start();
        if (save) Save();
        Feed.Publish("connections");
        return conn;
    }

    public async Task RemoveAsync(string id)
    {
        var conn = Get(id);
        lock (_lock) _connections.Remove(conn);
        Save();
        await conn.DisposeAsync().ConfigureAwait(false);
        Feed.Publish("connections");
        Feed.Publish("guests");
    }

    public void SetPollSeconds(int seconds)
    {
        if (seconds is < MinPollSeconds or > MaxPollSeconds)
            throw new LibvirtException(ErrorCode.InvalidArg, ErrorDomain.None,
                $"polling interval must be between {MinPollSeconds} and {MaxPollSeconds} seconds");
        PollSeconds = seconds;
        Save();
    }

    private void Save() =>
        _settings.Save(new SettingsData(PollSeconds, All.Select(c => new SavedConnection(c.Uri, c.ReadOnly)).ToList()));

    private async Task PollAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(PollSeconds), _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            foreach (var c in All)
                await c.RefreshAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        if (_poller is not null) await _poller.ConfigureAwait(false);
        foreach (var c in All) await c.DisposeAsync().ConfigureAwait(false);
    }
}
