using Vireo.Drivers;
using Vireo.Protocol.Errors;
using Vireo.Protocol.Remote;
using Vireo.Protocol.Rpc;
using Vireo.Daemon.Server;

namespace Vireo.Daemon.Dispatch;

/// <summary>What a procedure handler sees of the call: the client session, the header and the opened driver.</summary>
public sealed class CallContext(ClientSession session, MessageHeader header, ProcedureInfo info)
{
    public ClientSession Session { get; } = session;
    public MessageHeader Header { get; } = header;
    public ProcedureInfo Info { get; } = info;

    /// <summary>The driver this connection opened; calls before CONNECT_OPEN fail as they do with libvirtd.</summary>
    public IConnectionDriver Driver =>
        Session.Driver ?? throw new LibvirtException(ErrorCode.InternalError, ErrorDomain.Rpc, "internal error: hypervisor connection not open");

    /// <summary>For "deny-if-flag" procedures: refuse on a read-only connection when a sensitive flag is set.</summary>
    public void DenyIfReadOnly(bool sensitive)
    {
        if (sensitive && Session.ReadOnly) throw ReadOnlyError(Info);
    }

    public static LibvirtException ReadOnlyError(ProcedureInfo info)
    {
        var api = info.ApiName;
        var domain = api.StartsWith("virNetwork", StringComparison.Ordinal) ? ErrorDomain.Network
            : api.StartsWith("virStorage", StringComparison.Ordinal) ? ErrorDomain.Storage
            : api.StartsWith("virDomain", StringComparison.Ordinal) ? ErrorDomain.Domain
            : ErrorDomain.None;
        return new LibvirtException(ErrorCode.OperationDenied, domain, $"operation forbidden: read only access prevents {api}");
    }
}
