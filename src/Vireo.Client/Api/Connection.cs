using Vireo.Client.Rpc;
using Vireo.Client.Transport;
using Vireo.Client.Uris;
using Vireo.Protocol.Errors;
using Vireo.Protocol.Remote;
using Vireo.Protocol.Remote.Messages;
using Vireo.Protocol.Xdr;

namespace Vireo.Client.Api;

/// <summary>
/// A connection to vireod or libvirtd (virConnectPtr). Method names follow libvirt's C API without the
/// <c>vir</c>/<c>virConnect</c> prefix. Domain, network, storage, host and event calls live in partial files by family.
/// </summary>
public sealed partial class Connection : IAsyncDisposable
{
    // virDrvFeature numbers used when opening.
    private const int FeatureProgramKeepalive = 10, FeatureRemoteEventCallback = 14, FeatureRemoteCloseCallback = 15;
    private const uint OpenReadOnlyFlag = 1;
    private const int SaslAuthType = 1; // REMOTE_AUTH_SASL

    private readonly KeepaliveTimer? _keepalive;
    private int _closing;

    private Connection(RpcClient rpc, ConnectionUri uri, bool readOnly, int keepaliveInterval, int keepaliveCount)
    {
        Rpc = rpc;
        Uri = uri;
        ReadOnly = readOnly;
        if (keepaliveInterval > 0) _keepalive = new KeepaliveTimer(rpc, keepaliveInterval, keepaliveCount);
        rpc.EventReceived += OnEvent;
        rpc.Closed += OnRpcClosed;
    }

    /// <summary>The RPC channel (for procedures the typed API does not cover yet).</summary>
    public RpcClient Rpc { get; }
    public ConnectionUri Uri { get; }
    public bool ReadOnly { get; }
    /// <summary>True when the server delivers events through callback ids (REMOTE_EVENT_CALLBACK).</summary>
    public bool HasEventCallbacks { get; private set; }

    /// <summary>True when a close callback was registered with the server (and is unregistered on close).</summary>
    public bool HasCloseCallback { get; private set; }

    /// <summary>True until the connection is closed by either side (virConnectIsAlive).</summary>
    public bool IsAlive => Rpc.IsOpen;

    /// <summary>
    /// Raised once when the server side goes away without <see cref="CloseAsync"/> (end of file, I/O error,
    /// keepalive timeout), like the callback of virConnectRegisterCloseCallback.
    /// </summary>
    public event Action<ConnectionCloseReason>? Disconnected;

    /// <summary>
    /// Opens a connection the way virsh does: auth list, keepalive feature, open, event/close features, and (unless
    /// <paramref name="closeCallback"/> is false, as for virsh's migration destination) close-callback registration.
    /// Keepalive (virsh's default: a PING after 5 s of silence, give up after 6 unanswered) is used when the
    /// server supports it and <paramref name="keepalive"/> is set.
    /// </summary>
    public static Task<Connection> OpenAsync(string uri, bool readOnly = false, bool keepalive = true, CancellationToken ct = default,
        bool closeCallback = true) =>
        OpenAsync(uri, readOnly, keepalive ? 5 : 0, 6, closeCallback, ct);

