using Vireo.Protocol.Xdr;

namespace Vireo.Protocol.Remote.Messages;

// Domain procedures carrying typed-parameter lists (remote_protocol.x, libvirt 9.0). Field order = wire order.
// Getters follow the two-step nparams protocol: call with nparams=0 → empty params + nparams=<count>;
// call again with that count → params + nparams=0.

/// <summary>remote_domain_get_scheduler_type_ret (56): scheduler name and how many parameters it has. Args: <see cref="DomainArgs"/>.</summary>
public sealed record DomainGetSchedulerTypeRet(string Type, int Nparams) : IXdrMessage<DomainGetSchedulerTypeRet>
{
    public void Encode(XdrWriter w) { w.WriteString(Type); w.WriteInt(Nparams); }
    public static DomainGetSchedulerTypeRet Decode(ref XdrReader r) => new(r.ReadString(), r.ReadInt());
}

/// <summary>remote_domain_get_scheduler_parameters_args (57): no flags.</summary>
public sealed record DomainGetSchedulerParametersArgs(RemoteNonnullDomain Dom, int Nparams) : IXdrMessage<DomainGetSchedulerParametersArgs>
{
    public void Encode(XdrWriter w) { Dom.Encode(w); w.WriteInt(Nparams); }
    public static DomainGetSchedulerParametersArgs Decode(ref XdrReader r) => new(RemoteNonnullDomain.Decode(ref r), r.ReadInt());
}

/// <summary>
/// Ret { remote_typed_param params&lt;REMOTE_DOMAIN_SCHEDULER_PARAMETERS_MAX&gt;; } (no trailing nparams):
/// domain_get_scheduler_parameters (57), domain_get_scheduler_parameters_flags (223).
/// </summary>
public sealed record DomainGetSchedulerParametersRet(TypedParameter[] Params) : IXdrMessage<DomainGetSchedulerParametersRet>
{
    /// <summary>REMOTE_DOMAIN_SCHEDULER_PARAMETERS_MAX.</summary>
    public const int Max = 16;

    public void Encode(XdrWriter w) => MessageCodec.WriteParams(w, Params, Max);
    public static DomainGetSchedulerParametersRet Decode(ref XdrReader r) => new(MessageCodec.ReadParams(ref r, Max));
}

/// <summary>remote_domain_set_scheduler_parameters_args (58): params&lt;16&gt;, no flags.</summary>
public sealed record DomainSetSchedulerParametersArgs(RemoteNonnullDomain Dom, TypedParameter[] Params) : IXdrMessage<DomainSetSchedulerParametersArgs>
{
    public void Encode(XdrWriter w) { Dom.Encode(w); MessageCodec.WriteParams(w, Params, DomainGetSchedulerParametersRet.Max); }
    public static DomainSetSchedulerParametersArgs Decode(ref XdrReader r) =>
        new(RemoteNonnullDomain.Decode(ref r), MessageCodec.ReadParams(ref r, DomainGetSchedulerParametersRet.Max));
}

/// <summary>
/// Args { dom; int nparams; unsigned int flags; }: domain_get_memory_parameters (198),
/// domain_get_blkio_parameters (206), domain_get_scheduler_parameters_flags (223).
/// </summary>
public sealed record DomainGetParametersArgs(RemoteNonnullDomain Dom, int Nparams, uint Flags) : IXdrMessage<DomainGetParametersArgs>
{
    public void Encode(XdrWriter w) { Dom.Encode(w); w.WriteInt(Nparams); w.WriteUInt(Flags); }
    public static DomainGetParametersArgs Decode(ref XdrReader r) => new(RemoteNonnullDomain.Decode(ref r), r.ReadInt(), r.ReadUInt());
}

/// <summary>
/// Ret { remote_typed_param params&lt;16&gt;; int nparams; }: domain_get_memory_parameters (198),
/// domain_get_blkio_parameters (206), domain_block_stats_flags (243) — REMOTE_DOMAIN_MEMORY/BLKIO/BLOCK_STATS
/// _PARAMETERS_MAX are all 16.
/// </summary>
public sealed record DomainGetParametersRet(TypedParameter[] Params, int Nparams) : IXdrMessage<DomainGetParametersRet>
{
    public const int Max = 16;

    public void Encode(XdrWriter w) { MessageCodec.WriteParams(w, Params, Max); w.WriteInt(Nparams); }
    public static DomainGetParametersRet Decode(ref XdrReader r) => new(MessageCodec.ReadParams(ref r, Max), r.ReadInt());
}

