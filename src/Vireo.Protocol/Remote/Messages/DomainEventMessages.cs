using Vireo.Protocol.Xdr;

namespace Vireo.Protocol.Remote.Messages;

// Domain event messages (remote_protocol.x, libvirt 9.0). Field order = wire order.
// The older events exist in two forms: the legacy message (e.g. remote_domain_event_lifecycle_msg, proc 107) and the
// callback form that wraps it after an int callbackID (remote_domain_event_callback_lifecycle_msg, proc 318).
// Both are modelled: the *Msg record is the legacy struct, the *Callback*Msg record nests it as Msg, so the wire
// order is exactly callbackID, then the legacy fields. Events added later (339, 346, 348, 354, ...) are flat.

/// <summary>remote_domain_event_lifecycle_msg (legacy proc 107; wrapped by 318). Events: DEFINED 0 … CRASHED 8.</summary>
public sealed record DomainEventLifecycleMsg(RemoteNonnullDomain Dom, int Event, int Detail) : IXdrMessage<DomainEventLifecycleMsg>
{
    public void Encode(XdrWriter w) { Dom.Encode(w); w.WriteInt(Event); w.WriteInt(Detail); }
    public static DomainEventLifecycleMsg Decode(ref XdrReader r) => new(RemoteNonnullDomain.Decode(ref r), r.ReadInt(), r.ReadInt());
}

/// <summary>remote_domain_event_callback_lifecycle_msg (318).</summary>
public sealed record DomainEventCallbackLifecycleMsg(int CallbackId, DomainEventLifecycleMsg Msg) : IXdrMessage<DomainEventCallbackLifecycleMsg>
{
    public void Encode(XdrWriter w) { w.WriteInt(CallbackId); Msg.Encode(w); }
    public static DomainEventCallbackLifecycleMsg Decode(ref XdrReader r) => new(r.ReadInt(), DomainEventLifecycleMsg.Decode(ref r));
}

/// <summary>
/// Legacy { remote_nonnull_domain dom; } events: remote_domain_event_reboot_msg, _control_error_msg, _pmwakeup_msg,
/// _pmsuspend_msg, _pmsuspend_disk_msg (all identical).
/// </summary>
public sealed record DomainEventMsg(RemoteNonnullDomain Dom) : IXdrMessage<DomainEventMsg>
{
    public void Encode(XdrWriter w) => Dom.Encode(w);
    public static DomainEventMsg Decode(ref XdrReader r) => new(RemoteNonnullDomain.Decode(ref r));
}

/// <summary>{ int callbackID; { dom } msg; }: remote_domain_event_callback_reboot_msg (319), _control_error_msg (325).</summary>
public sealed record DomainEventCallbackMsg(int CallbackId, DomainEventMsg Msg) : IXdrMessage<DomainEventCallbackMsg>
{
    public void Encode(XdrWriter w) { w.WriteInt(CallbackId); Msg.Encode(w); }
    public static DomainEventCallbackMsg Decode(ref XdrReader r) => new(r.ReadInt(), DomainEventMsg.Decode(ref r));
}

/// <summary>
/// { int callbackID; int reason; { dom } msg; } — note reason sits BEFORE the wrapped message:
/// remote_domain_event_callback_pmwakeup_msg (329), _pmsuspend_msg (330), _pmsuspend_disk_msg (332).
/// </summary>
public sealed record DomainEventCallbackPmMsg(int CallbackId, int Reason, DomainEventMsg Msg) : IXdrMessage<DomainEventCallbackPmMsg>
{
    public void Encode(XdrWriter w) { w.WriteInt(CallbackId); w.WriteInt(Reason); Msg.Encode(w); }
    public static DomainEventCallbackPmMsg Decode(ref XdrReader r) => new(r.ReadInt(), r.ReadInt(), DomainEventMsg.Decode(ref r));
}

/// <summary>remote_domain_event_rtc_change_msg: offset is a signed hyper (seconds).</summary>
public sealed record DomainEventRtcChangeMsg(RemoteNonnullDomain Dom, long Offset) : IXdrMessage<DomainEventRtcChangeMsg>
{
    public void Encode(XdrWriter w) { Dom.Encode(w); w.WriteHyper(Offset); }
    public static DomainEventRtcChangeMsg Decode(ref XdrReader r) => new(RemoteNonnullDomain.Decode(ref r), r.ReadHyper());
}

