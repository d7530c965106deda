using Vireo.Protocol.Xdr;

namespace Vireo.Protocol.Remote.Messages;

// Domain life-cycle and configuration procedures with simple argument shapes (remote_protocol.x, libvirt 9.0).
// Field order = wire order. Procedures whose args are just {dom} or {dom, flags} use DomainArgs / DomainFlagsArgs:
//   DomainArgs: 9 create, 12 destroy, 15 get_autostart, 16 get_info, 17 get_max_memory, 18 get_max_vcpus,
//     19 get_os_type, 28 resume, 33 shutdown, 34 suspend, 35 undefine, 56 get_scheduler_type, 121 get_security_label,
//     150 is_active, 151 is_persistent, 163 get_job_info.
//   DomainFlagsArgs: 14 get_xml_desc, 27 reboot, 182 managed_save, 183 has_managed_save_image,
//     184 managed_save_remove, 187 snapshot_num, 190 has_current_snapshot, 191 snapshot_current,
//     196 create_with_flags, 200 get_vcpus_flags, 212 get_state, 231 undefine_flags, 234 destroy_flags,
//     245 reset, 258 shutdown_flags, 298 get_job_stats, 426 get_messages.

/// <summary>Args { dom; remote_nonnull_string xml; }: domain_attach_device (8), domain_detach_device (13).</summary>
public sealed record DomainXmlArgs(RemoteNonnullDomain Dom, string Xml) : IXdrMessage<DomainXmlArgs>
{
    public void Encode(XdrWriter w) { Dom.Encode(w); w.WriteString(Xml); }
    public static DomainXmlArgs Decode(ref XdrReader r) => new(RemoteNonnullDomain.Decode(ref r), r.ReadString());
}

/// <summary>
/// Args { dom; remote_nonnull_string xml; unsigned int flags; }: domain_attach_device_flags (160),
/// domain_detach_device_flags (161), domain_snapshot_create_xml (185, field xml_desc).
/// </summary>
public sealed record DomainXmlFlagsArgs(RemoteNonnullDomain Dom, string Xml, uint Flags) : IXdrMessage<DomainXmlFlagsArgs>
{
    public void Encode(XdrWriter w) { Dom.Encode(w); w.WriteString(Xml); w.WriteUInt(Flags); }
    public static DomainXmlFlagsArgs Decode(ref XdrReader r) => new(RemoteNonnullDomain.Decode(ref r), r.ReadString(), r.ReadUInt());
}

/// <summary>
/// Args { dom; remote_nonnull_string s; }: domain_save (55) {to}, domain_block_stats (64) {path},
/// domain_interface_stats (65) {device}.
/// </summary>
public sealed record DomainStringArgs(RemoteNonnullDomain Dom, string Value) : IXdrMessage<DomainStringArgs>
{
    public void Encode(XdrWriter w) { Dom.Encode(w); w.WriteString(Value); }
    public static DomainStringArgs Decode(ref XdrReader r) => new(RemoteNonnullDomain.Decode(ref r), r.ReadString());
}

/// <summary>Args { dom; int autostart; }: domain_set_autostart (29).</summary>
public sealed record DomainSetAutostartArgs(RemoteNonnullDomain Dom, int Autostart) : IXdrMessage<DomainSetAutostartArgs>
{
    public void Encode(XdrWriter w) { Dom.Encode(w); w.WriteInt(Autostart); }
    public static DomainSetAutostartArgs Decode(ref XdrReader r) => new(RemoteNonnullDomain.Decode(ref r), r.ReadInt());
}

/// <summary>Args { dom; unsigned hyper memory; } (KiB): domain_set_max_memory (30), domain_set_memory (31).</summary>
public sealed record DomainSetMemoryArgs(RemoteNonnullDomain Dom, ulong Memory) : IXdrMessage<DomainSetMemoryArgs>
{
    public void Encode(XdrWriter w) { Dom.Encode(w); w.WriteUHyper(Memory); }
    public static DomainSetMemoryArgs Decode(ref XdrReader r) => new(RemoteNonnullDomain.Decode(ref r), r.ReadUHyper());
}

/// <summary>remote_domain_set_memory_flags_args (204).</summary>
public sealed record DomainSetMemoryFlagsArgs(RemoteNonnullDomain Dom, ulong Memory, uint Flags) : IXdrMessage<DomainSetMemoryFlagsArgs>
{
    public void Encode(XdrWriter w) { Dom.Encode(w); w.WriteUHyper(Memory); w.WriteUInt(Flags); }
    public static DomainSetMemoryFlagsArgs Decode(ref XdrReader r) => new(RemoteNonnullDomain.Decode(ref r), r.ReadUHyper(), r.ReadUInt());
}

/// <summary>remote_domain_set_vcpus_args (32).</summary>
public sealed record DomainSetVcpusArgs(RemoteNonnullDomain Dom, uint Nvcpus) : IXdrMessage<DomainSetVcpusArgs>
{
    public void Encode(XdrWriter w) { Dom.Encode(w); w.WriteUInt(Nvcpus); }
    public static DomainSetVcpusArgs Decode(ref XdrReader r) => new(RemoteNonnullDomain.Decode(ref r), r.ReadUInt());
}

