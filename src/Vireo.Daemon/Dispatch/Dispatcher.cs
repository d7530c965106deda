using Vireo.Daemon.Server;
using Vireo.Protocol.Errors;
using Vireo.Protocol.Remote;

namespace Vireo.Daemon.Dispatch;

/// <summary>
/// Decides, from each procedure's declared metadata, whether a call may run on this connection
/// (implemented? authenticated? connection open? read-only allowed?) and returns its handler.
/// </summary>
public sealed class Dispatcher(ProcedureRegistry registry)
{
    /// <summary>Calls allowed before CONNECT_OPEN: auth, open itself, close, and the daemon-level feature checks.</summary>
    private static readonly HashSet<RemoteProcedure> AllowedBeforeOpen =
    [
        RemoteProcedure.AuthList, RemoteProcedure.AuthSaslInit, RemoteProcedure.AuthSaslStart, RemoteProcedure.AuthSaslStep,
        RemoteProcedure.AuthPolkit, RemoteProcedure.ConnectOpen, RemoteProcedure.ConnectClose, RemoteProcedure.ConnectSupportsFeature,
    ];

    /// <summary>Calls allowed before the client passed the listener's auth (libvirt's needAuth = false).</summary>
    private static readonly HashSet<RemoteProcedure> AllowedBeforeAuth =
    [
        RemoteProcedure.AuthList, RemoteProcedure.AuthSaslInit, RemoteProcedure.AuthSaslStart, RemoteProcedure.AuthSaslStep,
        RemoteProcedure.AuthPolkit, RemoteProcedure.ConnectClose,
    ];

    public ProcedureRegistry Registry => registry;

    public (ProcedureInfo Info, ProcedureHandler Handler) Resolve(ClientSession session, int procedure)
    {
        var info = RemoteProcedureTable.Find(procedure);
        var handler = registry.Find(procedure);
        if (info is null || handler is null || info.ReadOnly == ReadOnlyRule.NotACall && !AllowedBeforeOpen.Contains(info.Procedure))
            throw new LibvirtException(ErrorCode.Rpc, ErrorDomain.Rpc, $"unknown procedure: {procedure}");
        if (!session.IsAuthenticated && !AllowedBeforeAuth.Contains(info.Procedure))
            throw new LibvirtException(ErrorCode.Rpc, ErrorDomain.Rpc, "authentication required");
        if (session.Driver is null && !AllowedBeforeOpen.Contains(info.Procedure))
            throw new LibvirtException(ErrorCode.InternalError, ErrorDomain.Rpc, "internal error: hypervisor connection not open");
        if (session.ReadOnly && info.ReadOnly == ReadOnlyRule.Deny)
            throw CallContext.ReadOnlyError(info);
        return (info, Access.AccessGuard.Wrap(info, handler));
    }
}
