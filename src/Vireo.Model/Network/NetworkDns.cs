using System.Xml.Linq;
using Vireo.Model.Xml;

namespace Vireo.Model.Network;

/// <summary>A network's &lt;dns&gt;: forwarders and static hosts; txt and srv records kept verbatim.</summary>
public sealed class NetworkDns : ModelElement
{
    /// <summary>&lt;dns enable=&gt;: yes or no.</summary>
    public string? Enable { get; set; }

    /// <summary>&lt;dns forwardPlainNames=&gt;: yes or no.</summary>
    public string? ForwardPlainNames { get; set; }

    /// <summary>Upstream forwarders.</summary>
    public List<NetworkDnsForwarder> Forwarders { get; } = [];

    /// <summary>Static host entries.</summary>
    public List<NetworkDnsHost> Hosts { get; } = [];

    internal bool IsEmpty => Enable is null && ForwardPlainNames is null && Forwarders.Count == 0 && Hosts.Count == 0 && ExtraElements.Count == 0;

    internal static NetworkDns Parse(XElement e)
    {
        var r = new ElementReader(e, NetworkSchema.Dns, XmlModelException.FromNetwork);
        var d = new NetworkDns { Enable = r.Enum("enable", ["yes", "no"]), ForwardPlainNames = r.Enum("forwardPlainNames", ["yes", "no"]) };
        foreach (var f in r.Children("forwarder"))
            d.Forwarders.Add(new NetworkDnsForwarder { Addr = f.Attribute("addr")?.Value, Domain = f.Attribute("domain")?.Value });
        foreach (var h in r.Children("host"))
        {
            var host = new NetworkDnsHost { Ip = h.Attribute("ip")?.Value ?? throw XmlModelException.Xml("Missing IP address in network DNS host definition", XmlModelException.FromNetwork) };
            host.Hostnames.AddRange(h.Elements("hostname").Select(n => n.Value));
            d.Hosts.Add(host);
        }
        d.TakeExtras(r);
        return d;
    }

    internal XElement ToElement()
    {
        var b = Builder(NetworkSchema.Dns).Attr("enable", Enable).Attr("forwardPlainNames", ForwardPlainNames);
        foreach (var f in Forwarders)
            b.Child(new XElement("forwarder", f.Domain is null ? null : new XAttribute("domain", f.Domain), f.Addr is null ? null : new XAttribute("addr", f.Addr)));
        foreach (var h in Hosts)
            b.Child(new XElement("host", new XAttribute("ip", h.Ip), h.Hostnames.Select(n => new XElement("hostname", n))));
        return b.Build();
    }
}