/// <summary>remote_domain_event_callback_rtc_change_msg (320).</summary>
public sealed record DomainEventCallbackRtcChangeMsg(int CallbackId, DomainEventRtcChangeMsg Msg) : IXdrMessage<DomainEventCallbackRtcChangeMsg>
{
    public void Encode(XdrWriter w) { w.WriteInt(CallbackId); Msg.Encode(w); }
    public static DomainEventCallbackRtcChangeMsg Decode(ref XdrReader r) => new(r.ReadInt(), DomainEventRtcChangeMsg.Decode(ref r));
}

/// <summary>remote_domain_event_watchdog_msg.</summary>
public sealed record DomainEventWatchdogMsg(RemoteNonnullDomain Dom, int Action) : IXdrMessage<DomainEventWatchdogMsg>
{
    public void Encode(XdrWriter w) { Dom.Encode(w); w.WriteInt(Action); }
    public static DomainEventWatchdogMsg Decode(ref XdrReader r) => new(RemoteNonnullDomain.Decode(ref r), r.ReadInt());
}

/// <summary>remote_domain_event_callback_watchdog_msg (321).</summary>
public sealed record DomainEventCallbackWatchdogMsg(int CallbackId, DomainEventWatchdogMsg Msg) : IXdrMessage<DomainEventCallbackWatchdogMsg>
{
    public void Encode(XdrWriter w) { w.WriteInt(CallbackId); Msg.Encode(w); }
    public static DomainEventCallbackWatchdogMsg Decode(ref XdrReader r) => new(r.ReadInt(), DomainEventWatchdogMsg.Decode(ref r));
}

/// <summary>remote_domain_event_io_error_msg.</summary>
public sealed record DomainEventIoErrorMsg(RemoteNonnullDomain Dom, string SrcPath, string DevAlias, int Action) : IXdrMessage<DomainEventIoErrorMsg>
{
    public void Encode(XdrWriter w) { Dom.Encode(w); w.WriteString(SrcPath); w.WriteString(DevAlias); w.WriteInt(Action); }
    public static DomainEventIoErrorMsg Decode(ref XdrReader r) => new(RemoteNonnullDomain.Decode(ref r), r.ReadString(), r.ReadString(), r.ReadInt());
}

/// <summary>remote_domain_event_callback_io_error_msg (322).</summary>
public sealed record DomainEventCallbackIoErrorMsg(int CallbackId, DomainEventIoErrorMsg Msg) : IXdrMessage<DomainEventCallbackIoErrorMsg>
{
    public void Encode(XdrWriter w) { w.WriteInt(CallbackId); Msg.Encode(w); }
    public static DomainEventCallbackIoErrorMsg Decode(ref XdrReader r) => new(r.ReadInt(), DomainEventIoErrorMsg.Decode(ref r));
}

/// <summary>remote_domain_event_io_error_reason_msg.</summary>
public sealed record DomainEventIoErrorReasonMsg(RemoteNonnullDomain Dom, string SrcPath, string DevAlias, int Action, string Reason)
    : IXdrMessage<DomainEventIoErrorReasonMsg>
{
    public void Encode(XdrWriter w) { Dom.Encode(w); w.WriteString(SrcPath); w.WriteString(DevAlias); w.WriteInt(Action); w.WriteString(Reason); }
    public static DomainEventIoErrorReasonMsg Decode(ref XdrReader r) =>
        new(RemoteNonnullDomain.Decode(ref r), r.ReadString(), r.ReadString(), r.ReadInt(), r.ReadString());
}

/// <summary>remote_domain_event_callback_io_error_reason_msg (324).</summary>
public sealed record DomainEventCallbackIoErrorReasonMsg(int CallbackId, DomainEventIoErrorReasonMsg Msg) : IXdrMessage<DomainEventCallbackIoErrorReasonMsg>
{
    public void Encode(XdrWriter w) { w.WriteInt(CallbackId); Msg.Encode(w); }
    public static DomainEventCallbackIoErrorReasonMsg Decode(ref XdrReader r) => new(r.ReadInt(), DomainEventIoErrorReasonMsg.Decode(ref r));
}

