using Vireo.Protocol.Xdr;

namespace Vireo.Protocol.Remote.Messages;

// Memory statistics and emulator pinning (remote_protocol.x, libvirt 9.0). Field order = wire order.

/// <summary>remote_domain_memory_stats_args (159): how many stats the caller wants, flags.</summary>
public sealed record DomainMemoryStatsArgs(RemoteNonnullDomain Dom, uint MaxStats, uint Flags) : IXdrMessage<DomainMemoryStatsArgs>
{
    public void Encode(XdrWriter w) { Dom.Encode(w); w.WriteUInt(MaxStats); w.WriteUInt(Flags); }
    public static DomainMemoryStatsArgs Decode(ref XdrReader r) => new(RemoteNonnullDomain.Decode(ref r), r.ReadUInt(), r.ReadUInt());
}

/// <summary>remote_domain_memory_stat: a VIR_DOMAIN_MEMORY_STAT_* tag and its value.</summary>
public sealed record DomainMemoryStat(int Tag, ulong Val) : IXdrMessage<DomainMemoryStat>
{
    public void Encode(XdrWriter w) { w.WriteInt(Tag); w.WriteUHyper(Val); }
    public static DomainMemoryStat Decode(ref XdrReader r) => new(r.ReadInt(), r.ReadUHyper());
}

/// <summary>remote_domain_memory_stats_ret (159): stats&lt;REMOTE_DOMAIN_MEMORY_STATS_MAX = 1024&gt;.</summary>
public sealed record DomainMemoryStatsRet(DomainMemoryStat[] Stats) : IXdrMessage<DomainMemoryStatsRet>
{
    public const int Max = 1024;

    public void Encode(XdrWriter w) => MessageCodec.WriteArray(w, Stats, Max, "memory stats");
    public static DomainMemoryStatsRet Decode(ref XdrReader r) => new(MessageCodec.ReadArray<DomainMemoryStat>(ref r, Max));
}

/// <summary>remote_domain_pin_emulator_args (279): cpumap&lt;REMOTE_CPUMAP_MAX&gt;, flags.</summary>
public sealed record DomainPinEmulatorArgs(RemoteNonnullDomain Dom, byte[] Cpumap, uint Flags) : IXdrMessage<DomainPinEmulatorArgs>
{
    public void Encode(XdrWriter w) { Dom.Encode(w); MessageCodec.WriteOpaque(w, Cpumap, XdrLimits.CpumapMax, "cpumap"); w.WriteUInt(Flags); }
    public static DomainPinEmulatorArgs Decode(ref XdrReader r) => new(RemoteNonnullDomain.Decode(ref r), r.ReadOpaque(XdrLimits.CpumapMax), r.ReadUInt());
}

/// <summary>remote_domain_get_emulator_pin_info_args (280): maplen, flags.</summary>
public sealed record DomainGetEmulatorPinInfoArgs(RemoteNonnullDomain Dom, int Maplen, uint Flags) : IXdrMessage<DomainGetEmulatorPinInfoArgs>
{
    public void Encode(XdrWriter w) { Dom.Encode(w); w.WriteInt(Maplen); w.WriteUInt(Flags); }
    public static DomainGetEmulatorPinInfoArgs Decode(ref XdrReader r) => new(RemoteNonnullDomain.Decode(ref r), r.ReadInt(), r.ReadUInt());
}

/// <summary>remote_domain_get_emulator_pin_info_ret (280): cpumaps&lt;REMOTE_CPUMAPS_MAX&gt;, ret (1 = pinned map present).</summary>
public sealed record DomainGetEmulatorPinInfoRet(byte[] Cpumaps, int Ret) : IXdrMessage<DomainGetEmulatorPinInfoRet>
{
    public void Encode(XdrWriter w) { MessageCodec.WriteOpaque(w, Cpumaps, XdrLimits.CpumapsMax, "cpumaps"); w.WriteInt(Ret); }
    public static DomainGetEmulatorPinInfoRet Decode(ref XdrReader r) => new(r.ReadOpaque(XdrLimits.CpumapsMax), r.ReadInt());
}
