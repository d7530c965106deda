using System.Globalization;
using System.Xml.Linq;
using Vireo.Model.Xml;

namespace Vireo.Model.Domain.Devices;

/// <summary>A &lt;controller&gt;: ide, scsi, sata, usb, pci, virtio-serial, ccid, fdc ...</summary>
public sealed class ControllerDevice : DomainDevice
{
    /// <summary>Controller types.</summary>
    public static readonly string[] Types = ["ide", "fdc", "scsi", "sata", "virtio-serial", "ccid", "usb", "pci", "xenbus", "isa"];

    /// <inheritdoc/>
    public override string ElementName => "controller";

    /// <summary>Controller type.</summary>
    public string Type { get; set; } = "usb";

    /// <summary>Index among controllers of the same type; null until defaults assign one.</summary>
    public int? Index { get; set; }

    /// <summary>Controller model, e.g. virtio-scsi, ich9-ehci1, pci-root.</summary>
    public string? Model { get; set; }

    internal static new ControllerDevice FromElement(XElement e)
    {
        var r = new ElementReader(e, DomainSchema.Controller);
        var c = new ControllerDevice { Type = r.Enum("type", Types) ?? "ide" };
        var idx = r.Attr("index");
        if (idx is not null)
        {
            if (!int.TryParse(idx, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                throw XmlModelException.Xml($"Invalid value for attribute 'index' in element 'controller': '{idx}'.");
            c.Index = n;
        }
        c.Model = r.Attr("model");
        c.ReadInfo(r);
        c.TakeExtras(r);
        return c;
    }

    internal override XElement ToElement(DomainXmlFormatFlags flags)
    {
        var b = Builder(DomainSchema.Controller).Attr("type", Type).Attr("index", Index).Attr("model", Model);
        WriteInfo(b, flags);
        return b.Build();
    }
}
