using Vireo.Protocol.Xdr;

namespace Vireo.Protocol.Remote.Messages;

// Network procedures (remote_protocol.x, libvirt 9.0). Field order = wire order.
// 40 create_xml / 41 define_xml / 46 lookup_by_name args = StringArgs; 47 lookup_by_uuid = UuidArgs;
// 432 define_xml_flags / 437 create_xml_flags args = XmlFlagsArgs; 36/38 legacy lists = MaxNamesArgs → NameListRet;
// 50/52 num_of_* and 44/152/153 ret = IntRet; 43/45 ret = StringRet; 283 args = ConnectListAllArgs.

/// <summary>
/// Args { remote_nonnull_network net; }: network_create (39), network_destroy (42), network_get_autostart (44),
/// network_get_bridge_name (45), network_undefine (49), network_is_active (152), network_is_persistent (153).
/// </summary>
public sealed record NetworkArgs(RemoteNonnullNetwork Net) : IXdrMessage<NetworkArgs>
{
    public void Encode(XdrWriter w) => Net.Encode(w);
    public static NetworkArgs Decode(ref XdrReader r) => new(RemoteNonnullNetwork.Decode(ref r));
}

/// <summary>Args { net; unsigned int flags; }: network_get_xml_desc (43).</summary>
public sealed record NetworkFlagsArgs(RemoteNonnullNetwork Net, uint Flags) : IXdrMessage<NetworkFlagsArgs>
{
    public void Encode(XdrWriter w) { Net.Encode(w); w.WriteUInt(Flags); }
    public static NetworkFlagsArgs Decode(ref XdrReader r) => new(RemoteNonnullNetwork.Decode(ref r), r.ReadUInt());
}

/// <summary>
/// Ret { remote_nonnull_network net; }: network_create_xml (40), network_define_xml (41), network_lookup_by_name (46),
/// network_lookup_by_uuid (47), network_define_xml_flags (432), network_create_xml_flags (437).
/// </summary>
public sealed record NetworkRet(RemoteNonnullNetwork Net) : IXdrMessage<NetworkRet>
{
    public void Encode(XdrWriter w) => Net.Encode(w);
    public static NetworkRet Decode(ref XdrReader r) => new(RemoteNonnullNetwork.Decode(ref r));
}

/// <summary>remote_network_set_autostart_args (48).</summary>
public sealed record NetworkSetAutostartArgs(RemoteNonnullNetwork Net, int Autostart) : IXdrMessage<NetworkSetAutostartArgs>
{
    public void Encode(XdrWriter w) { Net.Encode(w); w.WriteInt(Autostart); }
    public static NetworkSetAutostartArgs Decode(ref XdrReader r) => new(RemoteNonnullNetwork.Decode(ref r), r.ReadInt());
}

/// <summary>remote_network_update_args (291): command / section are virNetworkUpdateCommand / Section, parentIndex -1 = any.</summary>
public sealed record NetworkUpdateArgs(RemoteNonnullNetwork Net, uint Command, uint Section, int ParentIndex, string Xml, uint Flags)
    : IXdrMessage<NetworkUpdateArgs>
{
    public void Encode(XdrWriter w)
    {
        Net.Encode(w); w.WriteUInt(Command); w.WriteUInt(Section); w.WriteInt(ParentIndex); w.WriteString(Xml); w.WriteUInt(Flags);
    }

    public static NetworkUpdateArgs Decode(ref XdrReader r) =>
        new(RemoteNonnullNetwork.Decode(ref r), r.ReadUInt(), r.ReadUInt(), r.ReadInt(), r.ReadString(), r.ReadUInt());
}

/// <summary>remote_connect_list_all_networks_ret (283): nets&lt;REMOTE_NETWORK_LIST_MAX&gt; and the count.</summary>
public sealed record ConnectListAllNetworksRet(RemoteNonnullNetwork[] Nets, uint Ret) : IXdrMessage<ConnectListAllNetworksRet>
{
    public void Encode(XdrWriter w) { MessageCodec.WriteArray(w, Nets, XdrLimits.NetworkListMax, "networks"); w.WriteUInt(Ret); }
    public static ConnectListAllNetworksRet Decode(ref XdrReader r) =>
        new(MessageCodec.ReadArray<RemoteNonnullNetwork>(ref r, XdrLimits.NetworkListMax), r.ReadUInt());
}

/// <summary>remote_network_get_dhcp_leases_args (341): optional MAC filter.</summary>
public sealed record NetworkGetDhcpLeasesArgs(RemoteNonnullNetwork Net, string? Mac, int NeedResults, uint Flags) : IXdrMessage<NetworkGetDhcpLeasesArgs>
{
    public void Encode(XdrWriter w) { Net.Encode(w); w.WriteOptionalString(Mac); w.WriteInt(NeedResults); w.WriteUInt(Flags); }
    public static NetworkGetDhcpLeasesArgs Decode(ref XdrReader r) =>
        new(RemoteNonnullNetwork.Decode(ref r), r.ReadOptionalString(), r.ReadInt(), r.ReadUInt());
}

/// <summary>
/// remote_network_dhcp_lease: expirytime is a signed hyper (seconds since the epoch), type 0 = IPv4, 1 = IPv6;
/// mac, iaid, hostname, clientid are optional strings.
/// </summary>
public sealed record NetworkDhcpLease(
    string Iface, long Expirytime, int Type, string? Mac, string? Iaid, string Ipaddr, uint Prefix, string? Hostname, string? Clientid)
    : IXdrMessage<NetworkDhcpLease>
{
    public void Encode(XdrWriter w)
    {
        w.WriteString(Iface); w.WriteHyper(Expirytime); w.WriteInt(Type);
        w.WriteOptionalString(Mac); w.WriteOptionalString(Iaid);
        w.WriteString(Ipaddr); w.WriteUInt(Prefix);
        w.WriteOptionalString(Hostname); w.WriteOptionalString(Clientid);
    }

    public static NetworkDhcpLease Decode(ref XdrReader r) => new(
        r.ReadString(), r.ReadHyper(), r.ReadInt(),
        r.ReadOptionalString(), r.ReadOptionalString(),
        r.ReadString(), r.ReadUInt(),
        r.ReadOptionalString(), r.ReadOptionalString());
}

/// <summary>remote_network_get_dhcp_leases_ret (341): leases&lt;REMOTE_NETWORK_DHCP_LEASES_MAX&gt; and the count.</summary>
public sealed record NetworkGetDhcpLeasesRet(NetworkDhcpLease[] Leases, uint Ret) : IXdrMessage<NetworkGetDhcpLeasesRet>
{
    public void Encode(XdrWriter w) { MessageCodec.WriteArray(w, Leases, XdrLimits.NetworkDhcpLeasesMax, "dhcp leases"); w.WriteUInt(Ret); }
    public static NetworkGetDhcpLeasesRet Decode(ref XdrReader r) =>
        new(MessageCodec.ReadArray<NetworkDhcpLease>(ref r, XdrLimits.NetworkDhcpLeasesMax), r.ReadUInt());
}
