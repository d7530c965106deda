using System.Xml.Linq;
using Vireo.Model.Xml;

namespace Vireo.Model.Domain.Devices;

/// <summary>An &lt;input&gt;: mouse, tablet, keyboard or passthrough on ps2, usb, virtio or xen.</summary>
public sealed class InputDevice : DomainDevice
{
    /// <summary>Input types.</summary>
    public static readonly string[] Types = ["mouse", "tablet", "keyboard", "passthrough", "evdev"];
    /// <summary>Input buses.</summary>
    public static readonly string[] Buses = ["ps2", "usb", "xen", "parallels", "virtio", "none"];

    /// <inheritdoc/>
    public override string ElementName => "input";

    /// <summary>Input type.</summary>
    public string Type { get; set; } = "mouse";

    /// <summary>Bus; null until defaults pick one.</summary>
    public string? Bus { get; set; }

    internal static new InputDevice FromElement(XElement e)
    {
        var r = new ElementReader(e, DomainSchema.Input);
        var d = new InputDevice
        {
            Type = r.Enum("type", Types) ?? throw XmlModelException.Xml("missing input device type"),
            Bus = r.Enum("bus", Buses),
        };
        d.ReadInfo(r);
        d.TakeExtras(r);
        return d;
    }

    internal override XElement ToElement(DomainXmlFormatFlags flags)
    {
        var b = Builder(DomainSchema.Input).Attr("type", Type).Attr("bus", Bus);
        WriteInfo(b, flags);
        return b.Build();
    }
}
