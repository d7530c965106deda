using Vireo.Drivers;
using Vireo.Protocol.Errors;
using Vireo.Protocol.Remote;
using Vireo.Protocol.Rpc;
using Vireo.Daemon.Server;
using Vireo.Daemon.Server.Streams;

namespace Vireo.Daemon.Dispatch;

/// <summary>What a procedure handler sees of the call: the client session, the header and the opened driver.</summary>
public sealed class CallContext(ClientSession session, MessageHeader header, ProcedureInfo info)
{
    public ClientSession Session { get; } = session;
    public MessageHeader Header { get; } = header;
    public ProcedureInfo Info { get; } = info;

    private ServerStream? _stream;

    /// <summary>
    /// Ties a driver stream to this call (virNetStream): registered now, so the client's stream packets that follow
    /// the reply are routed to it; data starts flowing once the OK reply is queued.
    /// </summary>
    public void AttachStream(Stream driver, bool fromDriver, bool toDriver, bool sparse = false)
    {
        var stream = new ServerStream(Session, Header, driver, fromDriver, toDriver, sparse);
        if (_stream is not null || !Session.Streams.TryAdd(stream))
        {
            driver.Dispose();
            throw new LibvirtException(ErrorCode.Rpc, ErrorDomain.Rpc, $"a stream with serial {Header.Serial} is already open");
        }
        _stream = stream;
    }

    internal void StartStream() => _stream?.Start();

    /// <summary>The call failed after its stream was attached: the stream never starts.</summary>
    internal void AbandonStream()
    {
        if (_stream is null)
            return;
        _stream.Abandon();
        Session.Streams.Remove(_stream);
    }

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
