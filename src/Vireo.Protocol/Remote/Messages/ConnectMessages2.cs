using Vireo.Protocol.Xdr;

namespace Vireo.Protocol.Remote.Messages;

// Connection- and node-level procedures beyond the open sequence (remote_protocol.x, libvirt 9.0).
// Field order = wire order.

/// <summary>remote_connect_get_max_vcpus_args (5): optional hypervisor type (NULL allowed). Ret: <see cref="IntRet"/>.</summary>
public sealed record ConnectGetMaxVcpusArgs(string? Type) : IXdrMessage<ConnectGetMaxVcpusArgs>
{
    public void Encode(XdrWriter w) => w.WriteOptionalString(Type);
    public static ConnectGetMaxVcpusArgs Decode(ref XdrReader r) => new(r.ReadOptionalString());
}

/// <summary>remote_connect_list_domains_ret (37): ids of running domains, int ids&lt;REMOTE_DOMAIN_LIST_MAX&gt;.</summary>
public sealed record ConnectListDomainsRet(int[] Ids) : IXdrMessage<ConnectListDomainsRet>
{
    public void Encode(XdrWriter w) => MessageCodec.WriteInts(w, Ids, XdrLimits.DomainListMax, "domain ids");
    public static ConnectListDomainsRet Decode(ref XdrReader r) => new(MessageCodec.ReadInts(ref r, XdrLimits.DomainListMax));
}

/// <summary>
/// remote_node_get_security_model_ret (122): <c>char model&lt;257&gt;; char doi&lt;257&gt;</c>, each char 4 bytes,
/// NUL included (libvirtd sends "none" as count 5, "" as count 1). The strings here exclude the NUL.
/// </summary>
public sealed record NodeGetSecurityModelRet(string Model, string Doi) : IXdrMessage<NodeGetSecurityModelRet>
{
    public void Encode(XdrWriter w)
    {
        MessageCodec.WriteCharString(w, Model, XdrLimits.SecurityModelMax, "security model");
        MessageCodec.WriteCharString(w, Doi, XdrLimits.SecurityDoiMax, "security doi");
    }

    public static NodeGetSecurityModelRet Decode(ref XdrReader r) =>
        new(MessageCodec.ReadCharString(ref r, XdrLimits.SecurityModelMax), MessageCodec.ReadCharString(ref r, XdrLimits.SecurityDoiMax));
}

/// <summary>remote_connect_list_all_domains_ret (273): domains&lt;REMOTE_DOMAIN_LIST_MAX&gt; and the count. Args: <see cref="ConnectListAllArgs"/>.</summary>
public sealed record ConnectListAllDomainsRet(RemoteNonnullDomain[] Domains, uint Ret) : IXdrMessage<ConnectListAllDomainsRet>
{
    public void Encode(XdrWriter w) { MessageCodec.WriteArray(w, Domains, XdrLimits.DomainListMax, "domains"); w.WriteUInt(Ret); }
    public static ConnectListAllDomainsRet Decode(ref XdrReader r) =>
        new(MessageCodec.ReadArray<RemoteNonnullDomain>(ref r, XdrLimits.DomainListMax), r.ReadUInt());
}

/// <summary>remote_connect_list_all_node_devices_ret (285): devices&lt;REMOTE_NODE_DEVICE_LIST_MAX&gt; and the count.</summary>
public sealed record ConnectListAllNodeDevicesRet(RemoteNonnullNodeDevice[] Devices, uint Ret) : IXdrMessage<ConnectListAllNodeDevicesRet>
{
    public void Encode(XdrWriter w) { MessageCodec.WriteArray(w, Devices, XdrLimits.NodeDeviceListMax, "node devices"); w.WriteUInt(Ret); }
    public static ConnectListAllNodeDevicesRet Decode(ref XdrReader r) =>
        new(MessageCodec.ReadArray<RemoteNonnullNodeDevice>(ref r, XdrLimits.NodeDeviceListMax), r.ReadUInt());
}

/// <summary>remote_node_get_cpu_map_args (293): virsh sends need_map=0 need_online=0 to just count CPUs.</summary>
public sealed record NodeGetCpuMapArgs(int NeedMap, int NeedOnline, uint Flags) : IXdrMessage<NodeGetCpuMapArgs>
{
    public void Encode(XdrWriter w) { w.WriteInt(NeedMap); w.WriteInt(NeedOnline); w.WriteUInt(Flags); }
    public static NodeGetCpuMapArgs Decode(ref XdrReader r) => new(r.ReadInt(), r.ReadInt(), r.ReadUInt());
}

/// <summary>remote_node_get_cpu_map_ret (293): opaque cpumap&lt;REMOTE_CPUMAP_MAX&gt;, online count, ret = number of CPUs.</summary>
public sealed record NodeGetCpuMapRet(byte[] Cpumap, uint Online, int Ret) : IXdrMessage<NodeGetCpuMapRet>
{
    public void Encode(XdrWriter w) { MessageCodec.WriteOpaque(w, Cpumap, XdrLimits.CpumapMax, "cpumap"); w.WriteUInt(Online); w.WriteInt(Ret); }
    public static NodeGetCpuMapRet Decode(ref XdrReader r) => new(r.ReadOpaque(XdrLimits.CpumapMax), r.ReadUInt(), r.ReadInt());
}

/// <summary>
/// remote_connect_get_domain_capabilities_args (342): four optional strings then flags (virt-install sends
/// all four NULL, or emulatorbin/arch/machine/virttype). Ret: <see cref="StringRet"/>.
/// </summary>
public sealed record ConnectGetDomainCapabilitiesArgs(string? Emulatorbin, string? Arch, string? Machine, string? Virttype, uint Flags)
    : IXdrMessage<ConnectGetDomainCapabilitiesArgs>
{
    public void Encode(XdrWriter w)
    {
        w.WriteOptionalString(Emulatorbin); w.WriteOptionalString(Arch);
        w.WriteOptionalString(Machine); w.WriteOptionalString(Virttype); w.WriteUInt(Flags);
    }

    public static ConnectGetDomainCapabilitiesArgs Decode(ref XdrReader r) =>
        new(r.ReadOptionalString(), r.ReadOptionalString(), r.ReadOptionalString(), r.ReadOptionalString(), r.ReadUInt());
}

/// <summary>remote_node_get_cells_free_memory_args (101).</summary>
public sealed record NodeGetCellsFreeMemoryArgs(int StartCell, int Maxcells) : IXdrMessage<NodeGetCellsFreeMemoryArgs>
{
    public void Encode(XdrWriter w) { w.WriteInt(StartCell); w.WriteInt(Maxcells); }
    public static NodeGetCellsFreeMemoryArgs Decode(ref XdrReader r) => new(r.ReadInt(), r.ReadInt());
}

/// <summary>remote_node_get_cells_free_memory_ret (101): unsigned hyper cells&lt;REMOTE_NODE_MAX_CELLS&gt; (bytes).</summary>
public sealed record NodeGetCellsFreeMemoryRet(ulong[] Cells) : IXdrMessage<NodeGetCellsFreeMemoryRet>
{
    /// <summary>REMOTE_NODE_MAX_CELLS.</summary>
    private const int NodeMaxCells = 1024;

    public void Encode(XdrWriter w) => MessageCodec.WriteUHypers(w, Cells, NodeMaxCells, "cells");
    public static NodeGetCellsFreeMemoryRet Decode(ref XdrReader r) => new(MessageCodec.ReadUHypers(ref r, NodeMaxCells));
}
