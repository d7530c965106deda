using Vireo.Protocol.Remote.Messages;
using Vireo.Protocol.Rpc;
using Vireo.Protocol.Xdr;

namespace Vireo.Client.Api;

// Calls of libvirt's QEMU program (libvirt-qemu.so in libvirt).
public sealed partial class Domain
{
    /// <summary>virDomainQemuMonitorCommand: flag 1 = HMP. Returns the monitor's reply text.</summary>
    public async Task<string> QemuMonitorCommandAsync(string command, uint flags = 0)
    {
        var reply = await Connection.Rpc.CallProgramRawAsync(ProgramIds.Qemu, QemuProcedure.DomainMonitorCommand,
            new QemuDomainMonitorCommandArgs(Handle, command, flags).Encode).ConfigureAwait(false);
        return XdrCodec.Decode<StringRet>(reply.Payload.Span).Value;
    }
}
