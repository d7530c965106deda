using System.Xml.Linq;
using Vireo.Model.Xml;

namespace Vireo.Model.Domain.Devices;

/// <summary>A character device: &lt;serial&gt;, &lt;parallel&gt;, &lt;console&gt; or &lt;channel&gt;.</summary>
public sealed class CharDevice : DomainDevice
{
    /// <summary>Backend types (the type= attribute).</summary>
    public static readonly string[] Types =
        ["null", "vc", "pty", "dev", "file", "pipe", "stdio", "udp", "tcp", "unix", "spicevmc", "spiceport", "nmdm", "qemu-vdagent", "dbus"];

    /// <summary>Creates a device of the given kind (serial, parallel, console or channel).</summary>
    public CharDevice(string kind) => Kind = kind;

    /// <summary>serial, parallel, console or channel.</summary>
    public string Kind { get; set; }

    /// <inheritdoc/>
    public override string ElementName => Kind;

    /// <summary>Backend type: pty, file, tcp, unix ...</summary>
    public string Type { get; set; } = "pty";

    /// <summary>The &lt;source&gt; elements (udp has a bind and a connect source); attributes in input order.</summary>
    public List<Dictionary<string, string>> Sources { get; } = [];

    /// <summary>Children of the first &lt;source&gt; (reconnect, seclabel) kept verbatim.</summary>
    public List<XElement> SourceChildren { get; } = [];

    /// <summary>tcp protocol (&lt;protocol type=&gt;): raw, telnet, telnets, tls.</summary>
    public string? Protocol { get; set; }

    /// <summary>Guest-side target type: isa-serial, serial, virtio, guestfwd ...; null when not given.</summary>
    public string? TargetType { get; set; }

    /// <summary>Target port; null until defaults number it.</summary>
    public int? TargetPort { get; set; }

    /// <summary>Channel name (virtio/xen channels).</summary>
    public string? TargetName { get; set; }

    /// <summary>Channel guestfwd address.</summary>
    public string? TargetAddress { get; set; }

    /// <summary>Live channel state (connected/disconnected); not in the inactive XML.</summary>
    public string? TargetState { get; set; }

    /// <summary>Children of &lt;target&gt; (model) kept verbatim.</summary>
    public List<XElement> TargetChildren { get; } = [];

    /// <summary>Host path of the backend (pty, file, dev, pipe, unix), if any.</summary>
    public string? SourcePath => Sources.Count > 0 && Sources[0].TryGetValue("path", out var p) ? p : null;

    internal static new CharDevice FromElement(XElement e)
    {
        var kind = e.Name.LocalName;
        var r = new ElementReader(e, DomainSchema.Chr(kind));
        var d = new CharDevice(kind) { Type = r.Enum("type", Types) ?? "pty" };
        if (kind != "channel")
            r.Attr("tty"); // output-only: libvirt ignores it on input
        bool first = true;
        foreach (var s in r.Children("source"))
        {
            var sr = new ElementReader(s, DomainSchema.ChrSource);
            var attrs = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var a in s.Attributes())
                if (!a.IsNamespaceDeclaration && DomainSchema.ChrSource.HasAttribute(a.Name.LocalName))
                    attrs[a.Name.LocalName] = a.Value;
            d.Sources.Add(attrs);
            if (first)
                d.SourceChildren.AddRange(sr.LeftoverChildren().Select(c => new XElement(c)));
            first = false;
        }
        d.Protocol = r.Child("protocol")?.Attribute("type")?.Value;
        if (r.Child("target") is { } t)
        {
            var tr = new ElementReader(t, DomainSchema.ChrTarget);
            d.TargetType = tr.Attr("type");
            d.TargetPort = tr.Int("port");
            d.TargetName = tr.Attr("name");
            d.TargetAddress = tr.Attr("address");
            d.TargetState = tr.Enum("state", ["connected", "disconnected"]);
            d.TargetChildren.AddRange(tr.LeftoverChildren().Select(c => new XElement(c)));
        }
        if (kind == "channel" && d.TargetType is null)
            throw XmlModelException.Xml("target type must be specified for channel device");
        d.ReadInfo(r);
        d.TakeExtras(r);
        return d;
    }

    internal override XElement ToElement(DomainXmlFormatFlags flags) => ToElement(flags, Kind, TargetType);

    /// <summary>Formats this device under another element name (libvirt prints a serial port again as its console alias).</summary>
    internal XElement ToElement(DomainXmlFormatFlags flags, string asKind, string? targetType)
    {
        bool inactive = flags.HasFlag(DomainXmlFormatFlags.Inactive);
        var b = Builder(DomainSchema.Chr(asKind)).Attr("type", Type);
        if (asKind == "console" && Type == "pty" && !inactive && SourcePath is { } tty)
            b.Attr("tty", tty);
        for (int i = 0; i < Sources.Count; i++)
        {
            // A pty's path is assigned at start-up, so libvirt leaves it out of the inactive XML.
            if (Type == "pty" && (inactive || !Sources[i].ContainsKey("path")))
                continue;
            // A unix socket without a path is one the driver names itself at start-up.
            if (Type == "unix" && !Sources[i].ContainsKey("path"))
                continue;
            var se = new XElement("source");
            foreach (var name in SourceOrder)
                if (Sources[i].TryGetValue(name, out var v))
                    se.SetAttributeValue(name, v);
            if (i == 0)
                foreach (var c in SourceChildren)
                    se.Add(new XElement(c));
            b.Child(se);
        }
        if (Type == "tcp")
            b.Child(new XElement("protocol", new XAttribute("type", Protocol ?? "raw")));
        var target = new ElementBuilder(DomainSchema.ChrTarget, null, TargetChildren).Attr("type", targetType);
        if (asKind == "channel")
        {
            target.Attr("address", TargetAddress).Attr("port", TargetPort).Attr("name", TargetName);
            if (!inactive)
                target.Attr("state", TargetState);
        }
        else
            target.Attr("port", TargetPort);
        var te = target.Build();
        if (te.HasAttributes || te.HasElements)
            b.Child(te);
        WriteInfo(b, flags);
        return b.Build();
    }

    private static readonly string[] SourceOrder = ["mode", "host", "service", "path", "channel", "master", "slave", "append", "tls"];
}
