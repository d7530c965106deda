using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Vireo.Daemon.Config;
using Vireo.Daemon.Dispatch;
using Vireo.Daemon.Logging;

namespace Vireo.Daemon.Server;

/// <summary>The listening sockets and the set of live client sessions.</summary>
public sealed class DaemonServer(DaemonConfig config, DaemonPaths paths, Dispatcher dispatcher, DriverRegistry drivers)
{
    private readonly ConcurrentDictionary<long, ClientSession> _sessions = new();
    private readonly List<Socket> _listeners = [];
    private readonly CancellationTokenSource _stopping = new();
    private long _nextId;

    public DaemonConfig Config => config;
    public DaemonPaths Paths => paths;
    public Dispatcher Dispatcher => dispatcher;
    public DriverRegistry Drivers => drivers;
    public int ClientCount => _sessions.Count;
    /// <summary>Who may do what (the ACL file); Program loads it at start-up, the built-in default allows root only.</summary>
    public Vireo.Daemon.Access.AccessControl AccessPolicy { get; set; } = Vireo.Daemon.Access.AccessControl.Default(config);
    /// <summary>LOG/audit.log.</summary>
    public Vireo.Daemon.Access.AuditLog Audit { get; } = new(Path.Combine(paths.Log, "audit.log"));
    /// <summary>
    /// Free places for TLS handshakes in progress (clients not yet authenticated). When none is free the TLS
    /// listener stops accepting, as libvirtd does at max_anonymous_clients: new clients wait in the backlog until
    /// a half-done handshake finishes or times out, instead of being refused.
    /// </summary>
    internal SemaphoreSlim HandshakeSlots { get; } = new(Math.Max(1, config.MaxAnonymousClients));

    public void ListenUnix(string path, bool readOnly, int mode)
    {
        if (File.Exists(path)) File.Delete(path); // a stale socket from a crashed daemon
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        File.SetUnixFileMode(path, (UnixFileMode)mode);
        if (config.UnixSockGroup is { } group) SocketOwnership.SetGroup(path, group);
        socket.Listen(512);
        _listeners.Add(socket);
        _ = AcceptLoopAsync(socket, readOnly, AuthTypeOf(readOnly ? config.AuthUnixRo : config.AuthUnixRw));
        DaemonLog.Info($"listening on {path} ({(readOnly ? "read-only" : "read-write")}, mode {Convert.ToString(mode, 8)})");
    }

    public void ListenTcp(IPEndPoint endpoint)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        socket.Bind(endpoint);
        socket.Listen(512);
        _listeners.Add(socket);
        string auth = config.AuthTcp ?? (IPAddress.IsLoopback(endpoint.Address) ? "none" : "sasl");
        if (auth == "none" && !IPAddress.IsLoopback(endpoint.Address))
            DaemonLog.Warn($"tcp {endpoint}: auth_tcp = \"none\" on a non-loopback address: anyone who can reach it has full access");
        _ = AcceptLoopAsync(socket, readOnly: false, AuthTypeOf(auth));
        DaemonLog.Info($"listening on tcp {endpoint} (auth {auth})");
    }

    private static int AuthTypeOf(string auth) => auth == "sasl" ? ClientSession.AuthSasl : ClientSession.AuthNone;

    /// <summary>TLS on ENDPOINT (libvirtd's listen_tls): clients must present a certificate the context accepts.</summary>
    public void ListenTls(IPEndPoint endpoint, Tls.TlsServerContext tls)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        socket.Bind(endpoint);
        socket.Listen(512);
        _listeners.Add(socket);
        _ = AcceptLoopAsync(socket, readOnly: false, ClientSession.AuthNone, tls); // auth_tls = "none": the certificate is the credential
        DaemonLog.Info($"listening on tls {endpoint}");
    }

    private async Task AcceptLoopAsync(Socket listener, bool readOnly, int authType = ClientSession.AuthNone, Tls.TlsServerContext? tls = null)
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket client;
            if (tls is not null)
            {
                try { await HandshakeSlots.WaitAsync(_stopping.Token).ConfigureAwait(false); }
                catch (OperationCanceledException) { return; }
            }
            try { client = await listener.AcceptAsync(_stopping.Token).ConfigureAwait(false); }
            catch (OperationCanceledException) { return; }
            catch (ObjectDisposedException) { return; }
            catch (SocketException e)
            {
                if (tls is not null) HandshakeSlots.Release();
                DaemonLog.Warn($"accept failed: {e.Message}");
                continue;
            }
            if (_sessions.Count >= config.MaxClients)
            {
                DaemonLog.Warn($"too many clients ({config.MaxClients}); refusing a new connection");
                client.Close();
                if (tls is not null) HandshakeSlots.Release();
                continue;
            }
            if (tls is not null)
            {
                _ = Task.Run(() => TlsAcceptor.AcceptAsync(client, this, tls, _stopping.Token));
                continue;
            }
            StartSession(client, readOnly, null, null, authType);
        }
    }

    /// <summary>Starts serving an accepted connection (over <paramref name="stream"/> when TLS wraps the socket).</summary>
    internal void StartSession(Socket client, bool readOnly, Stream? stream, PeerIdentity? identity, int authType = ClientSession.AuthNone)
    {
        var session = new ClientSession(client, this, readOnly, Interlocked.Increment(ref _nextId), stream, identity);
        session.RequireAuth(authType);
        _sessions[session.Id] = session;
        DaemonLog.Trace($"client {session.Id} connected: {session.Identity}");
        _ = Task.Run(session.RunAsync);
    }

    public void Forget(ClientSession session) => _sessions.TryRemove(session.Id, out _);

    /// <summary>Stops accepting and drops every client (SIGTERM).</summary>
    public void Stop()
    {
        _stopping.Cancel();
        foreach (var l in _listeners)
        {
            var path = (l.LocalEndPoint as UnixDomainSocketEndPoint)?.ToString();
            l.Close();
            if (path is not null && File.Exists(path)) File.Delete(path);
        }
        foreach (var s in _sessions.Values) s.Abort();
    }
}
