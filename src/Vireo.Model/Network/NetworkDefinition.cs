using System.Globalization;
using System.Xml.Linq;
using Vireo.Model.Identity;
using Vireo.Model.Xml;

namespace Vireo.Model.Network;

/// <summary>A virtual network definition (libvirt's network XML), formatted back exactly as libvirt 9.0 does.</summary>
public sealed class NetworkDefinition : ModelElement
{
    /// <summary>Unique name.</summary>
    public string Name { get; set; } = "";

    /// <summary>UUID; <see cref="Guid.Empty"/> until defaults generate one.</summary>
    public Guid Uuid { get; set; }

    /// <summary>&lt;metadata&gt;, kept verbatim.</summary>
    public XElement? Metadata { get; set; }

    /// <summary>How traffic leaves the network; null for an isolated network.</summary>
    public NetworkForward? Forward { get; set; }

    /// <summary>Host bridge name, e.g. virbr0.</summary>
    public string? BridgeName { get; set; }

    /// <summary>&lt;bridge zone=&gt; (firewalld zone).</summary>
    public string? BridgeZone { get; set; }

    /// <summary>Spanning tree on the bridge (libvirt's default: on).</summary>
    public bool BridgeStp { get; set; } = true;

    /// <summary>Bridge forward delay in seconds (default 0).</summary>
    public long BridgeDelay { get; set; }

    /// <summary>&lt;bridge macTableManager=&gt;: kernel or libvirt.</summary>
    public string? BridgeMacTableManager { get; set; }

    /// <summary>MTU of the bridge.</summary>
    public uint? Mtu { get; set; }

    /// <summary>MAC address of the bridge.</summary>
    public MacAddress? Mac { get; set; }

    /// <summary>DNS domain (&lt;domain name=&gt;).</summary>
    public string? DomainName { get; set; }

    /// <summary>&lt;domain localOnly=&gt;: yes or no.</summary>
    public string? DomainLocalOnly { get; set; }

    /// <summary>DNS settings.</summary>
    public NetworkDns? Dns { get; set; }

    /// <summary>IPv4/IPv6 addresses with DHCP.</summary>
    public List<NetworkIp> Ips { get; } = [];

    /// <summary>True when <see cref="Uuid"/> is set.</summary>
    public bool HasUuid => Uuid != Guid.Empty;

    /// <summary>Parses network XML; throws <see cref="XmlModelException"/> on bad input.</summary>
    public static NetworkDefinition Parse(string xml)
    {
        var root = XmlInput.LoadRoot(xml, "network", "network_definition", XmlModelException.FromNetwork);
        var r = new ElementReader(root, NetworkSchema.Network, XmlModelException.FromNetwork);
        var n = new NetworkDefinition { Name = r.ChildText("name")?.Trim() ?? "" };
        if (n.Name.Length == 0)
            throw new XmlModelException(XmlModelException.NoName, XmlModelException.FromNetwork, "missing name information: <name> is required");
        if (n.Name.Contains('/'))
            throw XmlModelException.Xml($"name {n.Name} cannot contain '/'", XmlModelException.FromNetwork);
        r.Attr("connections"); // live-only counter, never taken from input
        if (r.ChildText("uuid") is { } uuidText)
        {
            if (!Identity.Uuid.TryParse(uuidText, out var uuid))
                throw XmlModelException.Internal("malformed uuid element", XmlModelException.FromNetwork);
            n.Uuid = uuid;
        }
        if (r.Child("metadata") is { } md)
            n.Metadata = new XElement(md);
        if (r.Child("forward") is { } fwd)
            n.Forward = NetworkForward.Parse(fwd, n.Name);
        if (r.Child("bridge") is { } br)
        {
            var bridge = new ElementReader(br, NetworkSchema.Bridge, XmlModelException.FromNetwork);
            n.BridgeName = bridge.Attr("name");
            n.BridgeZone = bridge.Attr("zone");
            n.BridgeStp = bridge.Attr("stp") != "off";
            var delay = bridge.Attr("delay");
            if (delay is not null)
            {
                if (!long.TryParse(delay, NumberStyles.None, CultureInfo.InvariantCulture, out var d))
                    throw XmlModelException.Xml($"Invalid delay value in network '{n.Name}'", XmlModelException.FromNetwork);
                n.BridgeDelay = d;
            }
            n.BridgeMacTableManager = bridge.Enum("macTableManager", ["kernel", "libvirt"]);
        }
        if (r.Child("mtu") is { } mtu)
            n.Mtu = new ElementReader(mtu, new ElementSpec("mtu", ["size"], []), XmlModelException.FromNetwork).UInt("size");
        if (r.Child("mac")?.Attribute("address")?.Value is { } macText)
        {
            if (!MacAddress.TryParse(macText, out var mac))
                throw XmlModelException.Xml($"Invalid bridge mac address '{macText}' in network '{n.Name}'", XmlModelException.FromNetwork);
            if (mac.IsMulticast)
                throw XmlModelException.Xml($"Invalid multicast bridge mac address '{macText}' in network '{n.Name}'", XmlModelException.FromNetwork);
            n.Mac = mac;
        }
        if (r.Child("domain") is { } dom)
        {
            n.DomainName = dom.Attribute("name")?.Value;
            n.DomainLocalOnly = dom.Attribute("localOnly")?.Value;
        }
        if (r.Child("dns") is { } dns)
            n.Dns = NetworkDns.Parse(dns);
        foreach (var ip in r.Children("ip"))
            n.Ips.Add(NetworkIp.Parse(ip, n.Name));
        n.TakeExtras(r);
        return n;
    }

    /// <summary>Formats the network as libvirt 9.0 does (virsh net-dumpxml); the text ends with a newline.</summary>
    public string ToXml() => LibvirtXmlWriter.Write(ToElement());

    /// <summary>The formatted element tree.</summary>
    public XElement ToElement()
    {
        var b = Builder(NetworkSchema.Network).TextChild("name", Name);
        if (HasUuid)
            b.TextChild("uuid", Identity.Uuid.Format(Uuid));
        if (Metadata is not null)
        {
            var md = new XElement(Metadata);
            md.AddAnnotation(FormatHint.Libxml2);
            b.Child(md);
        }
        b.Child(Forward?.ToElement());
        var mode = Forward?.Mode;
        if (mode is null or "nat" or "route" or "open")
        {
            b.Child(new XElement("bridge",
                BridgeName is null ? null : new XAttribute("name", BridgeName),
                BridgeZone is null ? null : new XAttribute("zone", BridgeZone),
                new XAttribute("stp", BridgeStp ? "on" : "off"),
                new XAttribute("delay", BridgeDelay),
                BridgeMacTableManager is null ? null : new XAttribute("macTableManager", BridgeMacTableManager)));
        }
        else if (mode == "bridge" && BridgeName is not null)
            b.Child(new XElement("bridge", new XAttribute("name", BridgeName)));
        if (Mtu is { } m)
            b.Child(new XElement("mtu", new XAttribute("size", m)));
        if (Mac is { } mac)
            b.Child(new XElement("mac", new XAttribute("address", mac.ToString())));
        if (DomainName is not null)
            b.Child(new XElement("domain", new XAttribute("name", DomainName), DomainLocalOnly is null ? null : new XAttribute("localOnly", DomainLocalOnly)));
        if (Dns is { IsEmpty: false })
            b.Child(Dns.ToElement());
        b.Children(Ips.Select(i => i.ToElement()));
        return b.Build();
    }

    /// <summary>Deep copy through XML.</summary>
    public NetworkDefinition Clone() => Parse(ToXml());
}
