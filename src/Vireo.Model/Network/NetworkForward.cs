using System.Globalization;
using System.Xml.Linq;
using Vireo.Model.Xml;

namespace Vireo.Model.Network;

/// <summary>A network's &lt;forward&gt;: how guest traffic leaves the virtual network (nat, route, open, bridge ...).</summary>
public sealed class NetworkForward : ModelElement
{
    /// <summary>Forward modes.</summary>
    public static readonly string[] Modes = ["nat", "route", "open", "bridge", "private", "vepa", "passthrough", "hostdev"];

    /// <summary>Forward mode; nat when &lt;forward&gt; gives none.</summary>
    public string Mode { get; set; } = "nat";

    /// <summary>Host interfaces used (&lt;interface dev=&gt;); the first is also printed as dev=.</summary>
    public List<string> Interfaces { get; } = [];

    /// <summary>Start of the NAT public address range.</summary>
    public string? NatAddressStart { get; set; }

    /// <summary>End of the NAT public address range.</summary>
    public string? NatAddressEnd { get; set; }

    /// <summary>Start of the NAT source port range (libvirt's network driver uses 1024).</summary>
    public int? NatPortStart { get; set; }

    /// <summary>End of the NAT source port range (libvirt's network driver uses 65535).</summary>
    public int? NatPortEnd { get; set; }

    /// <summary>&lt;nat ipv6=&gt; (yes to NAT IPv6 too).</summary>
    public string? NatIpv6 { get; set; }

    /// <summary>The first host interface, or null.</summary>
    public string? Dev => Interfaces.FirstOrDefault();

    internal static NetworkForward Parse(XElement e, string networkName)
    {
        var r = new ElementReader(e, NetworkSchema.Forward, XmlModelException.FromNetwork);
        var f = new NetworkForward();
        var mode = r.Attr("mode");
        if (mode is not null)
        {
            if (!Modes.Contains(mode))
                throw XmlModelException.Unsupported($"unknown forwarding type '{mode}'", XmlModelException.FromNetwork);
            f.Mode = mode;
        }
        var dev = r.Attr("dev");
        foreach (var i in r.Children("interface"))
        {
            var name = i.Attribute("dev")?.Value
                ?? throw XmlModelException.Xml($"Missing required dev attribute in <forward> <interface> element of network {networkName}", XmlModelException.FromNetwork);
            f.Interfaces.Add(name);
        }
        if (dev is not null)
        {
            if (f.Interfaces.Count == 0)
                f.Interfaces.Add(dev);
            else if (f.Interfaces[0] != dev)
                throw XmlModelException.Xml($"forward dev '{dev}' must match first interface element dev '{f.Interfaces[0]}' in network {networkName}", XmlModelException.FromNetwork);
        }
        if (r.Child("nat") is { } nat)
        {
            var nr = new ElementReader(nat, NetworkSchema.Nat, XmlModelException.FromNetwork);
            f.NatIpv6 = nr.Attr("ipv6");
            if (nr.Child("address") is { } a)
            {
                f.NatAddressStart = a.Attribute("start")?.Value;
                f.NatAddressEnd = a.Attribute("end")?.Value;
            }
            if (nr.Child("port") is { } p)
            {
                f.NatPortStart = Port(p, "start", networkName);
                f.NatPortEnd = Port(p, "end", networkName);
            }
        }
        f.TakeExtras(r);
        return f;
    }

    private static int? Port(XElement p, string attr, string networkName)
    {
        var v = p.Attribute(attr)?.Value;
        if (v is null)
            return null;
        if (!int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > 65535)
            throw XmlModelException.Xml($"Invalid port {attr} '{v}' in <nat> of network '{networkName}'", XmlModelException.FromNetwork);
        return n;
    }

    internal XElement ToElement()
    {
        var b = Builder(NetworkSchema.Forward).Attr("dev", Mode == "hostdev" ? null : Dev).Attr("mode", Mode);
        if (NatAddressStart is not null || NatPortStart is not null || NatIpv6 is not null)
        {
            var nat = new XElement("nat", NatIpv6 is null ? null : new XAttribute("ipv6", NatIpv6));
            if (NatAddressStart is not null)
                nat.Add(new XElement("address", new XAttribute("start", NatAddressStart), NatAddressEnd is null ? null : new XAttribute("end", NatAddressEnd)));
            if (NatPortStart is not null)
                nat.Add(new XElement("port", new XAttribute("start", NatPortStart), NatPortEnd is null ? null : new XAttribute("end", NatPortEnd)));
            b.Child(nat);
        }
        foreach (var i in Interfaces)
            b.Child(new XElement("interface", new XAttribute("dev", i)));
        return b.Build();
    }
}
