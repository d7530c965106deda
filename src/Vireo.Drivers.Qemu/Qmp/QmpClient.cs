using System.Buffers;
using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace Vireo.Drivers.Qemu.Qmp;

/// <summary>
/// An asynchronous QMP client over QEMU's monitor unix socket: reads the greeting, negotiates capabilities, then
/// runs one reader loop that completes commands by id and forwards events. Typed commands live in the partial
/// files by family (QmpClient.Run, .Cpus, .Balloon, .Block). No reflection: requests are written with
/// Utf8JsonWriter, replies read through the source-generated <see cref="QmpJsonContext"/>.
/// </summary>
public sealed partial class QmpClient : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly StreamReader _reader;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentDictionary<long, (string Command, TaskCompletionSource<JsonElement> Reply)> _pending = new();
    private readonly Channel<QmpEvent> _events = Channel.CreateUnbounded<QmpEvent>(new UnboundedChannelOptions { SingleReader = false });
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _nextId;
    private Task? _readLoop;

    private QmpClient(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _reader = new StreamReader(_stream, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: false, bufferSize: 16 * 1024);
    }

    /// <summary>Every line sent to and received from any QEMU monitor, when set (vireod: VIREO_DEBUG=1), as libvirt's
    /// QEMU_MONITOR_SEND_MSG / IO_PROCESS debug lines.</summary>
    public static Action<string>? Trace { get; set; }

    /// <summary>QEMU's version from the greeting.</summary>
    public QmpVersion? Version { get; private set; }

    /// <summary>Called for every event, on the reader thread (must not block); the <see cref="Events"/> stream gets them too.</summary>
    public event Action<QmpEvent>? EventReceived;

    /// <summary>Events in arrival order; completes when the connection closes.</summary>
    public ChannelReader<QmpEvent> Events => _events.Reader;

    /// <summary>Completes when the monitor connection closes (normally: QEMU exited).</summary>
    public Task Closed => _closed.Task;

    /// <summary>Connects to a monitor socket and negotiates capabilities; retries until the socket accepts or the token fires.</summary>
    public static async Task<QmpClient> ConnectAsync(string socketPath, CancellationToken ct = default)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), ct).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        var client = new QmpClient(socket);
        try
        {
            await client.HandshakeAsync(ct).ConfigureAwait(false);
        }
        catch
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return client;
    }

    /// <summary>Connects, retrying while the socket is not there yet (QEMU still starting), until <paramref name="timeout"/>.</summary>
    public static async Task<QmpClient> ConnectWithRetryAsync(string socketPath, TimeSpan timeout, CancellationToken ct = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
                cts.CancelAfter(TimeSpan.FromSeconds(Math.Max(1, (deadline - DateTime.UtcNow).TotalSeconds)));
                return await ConnectAsync(socketPath, cts.Token).ConfigureAwait(false);
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(20, ct).ConfigureAwait(false);
            }
        }
    }

    private async Task HandshakeAsync(CancellationToken ct)
    {
        var greeting = await _reader.ReadLineAsync(ct).ConfigureAwait(false)
            ?? throw new QmpDisconnectedException("QEMU closed the monitor before its greeting");
        using (var doc = JsonDocument.Parse(greeting))
        {
            if (!doc.RootElement.TryGetProperty("QMP", out var qmp))
                throw new InvalidDataException($"unexpected QMP greeting: {greeting}");
            if (qmp.TryGetProperty("version", out var v) && v.TryGetProperty("qemu", out var q))
                Version = q.Deserialize(QmpJsonContext.Default.QmpVersion);
            OobEnabled = qmp.TryGetProperty("capabilities", out var caps) && caps.ValueKind == JsonValueKind.Array
                && caps.EnumerateArray().Any(c => c.ValueKind == JsonValueKind.String && c.GetString() == "oob");
        }
        _readLoop = Task.Run(ReadLoopAsync, CancellationToken.None);
        // Out-of-band execution (as libvirt could): migrate-pause/migrate-recover must work while a post-copy
        // destination's main loop waits for a missing page. Every command carries an id already.
        await ExecuteAsync("qmp_capabilities", OobEnabled ? w =>
        {
            w.WriteStartArray("enable");
            w.WriteStringValue("oob");
            w.WriteEndArray();
        } : null, ct).ConfigureAwait(false);
    }

    /// <summary>QEMU offered out-of-band commands and they were enabled at the handshake.</summary>
    public bool OobEnabled { get; private set; }

    /// <summary>Runs an out-of-band capable command with exec-oob (in-band when the monitor has no OOB).</summary>
    public Task<JsonElement> ExecuteOobAsync(string command, Action<Utf8JsonWriter>? writeArguments, CancellationToken ct = default) =>
        SendAsync(command, writeArguments, OobEnabled, ct);

    /// <summary>Runs a command and returns its "return" value; throws <see cref="QmpErrorException"/> for an error reply.</summary>
    public Task<JsonElement> ExecuteAsync(string command, Action<Utf8JsonWriter>? writeArguments, CancellationToken ct = default) =>
        SendAsync(command, writeArguments, oob: false, ct);

    private async Task<JsonElement> SendAsync(string command, Action<Utf8JsonWriter>? writeArguments, bool oob, CancellationToken ct)
    {
        long id = Interlocked.Increment(ref _nextId);
        var tcs = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = (command, tcs);
        if (_closed.Task.IsCompleted)
        {
            _pending.TryRemove(id, out _);
            throw new QmpDisconnectedException($"QMP command '{command}': the monitor connection is closed");
        }
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString(oob ? "exec-oob" : "execute", command);
            if (writeArguments is not null)
            {
                w.WriteStartObject("arguments");
                writeArguments(w);
                w.WriteEndObject();
            }
            w.WriteNumber("id", id);
            w.WriteEndObject();
        }
        buffer.Write("\n"u8); // one write per command
        await _writeLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await _stream.WriteAsync(buffer.WrittenMemory, ct).ConfigureAwait(false);
            Trace?.Invoke($"qmp {_socket.RemoteEndPoint}: sent {Encoding.UTF8.GetString(buffer.WrittenSpan).TrimEnd()}");
        }
        catch (IOException e)
        {
            _pending.TryRemove(id, out _);
            throw new QmpDisconnectedException($"QMP command '{command}': cannot write to the monitor", e);
        }
        finally
        {
            _writeLock.Release();
        }
        using var reg = ct.Register(() => tcs.TrySetCanceled(ct));
        try
        {
            return await tcs.Task.ConfigureAwait(false);
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    private async Task ReadLoopAsync()
    {
        Exception? failure = null;
        try
        {
            while (await _reader.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                if (line.Length == 0)
                    continue;
                Trace?.Invoke($"qmp {_socket.RemoteEndPoint}: received {line}");
                Dispatch(line);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException)
        {
            failure = e;
        }
        finally
        {
            foreach (var (_, p) in _pending)
                p.Reply.TrySetException(new QmpDisconnectedException($"QMP command '{p.Command}': QEMU closed the monitor", failure));
            _events.Writer.TryComplete();
            _closed.TrySetResult();
        }
    }

    private void Dispatch(string line)
    {
        using var doc = JsonDocument.Parse(line);
        var root = doc.RootElement;
        if (root.TryGetProperty("event", out var ev))
        {
            var data = root.TryGetProperty("data", out var d) ? d.Clone() : default;
            var ts = DateTimeOffset.UtcNow;
            if (root.TryGetProperty("timestamp", out var t) && t.TryGetProperty("seconds", out var s) && t.TryGetProperty("microseconds", out var us))
                ts = DateTimeOffset.FromUnixTimeSeconds(s.GetInt64()).AddTicks(us.GetInt64() * 10);
            var e = new QmpEvent(ev.GetString() ?? "", data, ts);
            try
            {
                EventReceived?.Invoke(e);
            }
            catch (Exception)
            {
                // A broken subscriber must not stop the reader (and with it every pending command).
            }
            _events.Writer.TryWrite(e);
            return;
        }
        if (!root.TryGetProperty("id", out var idEl) || idEl.ValueKind != JsonValueKind.Number || !_pending.TryGetValue(idEl.GetInt64(), out var p))
            return;
        if (root.TryGetProperty("error", out var err))
        {
            var cls = err.TryGetProperty("class", out var c) ? c.GetString() ?? "" : "";
            var desc = err.TryGetProperty("desc", out var de) ? de.GetString() ?? "" : "";
            p.Reply.TrySetException(new QmpErrorException(p.Command, cls, desc));
        }
        else
            p.Reply.TrySetResult(root.TryGetProperty("return", out var r) ? r.Clone() : default);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
        _stream.Dispose();
        if (_readLoop is not null)
            await _readLoop.ConfigureAwait(false);
        _reader.Dispose();
        // _writeLock is not disposed: a command racing with the close (quit) still releases it.
    }
}