/// <summary>remote_domain_set_vcpus_flags_args (199).</summary>
public sealed record DomainSetVcpusFlagsArgs(RemoteNonnullDomain Dom, uint Nvcpus, uint Flags) : IXdrMessage<DomainSetVcpusFlagsArgs>
{
    public void Encode(XdrWriter w) { Dom.Encode(w); w.WriteUInt(Nvcpus); w.WriteUInt(Flags); }
    public static DomainSetVcpusFlagsArgs Decode(ref XdrReader r) => new(RemoteNonnullDomain.Decode(ref r), r.ReadUInt(), r.ReadUInt());
}

/// <summary>remote_domain_pin_vcpu_args (26): opaque cpumap&lt;REMOTE_CPUMAP_MAX&gt;.</summary>
public sealed record DomainPinVcpuArgs(RemoteNonnullDomain Dom, uint Vcpu, byte[] Cpumap) : IXdrMessage<DomainPinVcpuArgs>
{
    public void Encode(XdrWriter w) { Dom.Encode(w); w.WriteUInt(Vcpu); MessageCodec.WriteOpaque(w, Cpumap, XdrLimits.CpumapMax, "cpumap"); }
    public static DomainPinVcpuArgs Decode(ref XdrReader r) => new(RemoteNonnullDomain.Decode(ref r), r.ReadUInt(), r.ReadOpaque(XdrLimits.CpumapMax));
}

/// <summary>remote_domain_pin_vcpu_flags_args (225).</summary>
public sealed record DomainPinVcpuFlagsArgs(RemoteNonnullDomain Dom, uint Vcpu, byte[] Cpumap, uint Flags) : IXdrMessage<DomainPinVcpuFlagsArgs>
{
    public void Encode(XdrWriter w)
    {
        Dom.Encode(w); w.WriteUInt(Vcpu); MessageCodec.WriteOpaque(w, Cpumap, XdrLimits.CpumapMax, "cpumap"); w.WriteUInt(Flags);
    }

    public static DomainPinVcpuFlagsArgs Decode(ref XdrReader r) =>
        new(RemoteNonnullDomain.Decode(ref r), r.ReadUInt(), r.ReadOpaque(XdrLimits.CpumapMax), r.ReadUInt());
}

/// <summary>remote_domain_save_flags_args (232): optional replacement XML.</summary>
public sealed record DomainSaveFlagsArgs(RemoteNonnullDomain Dom, string To, string? Dxml, uint Flags) : IXdrMessage<DomainSaveFlagsArgs>
{
    public void Encode(XdrWriter w) { Dom.Encode(w); w.WriteString(To); w.WriteOptionalString(Dxml); w.WriteUInt(Flags); }
    public static DomainSaveFlagsArgs Decode(ref XdrReader r) =>
        new(RemoteNonnullDomain.Decode(ref r), r.ReadString(), r.ReadOptionalString(), r.ReadUInt());
}

/// <summary>remote_domain_restore_flags_args (233).</summary>
public sealed record DomainRestoreFlagsArgs(string From, string? Dxml, uint Flags) : IXdrMessage<DomainRestoreFlagsArgs>
{
    public void Encode(XdrWriter w) { w.WriteString(From); w.WriteOptionalString(Dxml); w.WriteUInt(Flags); }
    public static DomainRestoreFlagsArgs Decode(ref XdrReader r) => new(r.ReadString(), r.ReadOptionalString(), r.ReadUInt());
}

/// <summary>remote_domain_open_console_args (201, read stream): dev_name NULL = first console.</summary>
public sealed record DomainOpenConsoleArgs(RemoteNonnullDomain Dom, string? DevName, uint Flags) : IXdrMessage<DomainOpenConsoleArgs>
{
    public void Encode(XdrWriter w) { Dom.Encode(w); w.WriteOptionalString(DevName); w.WriteUInt(Flags); }
    public static DomainOpenConsoleArgs Decode(ref XdrReader r) => new(RemoteNonnullDomain.Decode(ref r), r.ReadOptionalString(), r.ReadUInt());
}

/// <summary>remote_domain_open_channel_args (296, read stream): same wire shape as open_console, field "name".</summary>
public sealed record DomainOpenChannelArgs(RemoteNonnullDomain Dom, string? Name, uint Flags) : IXdrMessage<DomainOpenChannelArgs>
{
    public void Encode(XdrWriter w) { Dom.Encode(w); w.WriteOptionalString(Name); w.WriteUInt(Flags); }
    public static DomainOpenChannelArgs Decode(ref XdrReader r) => new(RemoteNonnullDomain.Decode(ref r), r.ReadOptionalString(), r.ReadUInt());
}

/// <summary>remote_domain_screenshot_args (211, read stream).</summary>
public sealed record DomainScreenshotArgs(RemoteNonnullDomain Dom, uint Screen, uint Flags) : IXdrMessage<DomainScreenshotArgs>
{
    public void Encode(XdrWriter w) { Dom.Encode(w); w.WriteUInt(Screen); w.WriteUInt(Flags); }
    public static DomainScreenshotArgs Decode(ref XdrReader r) => new(RemoteNonnullDomain.Decode(ref r), r.ReadUInt(), r.ReadUInt());
}

/// <summary>remote_domain_screenshot_ret (211): the MIME type of the image that follows on the stream (optional string).</summary>
public sealed record DomainScreenshotRet(string? Mime) : IXdrMessage<DomainScreenshotRet>
{
    public void Encode(XdrWriter w) => w.WriteOptionalString(Mime);
    public static DomainScreenshotRet Decode(ref XdrReader r) => new(r.ReadOptionalString());
}