/// <summary>remote_domain_event_graphics_address.</summary>
public sealed record DomainEventGraphicsAddress(int Family, string Node, string Service) : IXdrMessage<DomainEventGraphicsAddress>
{
    public void Encode(XdrWriter w) { w.WriteInt(Family); w.WriteString(Node); w.WriteString(Service); }
    public static DomainEventGraphicsAddress Decode(ref XdrReader r) => new(r.ReadInt(), r.ReadString(), r.ReadString());
}

/// <summary>remote_domain_event_graphics_identity.</summary>
public sealed record DomainEventGraphicsIdentity(string Type, string Name) : IXdrMessage<DomainEventGraphicsIdentity>
{
    public void Encode(XdrWriter w) { w.WriteString(Type); w.WriteString(Name); }
    public static DomainEventGraphicsIdentity Decode(ref XdrReader r) => new(r.ReadString(), r.ReadString());
}

/// <summary>remote_domain_event_graphics_msg: subject&lt;REMOTE_DOMAIN_EVENT_GRAPHICS_IDENTITY_MAX&gt;.</summary>
public sealed record DomainEventGraphicsMsg(
    RemoteNonnullDomain Dom, int Phase, DomainEventGraphicsAddress Local, DomainEventGraphicsAddress Remote,
    string AuthScheme, DomainEventGraphicsIdentity[] Subject) : IXdrMessage<DomainEventGraphicsMsg>
{
    public void Encode(XdrWriter w)
    {
        Dom.Encode(w); w.WriteInt(Phase); Local.Encode(w); Remote.Encode(w); w.WriteString(AuthScheme);
        MessageCodec.WriteArray(w, Subject, XdrLimits.DomainEventGraphicsIdentityMax, "graphics identities");
    }

    public static DomainEventGraphicsMsg Decode(ref XdrReader r) => new(
        RemoteNonnullDomain.Decode(ref r), r.ReadInt(), DomainEventGraphicsAddress.Decode(ref r), DomainEventGraphicsAddress.Decode(ref r),
        r.ReadString(), MessageCodec.ReadArray<DomainEventGraphicsIdentity>(ref r, XdrLimits.DomainEventGraphicsIdentityMax));
}

/// <summary>remote_domain_event_callback_graphics_msg (323).</summary>
public sealed record DomainEventCallbackGraphicsMsg(int CallbackId, DomainEventGraphicsMsg Msg) : IXdrMessage<DomainEventCallbackGraphicsMsg>
{
    public void Encode(XdrWriter w) { w.WriteInt(CallbackId); Msg.Encode(w); }
    public static DomainEventCallbackGraphicsMsg Decode(ref XdrReader r) => new(r.ReadInt(), DomainEventGraphicsMsg.Decode(ref r));
}

/// <summary>remote_domain_event_block_job_msg: path is the disk's source path.</summary>
public sealed record DomainEventBlockJobMsg(RemoteNonnullDomain Dom, string Path, int Type, int Status) : IXdrMessage<DomainEventBlockJobMsg>
{
    public void Encode(XdrWriter w) { Dom.Encode(w); w.WriteString(Path); w.WriteInt(Type); w.WriteInt(Status); }
    public static DomainEventBlockJobMsg Decode(ref XdrReader r) => new(RemoteNonnullDomain.Decode(ref r), r.ReadString(), r.ReadInt(), r.ReadInt());
}

/// <summary>remote_domain_event_callback_block_job_msg (326).</summary>
public sealed record DomainEventCallbackBlockJobMsg(int CallbackId, DomainEventBlockJobMsg Msg) : IXdrMessage<DomainEventCallbackBlockJobMsg>
{
    public void Encode(XdrWriter w) { w.WriteInt(CallbackId); Msg.Encode(w); }
    public static DomainEventCallbackBlockJobMsg Decode(ref XdrReader r) => new(r.ReadInt(), DomainEventBlockJobMsg.Decode(ref r));
}

