using Vireo.Daemon.Dispatch;
using Vireo.Protocol.Remote;
using Vireo.Protocol.Remote.Messages;

namespace Vireo.Daemon.Handlers;

/// <summary>Connection-level procedures: auth, open/close, features, versions, node facts.</summary>
public static partial class ConnectHandlers
{
    // virDrvFeature numbers the daemon answers itself (libvirtd intercepts the same ones).
    private const int FeatureFdPassing = 8, FeatureTypedParamString = 9, FeatureProgramKeepalive = 10,
        FeatureRemoteEventCallback = 14, FeatureRemoteCloseCallback = 15, FeatureNetworkUpdateHasCorrectOrder = 16;
    private const uint OpenReadOnlyFlag = 1;

    public static void Register(ProcedureRegistry r)
    {
        // The listener's scheme (auth_unix_rw/ro, auth_tcp): none, or SASL until the client passed it (libvirtd lists none afterwards).
        r.AddNoArgs(RemoteProcedure.AuthList, ctx => Task.FromResult(new AuthListRet([ctx.Session.IsAuthenticated ? 0 : ctx.Session.AuthType])));
        r.Add<ConnectSupportsFeatureArgs, ConnectSupportsFeatureRet>(RemoteProcedure.ConnectSupportsFeature, SupportsFeature);
        r.Add<ConnectOpenArgs>(RemoteProcedure.ConnectOpen, Open);
        r.AddNoArgs(RemoteProcedure.ConnectClose, _ => Task.CompletedTask);
        r.AddNoArgs(RemoteProcedure.ConnectRegisterCloseCallback, ctx => { ctx.Session.CloseCallbackRegistered = true; return Task.CompletedTask; });
        r.AddNoArgs(RemoteProcedure.ConnectUnregisterCloseCallback, ctx => { ctx.Session.CloseCallbackRegistered = false; return Task.CompletedTask; });
        r.AddNoArgs(RemoteProcedure.ConnectGetType, ctx => Task.FromResult(new ConnectGetTypeRet(ctx.Driver.Host.HypervisorType)));
        r.AddNoArgs(RemoteProcedure.ConnectGetVersion, ctx => Task.FromResult(new ConnectGetVersionRet(ctx.Driver.Host.HypervisorVersion)));
        r.AddNoArgs(RemoteProcedure.ConnectGetLibVersion, _ => Task.FromResult(new ConnectGetVersionRet(DaemonInfo.LibvirtCompatVersion)));
        r.AddNoArgs(RemoteProcedure.NodeGetInfo, async ctx =>
        {
            var n = await ctx.Driver.Host.GetNodeInfoAsync().ConfigureAwait(false);
            return new NodeGetInfoRet(n.Model, n.MemoryKiB, n.Cpus, n.Mhz, n.Nodes, n.Sockets, n.Cores, n.Threads);
        });
        RegisterMore(r);
    }

    static partial void RegisterMore(ProcedureRegistry r);

    private static Task<ConnectSupportsFeatureRet> SupportsFeature(CallContext ctx, ConnectSupportsFeatureArgs a)
    {
        bool supported;
        switch (a.Feature)
        {
            case FeatureProgramKeepalive:
                ctx.Session.StartKeepalive();
                supported = true;
                break;
            case FeatureRemoteEventCallback or FeatureRemoteCloseCallback:
                supported = true;
                break;
            case FeatureFdPassing:
                supported = false; // no procedure of ours passes file descriptors
                break;
            case FeatureTypedParamString or FeatureNetworkUpdateHasCorrectOrder:
                _ = ctx.Driver;
                supported = true;
                break;
            default:
                supported = ctx.Driver.Host.SupportsFeature(a.Feature);
                break;
        }
        return Task.FromResult(new ConnectSupportsFeatureRet(supported ? 1 : 0));
    }

    private static Task Open(CallContext ctx, ConnectOpenArgs a)
    {
        if ((a.Flags & OpenReadOnlyFlag) != 0) ctx.Session.ReadOnly = true;
        var (driver, uri) = ctx.Session.Server.Drivers.Open(a.Name);
        ctx.Session.Open(driver, uri);
        return Task.CompletedTask;
    }
}
