using Vireo.Client.Rpc;
using Vireo.Client.Transport;
using Vireo.Client.Uris;
using Vireo.Protocol.Errors;
using Vireo.Protocol.Remote;
using Vireo.Protocol.Remote.Messages;

namespace Vireo.Client.Api;

/// <summary>
/// A connection to vireod or libvirtd (virConnectPtr). Method names follow libvirt's C API without the
/// <c>vir</c>/<c>virConnect</c> prefix. Domain, network and storage calls live in partial files by family.
/// </summary>
public sealed partial class Connection : IAsyncDisposable
{
    // virDrvFeature numbers used when opening.
    private const int FeatureProgramKeepalive = 10, FeatureRemoteEventCallback = 14, FeatureRemoteCloseCallback = 15;
    private const uint OpenReadOnlyFlag = 1;

    private readonly KeepaliveTimer? _keepalive;

    private Connection(RpcClient rpc, ConnectionUri uri, bool readOnly, bool keepalive)
    {
        Rpc = rpc;
        Uri = uri;
        ReadOnly = readOnly;
        if (keepalive) _keepalive = new KeepaliveTimer(rpc, intervalSeconds: 5, count: 6);
        rpc.EventReceived += OnEvent;
    }

    /// <summary>The RPC channel (for procedures the typed API does not cover yet).</summary>
    public RpcClient Rpc { get; }
    public ConnectionUri Uri { get; }
    public bool ReadOnly { get; }
    /// <summary>True when the server delivers events through callback ids (REMOTE_EVENT_CALLBACK).</summary>
    public bool HasEventCallbacks { get; private set; }

    /// <summary>Opens a connection the way virsh does: auth list, keepalive feature, open, event/close features.</summary>
    public static async Task<Connection> OpenAsync(string uri, bool readOnly = false, bool keepalive = true, CancellationToken ct = default)
    {
        var parsed = ConnectionUri.Parse(uri);
        var stream = await TransportFactory.OpenAsync(parsed, readOnly, ct).ConfigureAwait(false);
        var rpc = new RpcClient(stream);
        try
        {
            var auth = await rpc.CallAsync<AuthListRet>(RemoteProcedure.AuthList, ct).ConfigureAwait(false);
            if (auth.Types.Length > 0 && auth.Types[0] != 0)
                throw new LibvirtException(ErrorCode.AuthUnavailable, ErrorDomain.Auth,
                    $"authentication unavailable: the server at {uri} asks for authentication type {auth.Types[0]}, which this client does not support yet");
            bool ka = keepalive && await SupportsAsync(rpc, FeatureProgramKeepalive, ct).ConfigureAwait(false);
            await rpc.CallVoidAsync(RemoteProcedure.ConnectOpen, new ConnectOpenArgs(parsed.NameForDaemon, readOnly ? OpenReadOnlyFlag : 0), ct).ConfigureAwait(false);
            var conn = new Connection(rpc, parsed, readOnly, ka)
            {
                HasEventCallbacks = await SupportsAsync(rpc, FeatureRemoteEventCallback, ct).ConfigureAwait(false),
            };
            if (await SupportsAsync(rpc, FeatureRemoteCloseCallback, ct).ConfigureAwait(false))
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

    /// <summary>virConnectGetType: "Test", "QEMU".</summary>
    public async Task<string> GetTypeAsync() => (await Rpc.CallAsync<ConnectGetTypeRet>(RemoteProcedure.ConnectGetType).ConfigureAwait(false)).Type;

    /// <summary>virConnectGetVersion: hypervisor version (major*1000000 + minor*1000 + release).</summary>
    public async Task<ulong> GetVersionAsync() => (await Rpc.CallAsync<ConnectGetVersionRet>(RemoteProcedure.ConnectGetVersion).ConfigureAwait(false)).HvVer;

    /// <summary>virConnectGetLibVersion of the daemon.</summary>
    public async Task<ulong> GetLibVersionAsync() => (await Rpc.CallAsync<ConnectGetVersionRet>(RemoteProcedure.ConnectGetLibVersion).ConfigureAwait(false)).HvVer;

    /// <summary>virNodeGetInfo.</summary>
    public Task<NodeGetInfoRet> GetNodeInfoAsync() => Rpc.CallAsync<NodeGetInfoRet>(RemoteProcedure.NodeGetInfo);

    /// <summary>virConnectClose: unregisters the close callback and closes, as virsh does.</summary>
    public async Task CloseAsync()
    {
        if (!Rpc.IsOpen) return;
        try
        {
            await Rpc.CallVoidAsync(RemoteProcedure.ConnectUnregisterCloseCallback).ConfigureAwait(false);
        }
        catch (LibvirtException) { /* older servers without close callbacks */ }
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
    }

    partial void OnEventPartial(int procedure, ReadOnlyMemory<byte> payload);

    private void OnEvent(int procedure, ReadOnlyMemory<byte> payload) => OnEventPartial(procedure, payload);
}