/// <summary>remote_domain_event_block_job_2_msg (339): flat, dst is the disk target (e.g. "vda").</summary>
public sealed record DomainEventBlockJob2Msg(int CallbackId, RemoteNonnullDomain Dom, string Dst, int Type, int Status) : IXdrMessage<DomainEventBlockJob2Msg>
{
    public void Encode(XdrWriter w) { w.WriteInt(CallbackId); Dom.Encode(w); w.WriteString(Dst); w.WriteInt(Type); w.WriteInt(Status); }
    public static DomainEventBlockJob2Msg Decode(ref XdrReader r) =>
        new(r.ReadInt(), RemoteNonnullDomain.Decode(ref r), r.ReadString(), r.ReadInt(), r.ReadInt());
}

/// <summary>remote_domain_event_disk_change_msg: old/new source paths are optional.</summary>
public sealed record DomainEventDiskChangeMsg(RemoteNonnullDomain Dom, string? OldSrcPath, string? NewSrcPath, string DevAlias, int Reason)
    : IXdrMessage<DomainEventDiskChangeMsg>
{
    public void Encode(XdrWriter w)
    {
        Dom.Encode(w); w.WriteOptionalString(OldSrcPath); w.WriteOptionalString(NewSrcPath); w.WriteString(DevAlias); w.WriteInt(Reason);
    }

    public static DomainEventDiskChangeMsg Decode(ref XdrReader r) =>
        new(RemoteNonnullDomain.Decode(ref r), r.ReadOptionalString(), r.ReadOptionalString(), r.ReadString(), r.ReadInt());
}

/// <summary>remote_domain_event_callback_disk_change_msg (327).</summary>
public sealed record DomainEventCallbackDiskChangeMsg(int CallbackId, DomainEventDiskChangeMsg Msg) : IXdrMessage<DomainEventCallbackDiskChangeMsg>
{
    public void Encode(XdrWriter w) { w.WriteInt(CallbackId); Msg.Encode(w); }
    public static DomainEventCallbackDiskChangeMsg Decode(ref XdrReader r) => new(r.ReadInt(), DomainEventDiskChangeMsg.Decode(ref r));
}

/// <summary>remote_domain_event_tray_change_msg: reason 0 = opened, 1 = closed.</summary>
public sealed record DomainEventTrayChangeMsg(RemoteNonnullDomain Dom, string DevAlias, int Reason) : IXdrMessage<DomainEventTrayChangeMsg>
{
    public void Encode(XdrWriter w) { Dom.Encode(w); w.WriteString(DevAlias); w.WriteInt(Reason); }
    public static DomainEventTrayChangeMsg Decode(ref XdrReader r) => new(RemoteNonnullDomain.Decode(ref r), r.ReadString(), r.ReadInt());
}

/// <summary>remote_domain_event_callback_tray_change_msg (328).</summary>
public sealed record DomainEventCallbackTrayChangeMsg(int CallbackId, DomainEventTrayChangeMsg Msg) : IXdrMessage<DomainEventCallbackTrayChangeMsg>
{
    public void Encode(XdrWriter w) { w.WriteInt(CallbackId); Msg.Encode(w); }
    public static DomainEventCallbackTrayChangeMsg Decode(ref XdrReader r) => new(r.ReadInt(), DomainEventTrayChangeMsg.Decode(ref r));
}

/// <summary>remote_domain_event_balloon_change_msg: actual balloon size in KiB.</summary>
public sealed record DomainEventBalloonChangeMsg(RemoteNonnullDomain Dom, ulong Actual) : IXdrMessage<DomainEventBalloonChangeMsg>
{
    public void Encode(XdrWriter w) { Dom.Encode(w); w.WriteUHyper(Actual); }
    public static DomainEventBalloonChangeMsg Decode(ref XdrReader r) => new(RemoteNonnullDomain.Decode(ref r), r.ReadUHyper());
}

/// <summary>remote_domain_event_callback_balloon_change_msg (331).</summary>
public sealed record DomainEventCallbackBalloonChangeMsg(int CallbackId, DomainEventBalloonChangeMsg Msg) : IXdrMessage<DomainEventCallbackBalloonChangeMsg>
{
    public void Encode(XdrWriter w) { w.WriteInt(CallbackId); Msg.Encode(w); }
    public static DomainEventCallbackBalloonChangeMsg Decode(ref XdrReader r) => new(r.ReadInt(), DomainEventBalloonChangeMsg.Decode(ref r));
}