    /// <summary>
    /// <see cref="OpenAsync(string, bool, bool, CancellationToken, bool)"/> with explicit keepalive settings
    /// (virsh -k/-K): <paramref name="keepaliveInterval"/> seconds of silence before a PING, 0 = no keepalive;
    /// the connection is dropped after <paramref name="keepaliveCount"/> unanswered PINGs.
    /// </summary>
    public static async Task<Connection> OpenAsync(string uri, bool readOnly, int keepaliveInterval, int keepaliveCount, bool closeCallback = true,
        CancellationToken ct = default)
    {
        var parsed = ConnectionUri.Parse(uri);
        var stream = await TransportFactory.OpenAsync(parsed, readOnly, ct).ConfigureAwait(false);
        var rpc = new RpcClient(stream);
        try
        {
            var auth = await rpc.CallAsync<AuthListRet>(RemoteProcedure.AuthList, ct).ConfigureAwait(false);
            if (auth.Types.Length > 0 && auth.Types[0] == SaslAuthType)
                await Vireo.Client.Auth.SaslAuthenticator.AuthenticateAsync(rpc, parsed, ct).ConfigureAwait(false);
            else if (auth.Types.Length > 0 && auth.Types[0] != 0)
                throw new LibvirtException(ErrorCode.AuthUnavailable, ErrorDomain.Auth,
                    $"authentication unavailable: the server at {uri} asks for authentication type {auth.Types[0]}, which this client does not support");
            // like libvirt's remote driver, ask even when keepalive will not be used (it is what starts the server's timer)
            bool ka = await SupportsAsync(rpc, FeatureProgramKeepalive, ct).ConfigureAwait(false) && keepaliveInterval > 0;
            await rpc.CallVoidAsync(RemoteProcedure.ConnectOpen, new ConnectOpenArgs(parsed.NameForDaemon, readOnly ? OpenReadOnlyFlag : 0), ct).ConfigureAwait(false);
            var conn = new Connection(rpc, parsed, readOnly, ka ? keepaliveInterval : 0, keepaliveCount)
            {
                HasEventCallbacks = await SupportsAsync(rpc, FeatureRemoteEventCallback, ct).ConfigureAwait(false),
            };
            conn.HasCloseCallback = await SupportsAsync(rpc, FeatureRemoteCloseCallback, ct).ConfigureAwait(false) && closeCallback;
            if (conn.HasCloseCallback)
                await rpc.CallVoidAsync(RemoteProcedure.ConnectRegisterCloseCallback, ct).ConfigureAwait(false);
            return conn;
        }
        catch
        {
            await rpc.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async Task<bool> SupportsAsync(RpcClient rpc, int feature, CancellationToken ct) =>
        (await rpc.CallAsync<ConnectSupportsFeatureArgs, ConnectSupportsFeatureRet>(RemoteProcedure.ConnectSupportsFeature, new(feature), ct).ConfigureAwait(false)).Supported != 0;

    /// <summary>virConnectSupportsFeature.</summary>
    public async Task<bool> SupportsFeatureAsync(int feature) => await SupportsAsync(Rpc, feature, default).ConfigureAwait(false);

    /// <summary>virConnectClose: unregisters the close callback and closes, as virsh does.</summary>
    public async Task CloseAsync()
    {
        Interlocked.Exchange(ref _closing, 1);
        if (!Rpc.IsOpen) return;
        if (HasCloseCallback)
        {
            try
            {
                await Rpc.CallVoidAsync(RemoteProcedure.ConnectUnregisterCloseCallback).ConfigureAwait(false);
            }
            catch (LibvirtException) { /* the server forgot it already */ }
        }
        try
        {
            await Rpc.CallVoidAsync(RemoteProcedure.ConnectClose).ConfigureAwait(false);
        }
        catch (LibvirtException) { /* the server may close first */ }
    }

    public async ValueTask DisposeAsync()
    {
        _keepalive?.Dispose();
        await CloseAsync().ConfigureAwait(false);
        await Rpc.DisposeAsync().ConfigureAwait(false);
        StopEventPump();
    }

    private void OnRpcClosed(Exception? reason)
    {
        if (Volatile.Read(ref _closing) != 0) return;
        var why = reason switch
        {
            null or EndOfStreamException => ConnectionCloseReason.Eof,
            _ => ConnectionCloseReason.Error,
        };
        Disconnected?.Invoke(why);
    }

    // ---- calls with libvirt's client-side read-only check -------------------------------------------------

    /// <summary>
    /// Refuses a mutating procedure on a read-only connection before it reaches the wire, as libvirt's client
    /// library does (virCheckReadOnlyGoto): "operation forbidden: read only access prevents virDomainDestroy".
    /// </summary>
    internal void CheckWritable(RemoteProcedure proc, string? apiName = null)
    {
        if (!ReadOnly) return;
        var info = RemoteProcedureTable.Find((int)proc);
        if (info is null || info.ReadOnly != ReadOnlyRule.Deny) return;
        throw ReadOnlyDenied(apiName ?? info.ApiName);
    }

    /// <summary>The read-only refusal for <paramref name="apiName"/>, in the error domain of its API family.</summary>
    internal static LibvirtException ReadOnlyDenied(string apiName) =>
        new(ErrorCode.OperationDenied, DomainOfApi(apiName), $"operation forbidden: read only access prevents {apiName}");

    /// <summary>The error for an API that refuses a flag on a read-only connection ("virDomainGetXMLDesc with secure flag").</summary>
    internal LibvirtException ReadOnlyFlagDenied(string what) =>
        new(ErrorCode.OperationDenied, ErrorDomain.Domain, $"operation forbidden: {what}");

    private static ErrorDomain DomainOfApi(string apiName) => apiName switch
    {
        _ when apiName.StartsWith("virDomainSnapshot", StringComparison.Ordinal) => ErrorDomain.DomainSnapshot,
        _ when apiName.StartsWith("virDomain", StringComparison.Ordinal) => ErrorDomain.Domain,
        _ when apiName.StartsWith("virNetwork", StringComparison.Ordinal) => ErrorDomain.Network,
        _ when apiName.StartsWith("virStorage", StringComparison.Ordinal) => ErrorDomain.Storage,
        _ when apiName.StartsWith("virNodeDevice", StringComparison.Ordinal) => ErrorDomain.Nodedev,
        _ when apiName.StartsWith("virSecret", StringComparison.Ordinal) => ErrorDomain.Secret,
        _ => ErrorDomain.None,
    };

    internal async Task<TRet> CallAsync<TArgs, TRet>(RemoteProcedure proc, TArgs args, CancellationToken ct = default)
        where TArgs : IXdrEncodable where TRet : IXdrMessage<TRet>
    {
        CheckWritable(proc);
        return await Rpc.CallAsync<TArgs, TRet>(proc, args, ct).ConfigureAwait(false);
    }

    internal async Task<TRet> CallAsync<TRet>(RemoteProcedure proc, CancellationToken ct = default) where TRet : IXdrMessage<TRet>
    {
        CheckWritable(proc);
        return await Rpc.CallAsync<TRet>(proc, ct).ConfigureAwait(false);
    }

    internal async Task CallVoidAsync<TArgs>(RemoteProcedure proc, TArgs args, CancellationToken ct = default) where TArgs : IXdrEncodable
    {
        CheckWritable(proc);
        await Rpc.CallVoidAsync(proc, args, ct).ConfigureAwait(false);
    }

    partial void OnEventPartial(int procedure, ReadOnlyMemory<byte> payload);

    partial void StopEventPumpPartial();

    private void StopEventPump() => StopEventPumpPartial();

    private void OnEvent(int procedure, ReadOnlyMemory<byte> payload) => OnEventPartial(procedure, payload);
}

/// <summary>virConnectCloseReason: why a connection ended without the client closing it.</summary>
public enum ConnectionCloseReason
{
    Error = 0,
    Eof = 1,
    Keepalive = 2,
    Client = 3,
}
