using System.Collections.Concurrent;
using System.Diagnostics;
using Vireo.Client.Api;
using Vireo.Protocol.Errors;

namespace Vireo.Web.Hosts;

/// <summary>
/// One connection of the Connections list (16.1): opens its URI, keeps it open (reconnecting by itself with a
/// growing pause after a failure or a drop), listens for lifecycle events and samples its guests for the main window.
/// One multiplexed RPC connection per URI serves every page and console.
/// </summary>
public sealed class ManagedConnection : IAsyncDisposable
{
    private static readonly TimeSpan MaxRetryPause = TimeSpan.FromSeconds(10);
    private readonly ChangeFeed _feed;
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private readonly Lock _queueLock = new();
    private TaskCompletionSource? _queued;
    private readonly Dictionary<string, GuestSampler> _samplers = [];
    private readonly UsageHistory _hostCpu = new();
    private (ulong Busy, ulong Total)? _lastHostCpu;
    private volatile IReadOnlyList<GuestRow> _guests = [];
    // tags per guest UUID, read once and forgotten on a metadata-change or define event (not read again on every refresh)
    private readonly ConcurrentDictionary<string, string[]> _tags = new();
    private volatile bool _tagEvents;
    private Task? _loop;

    public ManagedConnection(string id, string uri, bool readOnly, ChangeFeed feed)
    {
        Id = id;
        Uri = uri;
        ReadOnly = readOnly;
        _feed = feed;
    }

    public string Id { get; }
    public string Uri { get; }
    public bool ReadOnly { get; }
    public string State { get; private set; } = "Connecting";
    public string? Error { get; private set; }
    public string? Hostname { get; private set; }
    public NodeInfo? Node { get; private set; }
    public double HostCpuPercent { get; private set; }

    /// <summary>The open connection, or null while disconnected.</summary>
    public Connection? Client { get; private set; }

    public IReadOnlyList<GuestRow> Guests => _guests;

    public ConnectionRow ToRow() => new(Id, Uri, ReadOnly, State, Error, Hostname, Node?.Cpus ?? 0, Node?.Memory ?? 0, HostCpuPercent);

    /// <summary>The open connection, or a libvirt-style error that says it is not connected.</summary>
    public Connection Require() => Client ?? throw new LibvirtException(ErrorCode.NoConnect, ErrorDomain.None,
        $"no connection to {Uri} ({State}{(Error is null ? "" : ": " + Error)})");

    public void Start() => _loop = Task.Run(RunAsync);

    private async Task RunAsync()
    {
        var pause = TimeSpan.FromSeconds(1);
        while (!_stop.IsCancellationRequested)
        {
            var dropped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            try
            {
                SetState("Connecting", Error);
                var conn = await Connection.OpenAsync(Uri, ReadOnly, keepalive: true, _stop.Token).ConfigureAwait(false);
                conn.Disconnected += _ => dropped.TrySetResult();
                Hostname = await conn.GetHostnameAsync().ConfigureAwait(false);
                Node = await conn.GetNodeInfoAsync().ConfigureAwait(false);
                Client = conn;
                _tags.Clear();
                try
                {
                    await conn.RegisterDomainEventAsync(DomainEventId.Lifecycle, null, ev =>
                    {
                        if (ev is DomainLifecycleEvent { Event: DomainLifecycleEventType.Defined or DomainLifecycleEventType.Undefined })
                            _tags.TryRemove(ev.Domain.UuidString, out _);
                        _ = RefreshAsync();
                    }).ConfigureAwait(false);
                }
                catch (LibvirtException)
                {
                    // a server without events is still usable: the polling interval keeps the list current
                }
                try
                {
                    await conn.RegisterDomainEventAsync(DomainEventId.MetadataChange, null, ev =>
                    {
                        _tags.TryRemove(ev.Domain.UuidString, out _);
                        _ = RefreshAsync();
                    }).ConfigureAwait(false);
                    _tagEvents = true;
                }
                catch (LibvirtException)
                {
                    _tagEvents = false; // without the event, tags are read on every refresh
                }
                pause = TimeSpan.FromSeconds(1);
                SetState("Connected", null);
                await RefreshAsync().ConfigureAwait(false);
                await dropped.Task.WaitAsync(_stop.Token).ConfigureAwait(false);
                Client = null;
                SetState("Disconnected", "the connection was closed");
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                Client = null;
                SetState("Disconnected", e.Message);
            }
            try
            {
                await Task.Delay(pause, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, MaxRetryPause.Ticks));
        }
    }

    private void SetState(string state, string? error)
    {
        State = state;
        Error = error;
        if (state != "Connected") _guests = [];
        _feed.Publish("connections");
    }

