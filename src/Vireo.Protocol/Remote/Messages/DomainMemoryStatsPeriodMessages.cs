using Vireo.Protocol.Xdr;

namespace Vireo.Protocol.Remote.Messages;

/// <summary>remote_domain_set_memory_stats_period_args (308): the balloon's statistics polling period in seconds (0 = off).</summary>
public sealed record DomainSetMemoryStatsPeriodArgs(RemoteNonnullDomain Dom, int Period, uint Flags) : IXdrMessage<DomainSetMemoryStatsPeriodArgs>
{
    public void Encode(XdrWriter w) { Dom.Encode(w); w.WriteInt(Period); w.WriteUInt(Flags); }
    public static DomainSetMemoryStatsPeriodArgs Decode(ref XdrReader r) => new(RemoteNonnullDomain.Decode(ref r), r.ReadInt(), r.ReadUInt());
}