/// <summary>remote_domain_event_device_removed_msg.</summary>
public sealed record DomainEventDeviceRemovedMsg(RemoteNonnullDomain Dom, string DevAlias) : IXdrMessage<DomainEventDeviceRemovedMsg>
{
    public void Encode(XdrWriter w) { Dom.Encode(w); w.WriteString(DevAlias); }
    public static DomainEventDeviceRemovedMsg Decode(ref XdrReader r) => new(RemoteNonnullDomain.Decode(ref r), r.ReadString());
}

/// <summary>remote_domain_event_callback_device_removed_msg (333).</summary>
public sealed record DomainEventCallbackDeviceRemovedMsg(int CallbackId, DomainEventDeviceRemovedMsg Msg) : IXdrMessage<DomainEventCallbackDeviceRemovedMsg>
{
    public void Encode(XdrWriter w) { w.WriteInt(CallbackId); Msg.Encode(w); }
    public static DomainEventCallbackDeviceRemovedMsg Decode(ref XdrReader r) => new(r.ReadInt(), DomainEventDeviceRemovedMsg.Decode(ref r));
}

/// <summary>
/// Flat { int callbackID; dom; remote_nonnull_string devAlias; }: remote_domain_event_callback_device_added_msg (354),
/// remote_domain_event_callback_device_removal_failed_msg (367).
/// </summary>
public sealed record DomainEventCallbackDeviceAddedMsg(int CallbackId, RemoteNonnullDomain Dom, string DevAlias) : IXdrMessage<DomainEventCallbackDeviceAddedMsg>
{
    public void Encode(XdrWriter w) { w.WriteInt(CallbackId); Dom.Encode(w); w.WriteString(DevAlias); }
    public static DomainEventCallbackDeviceAddedMsg Decode(ref XdrReader r) => new(r.ReadInt(), RemoteNonnullDomain.Decode(ref r), r.ReadString());
}

/// <summary>remote_domain_event_callback_tunable_msg (346): params&lt;REMOTE_DOMAIN_EVENT_TUNABLE_MAX&gt;.</summary>
public sealed record DomainEventCallbackTunableMsg(int CallbackId, RemoteNonnullDomain Dom, TypedParameter[] Params) : IXdrMessage<DomainEventCallbackTunableMsg>
{
    /// <summary>REMOTE_DOMAIN_EVENT_TUNABLE_MAX.</summary>
    public const int Max = 2048;

    public void Encode(XdrWriter w) { w.WriteInt(CallbackId); Dom.Encode(w); MessageCodec.WriteParams(w, Params, Max); }
    public static DomainEventCallbackTunableMsg Decode(ref XdrReader r) =>
        new(r.ReadInt(), RemoteNonnullDomain.Decode(ref r), MessageCodec.ReadParams(ref r, Max));
}

/// <summary>remote_domain_event_callback_agent_lifecycle_msg (348): state 1 connected / 2 disconnected.</summary>
public sealed record DomainEventCallbackAgentLifecycleMsg(int CallbackId, RemoteNonnullDomain Dom, int State, int Reason)
    : IXdrMessage<DomainEventCallbackAgentLifecycleMsg>
{
    public void Encode(XdrWriter w) { w.WriteInt(CallbackId); Dom.Encode(w); w.WriteInt(State); w.WriteInt(Reason); }
    public static DomainEventCallbackAgentLifecycleMsg Decode(ref XdrReader r) =>
        new(r.ReadInt(), RemoteNonnullDomain.Decode(ref r), r.ReadInt(), r.ReadInt());
}

/// <summary>remote_domain_event_callback_migration_iteration_msg (359).</summary>
public sealed record DomainEventCallbackMigrationIterationMsg(int CallbackId, RemoteNonnullDomain Dom, int Iteration)
    : IXdrMessage<DomainEventCallbackMigrationIterationMsg>
{
    public void Encode(XdrWriter w) { w.WriteInt(CallbackId); Dom.Encode(w); w.WriteInt(Iteration); }
    public static DomainEventCallbackMigrationIterationMsg Decode(ref XdrReader r) => new(r.ReadInt(), RemoteNonnullDomain.Decode(ref r), r.ReadInt());
}

