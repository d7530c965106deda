using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Xml.Linq;
using Vireo.Model.Identity;
using Vireo.Model.Xml;

namespace Vireo.Model.Network;

/// <summary>A network's &lt;ip&gt;: the host-side address, its DHCP ranges and hosts, bootp and TFTP.</summary>
public sealed class NetworkIp : ModelElement
{
    /// <summary>ipv4 or ipv6 when given.</summary>
    public string? Family { get; set; }

    /// <summary>The bridge's address, e.g. 192.168.122.1.</summary>
    public string? Address { get; set; }

    /// <summary>Dotted netmask (IPv4).</summary>
    public string? Netmask { get; set; }

    /// <summary>Prefix length.</summary>
    public int? Prefix { get; set; }

    /// <summary>&lt;ip localPtr=&gt;: yes or no.</summary>
    public string? LocalPtr { get; set; }

    /// <summary>TFTP root directory (&lt;tftp root=&gt;).</summary>
    public string? TftpRoot { get; set; }

    /// <summary>DHCP address ranges.</summary>
    public List<NetworkDhcpRange> DhcpRanges { get; } = [];

    /// <summary>Static DHCP hosts.</summary>
    public List<NetworkDhcpHost> DhcpHosts { get; } = [];

    /// <summary>PXE boot file (&lt;bootp file=&gt;).</summary>
    public string? BootpFile { get; set; }

    /// <summary>PXE boot server (&lt;bootp server=&gt;).</summary>
    public string? BootpServer { get; set; }

    /// <summary>True when a &lt;dhcp&gt; element is present (even without ranges).</summary>
    public bool HasDhcp { get; set; }

    /// <summary>Prefix length from <see cref="Prefix"/> or <see cref="Netmask"/>; null if neither is known.</summary>
    public int? EffectivePrefix => Prefix ?? (Netmask is not null && IPAddress.TryParse(Netmask, out var m)
        ? m.GetAddressBytes().Sum(b => BitCount(b)) : null);

    private static int BitCount(byte b) => System.Numerics.BitOperations.PopCount(b);

    internal static NetworkIp Parse(XElement e, string net)
    {
        var r = new ElementReader(e, NetworkSchema.Ip, XmlModelException.FromNetwork);
        var ip = new NetworkIp
        {
            Family = r.Enum("family", ["ipv4", "ipv6"]),
            Address = r.Attr("address"),
            Netmask = r.Attr("netmask"),
            LocalPtr = r.Enum("localPtr", ["yes", "no"]),
        };
        if (ip.Address is not null && !TryParseIp(ip.Address, out _))
            throw XmlModelException.Xml($"Invalid address '{ip.Address}' in network '{net}'", XmlModelException.FromNetwork);
        if (ip.Netmask is not null && !TryParseIp(ip.Netmask, out _))
            throw XmlModelException.Xml($"Invalid netmask '{ip.Netmask}' in network '{net}'", XmlModelException.FromNetwork);
        var prefix = r.Attr("prefix");
        if (prefix is not null)
        {
            if (!int.TryParse(prefix, NumberStyles.None, CultureInfo.InvariantCulture, out var p) || (p > 128 && ip.Address is null))
                throw XmlModelException.Xml($"Invalid ip address prefix value '{prefix}' in network '{net}'", XmlModelException.FromNetwork);
            ip.Prefix = p;
        }
        if (ip.Netmask is not null && ip.Prefix is not null)
            throw XmlModelException.Xml($"Network '{net}' IP address cannot have both a prefix and a netmask", XmlModelException.FromNetwork);
        ip.CheckFamily(net);
        ip.TftpRoot = r.Child("tftp")?.Attribute("root")?.Value;
        if (r.Child("dhcp") is { } dhcp)
        {
            ip.HasDhcp = true;
            var dr = new ElementReader(dhcp, NetworkSchema.Dhcp, XmlModelException.FromNetwork);
            foreach (var range in dr.Children("range"))
            {
                var rr = new ElementReader(range, NetworkSchema.DhcpRange, XmlModelException.FromNetwork);
                var x = new NetworkDhcpRange
                {
                    Start = rr.Attr("start") ?? throw XmlModelException.Xml($"Missing 'start' attribute in dhcp range for network '{net}'", XmlModelException.FromNetwork),
                    End = rr.Attr("end") ?? throw XmlModelException.Xml($"Missing 'end' attribute in dhcp range for network '{net}'", XmlModelException.FromNetwork),
                    Lease = rr.Child("lease") is { } l ? new XElement(l) : null,
                };
                foreach (var a in new[] { x.Start, x.End })
                    if (!TryParseIp(a, out _))
                        throw XmlModelException.Xml($"Invalid dhcp range '{a}' in network '{net}'", XmlModelException.FromNetwork);
                ip.CheckInNetwork(x, net);
                ip.DhcpRanges.Add(x);
            }
            foreach (var host in dr.Children("host"))
            {
                var hr = new ElementReader(host, NetworkSchema.DhcpHost, XmlModelException.FromNetwork);
                var h = new NetworkDhcpHost
                {
                    Mac = hr.Attr("mac"),
                    Id = hr.Attr("id"),
                    Name = hr.Attr("name"),
                    Ip = hr.Attr("ip"),
                    Lease = hr.Child("lease") is { } l ? new XElement(l) : null,
                };
                if (h.Mac is not null && !MacAddress.TryParse(h.Mac, out _))
                    throw XmlModelException.Xml($"Cannot parse MAC address '{h.Mac}' in network '{net}'", XmlModelException.FromNetwork);
                if (h.Ip is not null && !TryParseIp(h.Ip, out _))
                    throw XmlModelException.Xml($"Invalid IP address in static host definition for network '{net}'", XmlModelException.FromNetwork);
                ip.DhcpHosts.Add(h);
            }
            if (dr.Child("bootp") is { } bootp)
            {
                ip.BootpFile = bootp.Attribute("file")?.Value;
                ip.BootpServer = bootp.Attribute("server")?.Value;
            }
        }
        ip.TakeExtras(r);
        return ip;
    }

