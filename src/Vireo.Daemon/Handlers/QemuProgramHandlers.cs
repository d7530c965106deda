using Vireo.Daemon.Server;
using Vireo.Protocol.Errors;
using Vireo.Protocol.Remote.Messages;
using Vireo.Protocol.Xdr;

namespace Vireo.Daemon.Handlers;

/// <summary>
/// libvirt's QEMU program (0x20008087): QEMU_PROC_DOMAIN_MONITOR_COMMAND passes a QMP (or, with flag 1, HMP)
/// command to the domain's monitor. Every call needs an open, read-write connection, as in libvirtd.
/// </summary>
public static class QemuProgramHandlers
{
    public static async Task<IXdrEncodable> HandleAsync(ClientSession session, int procedure, ReadOnlyMemory<byte> payload)
    {
        if (procedure != QemuProcedure.DomainMonitorCommand)
            throw new LibvirtException(ErrorCode.Rpc, ErrorDomain.Rpc, $"unknown procedure: {procedure}");
        var driver = session.Driver ?? throw new LibvirtException(ErrorCode.InternalError, ErrorDomain.Rpc, "internal error: hypervisor connection not open");
        if (session.ReadOnly)
            throw new LibvirtException(ErrorCode.OperationDenied, ErrorDomain.Domain, "operation forbidden: read only access prevents virDomainQemuMonitorCommand");
        var a = XdrCodec.Decode<QemuDomainMonitorCommandArgs>(payload.Span);
        var result = await driver.Domains.QemuMonitorCommandAsync(a.Dom.ToRef(), a.Cmd, a.Flags).ConfigureAwait(false);
        return new StringRet(result);
    }
}