/// <summary>remote_domain_event_callback_job_completed_msg (363): params&lt;REMOTE_DOMAIN_JOB_STATS_MAX&gt;.</summary>
public sealed record DomainEventCallbackJobCompletedMsg(int CallbackId, RemoteNonnullDomain Dom, TypedParameter[] Params)
    : IXdrMessage<DomainEventCallbackJobCompletedMsg>
{
    public void Encode(XdrWriter w) { w.WriteInt(CallbackId); Dom.Encode(w); MessageCodec.WriteParams(w, Params, DomainGetJobStatsRet.Max); }
    public static DomainEventCallbackJobCompletedMsg Decode(ref XdrReader r) =>
        new(r.ReadInt(), RemoteNonnullDomain.Decode(ref r), MessageCodec.ReadParams(ref r, DomainGetJobStatsRet.Max));
}

/// <summary>remote_domain_event_callback_metadata_change_msg (379): type = virDomainMetadataType, nsuri optional.</summary>
public sealed record DomainEventCallbackMetadataChangeMsg(int CallbackId, RemoteNonnullDomain Dom, int Type, string? Nsuri)
    : IXdrMessage<DomainEventCallbackMetadataChangeMsg>
{
    public void Encode(XdrWriter w) { w.WriteInt(CallbackId); Dom.Encode(w); w.WriteInt(Type); w.WriteOptionalString(Nsuri); }
    public static DomainEventCallbackMetadataChangeMsg Decode(ref XdrReader r) =>
        new(r.ReadInt(), RemoteNonnullDomain.Decode(ref r), r.ReadInt(), r.ReadOptionalString());
}

/// <summary>remote_domain_event_block_threshold_msg (385): path optional.</summary>
public sealed record DomainEventBlockThresholdMsg(int CallbackId, RemoteNonnullDomain Dom, string Dev, string? Path, ulong Threshold, ulong Excess)
    : IXdrMessage<DomainEventBlockThresholdMsg>
{
    public void Encode(XdrWriter w)
    {
        w.WriteInt(CallbackId); Dom.Encode(w); w.WriteString(Dev); w.WriteOptionalString(Path); w.WriteUHyper(Threshold); w.WriteUHyper(Excess);
    }

    public static DomainEventBlockThresholdMsg Decode(ref XdrReader r) =>
        new(r.ReadInt(), RemoteNonnullDomain.Decode(ref r), r.ReadString(), r.ReadOptionalString(), r.ReadUHyper(), r.ReadUHyper());
}

/// <summary>remote_domain_event_memory_failure_msg (423).</summary>
public sealed record DomainEventMemoryFailureMsg(int CallbackId, RemoteNonnullDomain Dom, int Recipient, int Action, uint Flags)
    : IXdrMessage<DomainEventMemoryFailureMsg>
{
    public void Encode(XdrWriter w) { w.WriteInt(CallbackId); Dom.Encode(w); w.WriteInt(Recipient); w.WriteInt(Action); w.WriteUInt(Flags); }
    public static DomainEventMemoryFailureMsg Decode(ref XdrReader r) =>
        new(r.ReadInt(), RemoteNonnullDomain.Decode(ref r), r.ReadInt(), r.ReadInt(), r.ReadUInt());
}

/// <summary>remote_domain_event_memory_device_size_change_msg (438): size in KiB.</summary>
public sealed record DomainEventMemoryDeviceSizeChangeMsg(int CallbackId, RemoteNonnullDomain Dom, string Alias, ulong Size)
    : IXdrMessage<DomainEventMemoryDeviceSizeChangeMsg>
{
    public void Encode(XdrWriter w) { w.WriteInt(CallbackId); Dom.Encode(w); w.WriteString(Alias); w.WriteUHyper(Size); }
    public static DomainEventMemoryDeviceSizeChangeMsg Decode(ref XdrReader r) =>
        new(r.ReadInt(), RemoteNonnullDomain.Decode(ref r), r.ReadString(), r.ReadUHyper());
}
