using Vireo.Protocol.Xdr;

namespace Vireo.Protocol.Remote.Messages;

// Domain query procedures with fixed-layout or nested replies (remote_protocol.x, libvirt 9.0). Field order = wire order.

/// <summary>
/// remote_domain_get_info_ret (16): <c>unsigned char state</c> and <c>unsigned short nrVirtCpu</c> take 4 bytes each,
/// so the reply is 32 bytes. Memory in KiB, cpuTime in ns.
/// </summary>
public sealed record DomainGetInfoRet(byte State, ulong MaxMem, ulong Memory, ushort NrVirtCpu, ulong CpuTime) : IXdrMessage<DomainGetInfoRet>
{
    public void Encode(XdrWriter w)
    {
        MessageCodec.WriteUChar(w, State); w.WriteUHyper(MaxMem); w.WriteUHyper(Memory);
        MessageCodec.WriteUShort(w, NrVirtCpu); w.WriteUHyper(CpuTime);
    }

    public static DomainGetInfoRet Decode(ref XdrReader r) =>
        new(MessageCodec.ReadUChar(ref r), r.ReadUHyper(), r.ReadUHyper(), MessageCodec.ReadUShort(ref r), r.ReadUHyper());
}

/// <summary>remote_domain_get_state_ret (212): virDomainState and its reason.</summary>
public sealed record DomainGetStateRet(int State, int Reason) : IXdrMessage<DomainGetStateRet>
{
    public void Encode(XdrWriter w) { w.WriteInt(State); w.WriteInt(Reason); }
    public static DomainGetStateRet Decode(ref XdrReader r) => new(r.ReadInt(), r.ReadInt());
}

/// <summary>remote_vcpu_info: one virVcpuInfo.</summary>
public sealed record VcpuInfo(uint Number, int State, ulong CpuTime, int Cpu) : IXdrMessage<VcpuInfo>
{
    public void Encode(XdrWriter w) { w.WriteUInt(Number); w.WriteInt(State); w.WriteUHyper(CpuTime); w.WriteInt(Cpu); }
    public static VcpuInfo Decode(ref XdrReader r) => new(r.ReadUInt(), r.ReadInt(), r.ReadUHyper(), r.ReadInt());
}

/// <summary>remote_domain_get_vcpus_args (20): maplen = bytes per CPU map (0 = no maps wanted).</summary>
public sealed record DomainGetVcpusArgs(RemoteNonnullDomain Dom, int Maxinfo, int Maplen) : IXdrMessage<DomainGetVcpusArgs>
{
    public void Encode(XdrWriter w) { Dom.Encode(w); w.WriteInt(Maxinfo); w.WriteInt(Maplen); }
    public static DomainGetVcpusArgs Decode(ref XdrReader r) => new(RemoteNonnullDomain.Decode(ref r), r.ReadInt(), r.ReadInt());
}

/// <summary>remote_domain_get_vcpus_ret (20): info&lt;REMOTE_VCPUINFO_MAX&gt; then all cpumaps concatenated as one opaque.</summary>
public sealed record DomainGetVcpusRet(VcpuInfo[] Info, byte[] Cpumaps) : IXdrMessage<DomainGetVcpusRet>
{
    public void Encode(XdrWriter w)
    {
        MessageCodec.WriteArray(w, Info, XdrLimits.VcpuinfoMax, "vcpu info");
        MessageCodec.WriteOpaque(w, Cpumaps, XdrLimits.CpumapsMax, "cpumaps");
    }

    public static DomainGetVcpusRet Decode(ref XdrReader r) =>
        new(MessageCodec.ReadArray<VcpuInfo>(ref r, XdrLimits.VcpuinfoMax), r.ReadOpaque(XdrLimits.CpumapsMax));
}

/// <summary>remote_domain_get_vcpu_pin_info_args (230).</summary>
public sealed record DomainGetVcpuPinInfoArgs(RemoteNonnullDomain Dom, int Ncpumaps, int Maplen, uint Flags) : IXdrMessage<DomainGetVcpuPinInfoArgs>
{
    public void Encode(XdrWriter w) { Dom.Encode(w); w.WriteInt(Ncpumaps); w.WriteInt(Maplen); w.WriteUInt(Flags); }
    public static DomainGetVcpuPinInfoArgs Decode(ref XdrReader r) =>
        new(RemoteNonnullDomain.Decode(ref r), r.ReadInt(), r.ReadInt(), r.ReadUInt());
}