    // libvirt's family checks: an IPv6 address needs family='ipv6' and a prefix (no netmask) of at most 128 bits.
    private void CheckFamily(string net)
    {
        if (Address is null || !TryParseIp(Address, out var a))
            return;
        bool v6 = a.AddressFamily == AddressFamily.InterNetworkV6;
        if (Family is null && v6)
            throw XmlModelException.Unsupported($"no family specified for non-IPv4 address '{Address}' in network '{net}'", XmlModelException.FromNetwork);
        if (Family == "ipv4" && v6)
            throw XmlModelException.Unsupported($"family 'ipv4' specified for non-IPv4 address '{Address}' in network '{net}'", XmlModelException.FromNetwork);
        if (Family == "ipv6" && !v6)
            throw XmlModelException.Unsupported($"family 'ipv6' specified for non-IPv6 address '{Address}' in network '{net}'", XmlModelException.FromNetwork);
        if (v6 && Netmask is not null)
            throw XmlModelException.Xml($"netmask not supported for address '{Address}' in network '{net}' (IPv4 only)", XmlModelException.FromNetwork);
        if (Prefix is { } p && p > (v6 ? 128 : 32))
            throw XmlModelException.Xml($"Invalid {(v6 ? "IPv6" : "IPv4")} prefix '{p}' in network '{net}'", XmlModelException.FromNetwork);
    }

    // libvirt refuses a DHCP range that does not sit inside the network's subnet.
    private void CheckInNetwork(NetworkDhcpRange range, string net)
    {
        if (Address is null || EffectivePrefix is not { } prefix || !TryParseIp(Address, out var network))
            return;
        foreach (var a in new[] { range.Start, range.End })
        {
            if (!TryParseIp(a, out var addr) || addr.AddressFamily != network.AddressFamily || !SameSubnet(addr, network, prefix))
                throw XmlModelException.Internal($"range {range.Start} - {range.End} is not entirely within network {Address}/{prefix}", XmlModelException.FromNetwork);
        }
    }

    private static bool SameSubnet(IPAddress a, IPAddress b, int prefix)
    {
        var x = a.GetAddressBytes();
        var y = b.GetAddressBytes();
        for (int i = 0; i < x.Length; i++)
        {
            int bits = Math.Clamp(prefix - i * 8, 0, 8);
            int mask = bits == 0 ? 0 : 0xFF << (8 - bits) & 0xFF;
            if ((x[i] & mask) != (y[i] & mask))
                return false;
        }
        return true;
    }

    /// <summary>Strict address parse: dotted quad for IPv4 (no "1" or "1.2" shorthands), standard text for IPv6.</summary>
    public static bool TryParseIp(string text, out IPAddress address)
    {
        address = IPAddress.None;
        if (!IPAddress.TryParse(text, out var a) || a is null)
            return false;
        if (a.AddressFamily == AddressFamily.InterNetwork && text.Split('.').Length != 4)
            return false;
        address = a;
        return true;
    }

    internal XElement ToElement()
    {
        var b = Builder(NetworkSchema.Ip).Attr("family", Family).Attr("address", Address).Attr("netmask", Netmask)
            .Attr("prefix", Prefix).Attr("localPtr", LocalPtr);
        if (TftpRoot is not null)
            b.Child(new XElement("tftp", new XAttribute("root", TftpRoot)));
        if (HasDhcp || DhcpRanges.Count > 0 || DhcpHosts.Count > 0 || BootpFile is not null)
        {
            var dhcp = new XElement("dhcp");
            foreach (var r in DhcpRanges)
                dhcp.Add(new XElement("range", new XAttribute("start", r.Start), new XAttribute("end", r.End), r.Lease is null ? null : new XElement(r.Lease)));
            foreach (var h in DhcpHosts)
            {
                var he = new XElement("host");
                if (h.Mac is not null) he.SetAttributeValue("mac", h.Mac);
                if (h.Id is not null) he.SetAttributeValue("id", h.Id);
                if (h.Name is not null) he.SetAttributeValue("name", h.Name);
                if (h.Ip is not null) he.SetAttributeValue("ip", h.Ip);
                if (h.Lease is not null) he.Add(new XElement(h.Lease));
                dhcp.Add(he);
            }
            if (BootpFile is not null)
                dhcp.Add(new XElement("bootp", new XAttribute("file", BootpFile), BootpServer is null ? null : new XAttribute("server", BootpServer)));
            b.Child(FormatHint.Block(dhcp));
        }
        return b.Block().Build();
    }
}
