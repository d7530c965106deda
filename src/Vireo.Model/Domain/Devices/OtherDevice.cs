using System.Xml.Linq;

namespace Vireo.Model.Domain.Devices;

/// <summary>A device the model does not type (sound, rng, hostdev, watchdog, tpm ...), kept verbatim.</summary>
public sealed class OtherDevice : DomainDevice
{
    /// <summary>Wraps a copy of <paramref name="element"/>.</summary>
    public OtherDevice(XElement element)
    {
        Element = new XElement(element);
        // The guest address is common to all devices: print it the way libvirt does (pci 0x%02x etc.).
        foreach (var addr in Element.Elements("address").Where(a => a.Attribute("type") is not null).ToList())
            addr.ReplaceWith(DeviceAddress.Parse(addr).ToElement());
        // libvirt always writes <redirdev> as an open/close pair, even with nothing inside.
        if (Element.Name.LocalName == "redirdev")
            Xml.FormatHint.Block(Element);
    }

    /// <summary>The device element as given.</summary>
    public XElement Element { get; }

    /// <inheritdoc/>
    public override string ElementName => Element.Name.LocalName;

    internal override XElement ToElement(DomainXmlFormatFlags flags) => new(Element);
}