/// <summary>remote_domain_get_vcpu_pin_info_ret (230): concatenated cpumaps and the number of vcpus.</summary>
public sealed record DomainGetVcpuPinInfoRet(byte[] Cpumaps, int Num) : IXdrMessage<DomainGetVcpuPinInfoRet>
{
    public void Encode(XdrWriter w) { MessageCodec.WriteOpaque(w, Cpumaps, XdrLimits.CpumapsMax, "cpumaps"); w.WriteInt(Num); }
    public static DomainGetVcpuPinInfoRet Decode(ref XdrReader r) => new(r.ReadOpaque(XdrLimits.CpumapsMax), r.ReadInt());
}

/// <summary>
/// remote_domain_get_security_label_ret (121): <c>char label&lt;4097&gt;</c> (4 bytes per char, NUL included:
/// "" is count 1) and enforcing.
/// </summary>
public sealed record DomainGetSecurityLabelRet(string Label, int Enforcing) : IXdrMessage<DomainGetSecurityLabelRet>
{
    public void Encode(XdrWriter w) { MessageCodec.WriteCharString(w, Label, XdrLimits.SecurityLabelMax, "security label"); w.WriteInt(Enforcing); }
    public static DomainGetSecurityLabelRet Decode(ref XdrReader r) => new(MessageCodec.ReadCharString(ref r, XdrLimits.SecurityLabelMax), r.ReadInt());
}

/// <summary>remote_domain_get_job_info_ret (163): type then eleven unsigned hypers (ms / bytes).</summary>
public sealed record DomainGetJobInfoRet(
    int Type, ulong TimeElapsed, ulong TimeRemaining,
    ulong DataTotal, ulong DataProcessed, ulong DataRemaining,
    ulong MemTotal, ulong MemProcessed, ulong MemRemaining,
    ulong FileTotal, ulong FileProcessed, ulong FileRemaining) : IXdrMessage<DomainGetJobInfoRet>
{
    public void Encode(XdrWriter w)
    {
        w.WriteInt(Type); w.WriteUHyper(TimeElapsed); w.WriteUHyper(TimeRemaining);
        w.WriteUHyper(DataTotal); w.WriteUHyper(DataProcessed); w.WriteUHyper(DataRemaining);
        w.WriteUHyper(MemTotal); w.WriteUHyper(MemProcessed); w.WriteUHyper(MemRemaining);
        w.WriteUHyper(FileTotal); w.WriteUHyper(FileProcessed); w.WriteUHyper(FileRemaining);
    }

    public static DomainGetJobInfoRet Decode(ref XdrReader r) => new(
        r.ReadInt(), r.ReadUHyper(), r.ReadUHyper(),
        r.ReadUHyper(), r.ReadUHyper(), r.ReadUHyper(),
        r.ReadUHyper(), r.ReadUHyper(), r.ReadUHyper(),
        r.ReadUHyper(), r.ReadUHyper(), r.ReadUHyper());
}

/// <summary>remote_domain_block_stats_ret (64): signed hypers, -1 = unknown. Args: <see cref="DomainStringArgs"/> {dom, path}.</summary>
public sealed record DomainBlockStatsRet(long RdReq, long RdBytes, long WrReq, long WrBytes, long Errs) : IXdrMessage<DomainBlockStatsRet>
{
    public void Encode(XdrWriter w) { w.WriteHyper(RdReq); w.WriteHyper(RdBytes); w.WriteHyper(WrReq); w.WriteHyper(WrBytes); w.WriteHyper(Errs); }
    public static DomainBlockStatsRet Decode(ref XdrReader r) => new(r.ReadHyper(), r.ReadHyper(), r.ReadHyper(), r.ReadHyper(), r.ReadHyper());
}

/// <summary>remote_domain_interface_stats_ret (65): signed hypers, -1 = unknown. Args: <see cref="DomainStringArgs"/> {dom, device}.</summary>
public sealed record DomainInterfaceStatsRet(
    long RxBytes, long RxPackets, long RxErrs, long RxDrop,
    long TxBytes, long TxPackets, long TxErrs, long TxDrop) : IXdrMessage<DomainInterfaceStatsRet>
{
    public void Encode(XdrWriter w)
    {
        w.WriteHyper(RxBytes); w.WriteHyper(RxPackets); w.WriteHyper(RxErrs); w.WriteHyper(RxDrop);
        w.WriteHyper(TxBytes); w.WriteHyper(TxPackets); w.WriteHyper(TxErrs); w.WriteHyper(TxDrop);
    }

    public static DomainInterfaceStatsRet Decode(ref XdrReader r) => new(
        r.ReadHyper(), r.ReadHyper(), r.ReadHyper(), r.ReadHyper(),
        r.ReadHyper(), r.ReadHyper(), r.ReadHyper(), r.ReadHyper());
}

