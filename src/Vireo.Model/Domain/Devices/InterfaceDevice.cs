using System.Xml.Linq;
using Vireo.Model.Identity;
using Vireo.Model.Xml;

namespace Vireo.Model.Domain.Devices;

/// <summary>An &lt;interface&gt;: a guest NIC attached to a virtual network, bridge, direct (macvtap) device, user networking ...</summary>
public sealed class InterfaceDevice : DomainDevice
{
    /// <summary>Interface types.</summary>
    public static readonly string[] Types =
        ["user", "ethernet", "vhostuser", "server", "client", "mcast", "network", "bridge", "internal", "direct", "hostdev", "udp", "vdpa", "null", "vds"];

    /// <inheritdoc/>
    public override string ElementName => "interface";

    /// <summary>Interface type: network, bridge, user, direct ...</summary>
    public string Type { get; set; } = "network";

    /// <summary>Guest MAC address; null until defaults generate one.</summary>
    public MacAddress? Mac { get; set; }

    /// <summary>Other &lt;mac&gt; attributes (type, check).</summary>
    public Dictionary<string, string> MacExtra { get; } = new(StringComparer.Ordinal);

    /// <summary>Virtual network name (type network).</summary>
    public string? SourceNetwork { get; set; }

    /// <summary>Host bridge (type bridge; live XML of type network also shows it).</summary>
    public string? SourceBridge { get; set; }

    /// <summary>Host device (type direct).</summary>
    public string? SourceDev { get; set; }

    /// <summary>macvtap mode (type direct): vepa, bridge, private, passthrough.</summary>
    public string? SourceMode { get; set; }

    /// <summary>Other &lt;source&gt; attributes (portgroup, address, port ...).</summary>
    public Dictionary<string, string> SourceExtra { get; } = new(StringComparer.Ordinal);

    /// <summary>Children of &lt;source&gt; kept verbatim.</summary>
    public List<XElement> SourceChildren { get; } = [];

    /// <summary>Host-side device name (&lt;target dev=&gt;), e.g. vnet0.</summary>
    public string? TargetDev { get; set; }

    /// <summary>Other &lt;target&gt; attributes (managed).</summary>
    public Dictionary<string, string> TargetExtra { get; } = new(StringComparer.Ordinal);

    /// <summary>NIC model, e.g. virtio, e1000, rtl8139.</summary>
    public string? ModelType { get; set; }

    /// <summary>Link state (&lt;link state=&gt;): up or down.</summary>
    public string? LinkState { get; set; }

    /// <summary>Host script (&lt;script path=&gt;).</summary>
    public string? Script { get; set; }

    internal static new InterfaceDevice FromElement(XElement e)
    {
        var r = new ElementReader(e, DomainSchema.Interface);
        var d = new InterfaceDevice { Type = r.Enum("type", Types) ?? throw XmlModelException.Xml("missing type attribute in <interface>") };
        if (r.Child("mac") is { } mac)
        {
            var mr = new ElementReader(mac, DomainSchema.InterfaceMac);
            var text = mr.Attr("address");
            if (text is not null)
                d.Mac = MacAddress.ParseUnicast(text);
            foreach (var (k, v) in mr.LeftoverAttributes())
                d.MacExtra[k] = v;
        }
        if (r.Child("source") is { } src)
        {
            var sr = new ElementReader(src, DomainSchema.InterfaceSource);
            d.SourceNetwork = sr.Attr("network");
            d.SourceBridge = sr.Attr("bridge");
            d.SourceDev = sr.Attr("dev");
            d.SourceMode = sr.Attr("mode");
            foreach (var (k, v) in sr.LeftoverAttributes())
                d.SourceExtra[k] = v;
            d.SourceChildren.AddRange(sr.LeftoverChildren().Select(c => new XElement(c)));
        }
        if (r.Child("target") is { } tgt)
        {
            var tr = new ElementReader(tgt, DomainSchema.InterfaceTarget);
            d.TargetDev = tr.Attr("dev");
            foreach (var (k, v) in tr.LeftoverAttributes())
                d.TargetExtra[k] = v;
        }
        if (d.Type == "network" && d.SourceNetwork is null)
            throw XmlModelException.Xml("interface type='network' requires a 'source' element");
        if (d.Type == "direct" && d.SourceDev is null)
            throw XmlModelException.Xml("No <source> 'dev' attribute specified with <interface type='direct'/>");
        if (d.Type == "direct" && d.SourceMode is not null and not ("vepa" or "private" or "bridge" or "passthrough"))
            throw XmlModelException.Xml($"Unknown mode '{d.SourceMode}' in interface <source> element");
        d.ModelType = r.Child("model")?.Attribute("type")?.Value;
        d.LinkState = r.Child("link")?.Attribute("state")?.Value;
        if (d.LinkState is not null and not ("up" or "down"))
            throw XmlModelException.InvalidAttribute("state", "link", d.LinkState);
        d.Script = r.Child("script")?.Attribute("path")?.Value;
        d.ReadInfo(r);
        d.TakeExtras(r);
        return d;
    }

    internal override XElement ToElement(DomainXmlFormatFlags flags)
    {
        var b = Builder(DomainSchema.Interface).Attr("type", Type);
        if (Mac is not null || MacExtra.Count > 0)
            b.Child(new ElementBuilder(DomainSchema.InterfaceMac, MacExtra).Attr("address", Mac?.ToString()).Build());
        var source = new ElementBuilder(DomainSchema.InterfaceSource, SourceExtra, SourceChildren)
            .Attr("network", SourceNetwork).Attr("bridge", SourceBridge).Attr("dev", SourceDev).Attr("mode", SourceMode).Build();
        if (source.HasAttributes || source.HasElements)
            b.Child(source);
        if (Script is not null)
            b.Child(new XElement("script", new XAttribute("path", Script)));
        if (TargetDev is not null || TargetExtra.Count > 0)
            b.Child(new ElementBuilder(DomainSchema.InterfaceTarget, TargetExtra).Attr("dev", TargetDev).Build());
        if (ModelType is not null)
            b.Child(new XElement("model", new XAttribute("type", ModelType)));
        if (LinkState is not null)
            b.Child(new XElement("link", new XAttribute("state", LinkState)));
        WriteInfo(b, flags);
        return b.Build();
    }
}