/// <summary>
/// Args { dom; remote_typed_param params&lt;16&gt;; unsigned int flags; }: domain_set_memory_parameters (197),
/// domain_set_blkio_parameters (205), domain_set_scheduler_parameters_flags (219).
/// </summary>
public sealed record DomainSetParametersArgs(RemoteNonnullDomain Dom, TypedParameter[] Params, uint Flags) : IXdrMessage<DomainSetParametersArgs>
{
    public const int Max = 16;

    public void Encode(XdrWriter w) { Dom.Encode(w); MessageCodec.WriteParams(w, Params, Max); w.WriteUInt(Flags); }
    public static DomainSetParametersArgs Decode(ref XdrReader r) =>
        new(RemoteNonnullDomain.Decode(ref r), MessageCodec.ReadParams(ref r, Max), r.ReadUInt());
}

/// <summary>remote_domain_block_stats_flags_args (243). Ret: <see cref="DomainGetParametersRet"/>.</summary>
public sealed record DomainBlockStatsFlagsArgs(RemoteNonnullDomain Dom, string Path, int Nparams, uint Flags) : IXdrMessage<DomainBlockStatsFlagsArgs>
{
    public void Encode(XdrWriter w) { Dom.Encode(w); w.WriteString(Path); w.WriteInt(Nparams); w.WriteUInt(Flags); }
    public static DomainBlockStatsFlagsArgs Decode(ref XdrReader r) =>
        new(RemoteNonnullDomain.Decode(ref r), r.ReadString(), r.ReadInt(), r.ReadUInt());
}

/// <summary>remote_domain_get_job_stats_ret (298): job type then params&lt;REMOTE_DOMAIN_JOB_STATS_MAX&gt;. Args: <see cref="DomainFlagsArgs"/>.</summary>
public sealed record DomainGetJobStatsRet(int Type, TypedParameter[] Params) : IXdrMessage<DomainGetJobStatsRet>
{
    /// <summary>REMOTE_DOMAIN_JOB_STATS_MAX.</summary>
    public const int Max = 64;

    public void Encode(XdrWriter w) { w.WriteInt(Type); MessageCodec.WriteParams(w, Params, Max); }
    public static DomainGetJobStatsRet Decode(ref XdrReader r) => new(r.ReadInt(), MessageCodec.ReadParams(ref r, Max));
}

/// <summary>remote_connect_get_all_domain_stats_args (344): doms&lt;REMOTE_DOMAIN_LIST_MAX&gt; (empty = all), stats mask, flags.</summary>
public sealed record ConnectGetAllDomainStatsArgs(RemoteNonnullDomain[] Doms, uint Stats, uint Flags) : IXdrMessage<ConnectGetAllDomainStatsArgs>
{
    public void Encode(XdrWriter w) { MessageCodec.WriteArray(w, Doms, XdrLimits.DomainListMax, "domains"); w.WriteUInt(Stats); w.WriteUInt(Flags); }
    public static ConnectGetAllDomainStatsArgs Decode(ref XdrReader r) =>
        new(MessageCodec.ReadArray<RemoteNonnullDomain>(ref r, XdrLimits.DomainListMax), r.ReadUInt(), r.ReadUInt());
}

/// <summary>remote_domain_stats_record: one domain and its params&lt;REMOTE_CONNECT_GET_ALL_DOMAIN_STATS_MAX&gt;.</summary>
public sealed record DomainStatsRecord(RemoteNonnullDomain Dom, TypedParameter[] Params) : IXdrMessage<DomainStatsRecord>
{
    /// <summary>REMOTE_CONNECT_GET_ALL_DOMAIN_STATS_MAX (262144 in 9.0).</summary>
    public const int Max = 262144;

    public void Encode(XdrWriter w) { Dom.Encode(w); MessageCodec.WriteParams(w, Params, Max); }
    public static DomainStatsRecord Decode(ref XdrReader r) => new(RemoteNonnullDomain.Decode(ref r), MessageCodec.ReadParams(ref r, Max));
}

/// <summary>remote_connect_get_all_domain_stats_ret (344): retStats&lt;REMOTE_DOMAIN_LIST_MAX&gt;.</summary>
public sealed record ConnectGetAllDomainStatsRet(DomainStatsRecord[] RetStats) : IXdrMessage<ConnectGetAllDomainStatsRet>
{
    public void Encode(XdrWriter w) => MessageCodec.WriteArray(w, RetStats, XdrLimits.DomainListMax, "domain stats records");
    public static ConnectGetAllDomainStatsRet Decode(ref XdrReader r) =>
        new(MessageCodec.ReadArray<DomainStatsRecord>(ref r, XdrLimits.DomainListMax));
}