/// <summary>remote_domain_get_messages_ret (426): msgs&lt;REMOTE_DOMAIN_MESSAGES_MAX&gt;. Args: <see cref="DomainFlagsArgs"/>.</summary>
public sealed record DomainGetMessagesRet(string[] Msgs) : IXdrMessage<DomainGetMessagesRet>
{
    public void Encode(XdrWriter w) => MessageCodec.WriteStrings(w, Msgs, XdrLimits.DomainMessagesMax, "messages");
    public static DomainGetMessagesRet Decode(ref XdrReader r) => new(MessageCodec.ReadStrings(ref r, XdrLimits.DomainMessagesMax));
}

/// <summary>remote_domain_interface_addresses_args (353): source 0 = lease, 1 = agent, 2 = arp.</summary>
public sealed record DomainInterfaceAddressesArgs(RemoteNonnullDomain Dom, uint Source, uint Flags) : IXdrMessage<DomainInterfaceAddressesArgs>
{
    public void Encode(XdrWriter w) { Dom.Encode(w); w.WriteUInt(Source); w.WriteUInt(Flags); }
    public static DomainInterfaceAddressesArgs Decode(ref XdrReader r) => new(RemoteNonnullDomain.Decode(ref r), r.ReadUInt(), r.ReadUInt());
}

/// <summary>remote_domain_ip_addr: type 0 = IPv4, 1 = IPv6.</summary>
public sealed record DomainIpAddr(int Type, string Addr, uint Prefix) : IXdrMessage<DomainIpAddr>
{
    public void Encode(XdrWriter w) { w.WriteInt(Type); w.WriteString(Addr); w.WriteUInt(Prefix); }
    public static DomainIpAddr Decode(ref XdrReader r) => new(r.ReadInt(), r.ReadString(), r.ReadUInt());
}

/// <summary>remote_domain_interface: name, optional MAC, addrs&lt;REMOTE_DOMAIN_IP_ADDR_MAX&gt;.</summary>
public sealed record DomainInterface(string Name, string? Hwaddr, DomainIpAddr[] Addrs) : IXdrMessage<DomainInterface>
{
    public void Encode(XdrWriter w)
    {
        w.WriteString(Name); w.WriteOptionalString(Hwaddr);
        MessageCodec.WriteArray(w, Addrs, XdrLimits.DomainIpAddrMax, "ip addresses");
    }

    public static DomainInterface Decode(ref XdrReader r) =>
        new(r.ReadString(), r.ReadOptionalString(), MessageCodec.ReadArray<DomainIpAddr>(ref r, XdrLimits.DomainIpAddrMax));
}

/// <summary>remote_domain_interface_addresses_ret (353): ifaces&lt;REMOTE_DOMAIN_INTERFACE_MAX&gt;.</summary>
public sealed record DomainInterfaceAddressesRet(DomainInterface[] Ifaces) : IXdrMessage<DomainInterfaceAddressesRet>
{
    public void Encode(XdrWriter w) => MessageCodec.WriteArray(w, Ifaces, XdrLimits.DomainInterfaceMax, "interfaces");
    public static DomainInterfaceAddressesRet Decode(ref XdrReader r) => new(MessageCodec.ReadArray<DomainInterface>(ref r, XdrLimits.DomainInterfaceMax));
}

/// <summary>remote_domain_get_block_info_args (194).</summary>
public sealed record DomainGetBlockInfoArgs(RemoteNonnullDomain Dom, string Path, uint Flags) : IXdrMessage<DomainGetBlockInfoArgs>
{
    public void Encode(XdrWriter w) { Dom.Encode(w); w.WriteString(Path); w.WriteUInt(Flags); }
    public static DomainGetBlockInfoArgs Decode(ref XdrReader r) => new(RemoteNonnullDomain.Decode(ref r), r.ReadString(), r.ReadUInt());
}

/// <summary>remote_domain_get_block_info_ret (194): allocation, capacity, physical in bytes.</summary>
public sealed record DomainGetBlockInfoRet(ulong Allocation, ulong Capacity, ulong Physical) : IXdrMessage<DomainGetBlockInfoRet>
{
    public void Encode(XdrWriter w) { w.WriteUHyper(Allocation); w.WriteUHyper(Capacity); w.WriteUHyper(Physical); }
    public static DomainGetBlockInfoRet Decode(ref XdrReader r) => new(r.ReadUHyper(), r.ReadUHyper(), r.ReadUHyper());
}
