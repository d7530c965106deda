using Vireo.Protocol.Xdr;

namespace Vireo.Protocol.Remote.Messages;

// libvirt's QEMU program (qemu_protocol.x, program 0x20008087, version 1). Field order = wire order.

/// <summary>QEMU_PROC_* procedure numbers.</summary>
public static class QemuProcedure
{
    public const int DomainMonitorCommand = 1;
}

/// <summary>qemu_domain_monitor_command_args (1).</summary>
public sealed record QemuDomainMonitorCommandArgs(RemoteNonnullDomain Dom, string Cmd, uint Flags) : IXdrMessage<QemuDomainMonitorCommandArgs>
{
    public void Encode(XdrWriter w) { Dom.Encode(w); w.WriteString(Cmd); w.WriteUInt(Flags); }
    public static QemuDomainMonitorCommandArgs Decode(ref XdrReader r) => new(RemoteNonnullDomain.Decode(ref r), r.ReadString(), r.ReadUInt());
}