    /// <summary>
    /// Reads every guest's state and usage (on an event, an action and at the polling interval). Requests made while
    /// one is waiting share it: a burst of events (500 guests started at once) costs one more read, not 500.
    /// </summary>
    public Task RefreshAsync()
    {
        TaskCompletionSource next;
        lock (_queueLock)
        {
            if (_queued is { } waiting) return waiting.Task;
            _queued = next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        _ = RunRefreshAsync(next);
        return next.Task;
    }

    private async Task RunRefreshAsync(TaskCompletionSource done)
    {
        await _refreshing.WaitAsync().ConfigureAwait(false);
        lock (_queueLock)
            if (_queued == done) _queued = null; // changes from now on need a read after this one
        try
        {
            await ReadGuestsAsync().ConfigureAwait(false);
        }
        finally
        {
            _refreshing.Release();
            done.TrySetResult();
        }
        _feed.Publish("guests");
    }

    private async Task ReadGuestsAsync()
    {
        var conn = Client;
        if (conn is null) return;
        try
        {
            var domains = await conn.ListAllDomainsAsync().ConfigureAwait(false);
            var persistentSet = (await conn.ListAllDomainsAsync(ListDomainsFlags.Persistent).ConfigureAwait(false)).Select(d => d.UuidString).ToHashSet();
            var now = Stopwatch.GetTimestamp();
            var rows = new List<GuestRow>(domains.Count);
            var seen = new HashSet<string>();
            int hostCpus = Math.Max(1, Node?.Cpus ?? 1);
            ulong hostMem = Math.Max(1, Node?.Memory ?? 1);
            foreach (var d in domains)
            {
                DomainInfo info;
                bool persistent;
                try
                {
                    info = await d.GetInfoAsync().ConfigureAwait(false);
                    persistent = persistentSet.Contains(d.UuidString);
                }
                catch (LibvirtException)
                {
                    continue; // gone between the list and the lookup
                }
                var uuid = d.UuidString;
                seen.Add(uuid);
                if (!_samplers.TryGetValue(uuid, out var s)) _samplers[uuid] = s = new GuestSampler();
                bool active = GuestStates.IsActive(info.State);
                double cpu = active ? s.CpuPercent(info.CpuTime, now, hostCpus) : 0;
                double mem = active ? Math.Min(100, 100.0 * info.Memory / hostMem) : 0;
                s.Cpu.Add(cpu);
                s.Memory.Add(mem);
                rows.Add(new GuestRow(Id, d.Name, uuid, d.Id, GuestStates.Text(info.State), active, persistent,
                    info.VirtualCpus, info.Memory, info.MaxMemory, Math.Round(cpu, 1), Math.Round(mem, 1),
                    s.Cpu.ToArray(), s.Memory.ToArray(), await TagsOfAsync(d).ConfigureAwait(false)));
            }
            foreach (var gone in _samplers.Keys.Where(k => !seen.Contains(k)).ToList()) { _samplers.Remove(gone); _tags.TryRemove(gone, out _); }
            _guests = rows.OrderBy(r => r.Name, StringComparer.Ordinal).ToList();
            await SampleHostAsync(conn).ConfigureAwait(false);
        }
        catch (LibvirtException)
        {
            // the connection dropped mid-refresh: the loop reconnects
        }
        catch (IOException)
        {
        }
    }

    private async Task<string[]> TagsOfAsync(Domain d)
    {
        if (_tags.TryGetValue(d.UuidString, out var known)) return known;
        string[] tags;
        try
        {
            tags = await GuestTags.ReadAsync(d).ConfigureAwait(false);
        }
        catch (LibvirtException)
        {
            return []; // a daemon without virDomainGetMetadata: no tags
        }
        if (_tagEvents) _tags[d.UuidString] = tags;
        return tags;
    }

    /// <summary>Forgets a guest's cached tags (after vireo-web changed them), so the next refresh reads them.</summary>
    public void ForgetTags(string uuid) => _tags.TryRemove(uuid, out _);

    private async Task SampleHostAsync(Connection conn)
    {
        try
        {
            var stats = await conn.GetNodeCpuStatsAsync().ConfigureAwait(false);
            ulong busy = 0, total = 0;
            foreach (var (field, value) in stats)
            {
                total += value;
                if (field is "kernel" or "user") busy += value;
            }
            if (_lastHostCpu is { } last && total > last.Total)
                HostCpuPercent = Math.Round(100.0 * (busy - last.Busy) / (total - last.Total), 1);
            _lastHostCpu = (busy, total);
            _hostCpu.Add(HostCpuPercent);
        }
        catch (LibvirtException)
        {
            // drivers without node statistics (libvirt's test driver) leave the host graph empty
        }
    }

    public double[] HostCpuHistory() => _hostCpu.ToArray();

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        if (_loop is not null)
        {
            try { await _loop.ConfigureAwait(false); } catch (OperationCanceledException) { }
        }
        if (Client is { } c)
        {
            try { await c.CloseAsync().ConfigureAwait(false); } catch (Exception) { }
        }
        Client = null;
    }

    /// <summary>The previous CPU-time reading of one guest, for its usage between two samples.</summary>
    private sealed class GuestSampler
    {
        private ulong _cpuTime;
        private long _at;

        public UsageHistory Cpu { get; } = new();
        public UsageHistory Memory { get; } = new();

        public double CpuPercent(ulong cpuTimeNs, long now, int hostCpus)
        {
            double pct = 0;
            if (_at != 0 && cpuTimeNs >= _cpuTime)
            {
                double wallNs = Stopwatch.GetElapsedTime(_at, now).TotalNanoseconds;
                if (wallNs > 0) pct = Math.Clamp(100.0 * (cpuTimeNs - _cpuTime) / (wallNs * hostCpus), 0, 100);
            }
            _cpuTime = cpuTimeNs;
            _at = now;
            return pct;
        }
    }
}
