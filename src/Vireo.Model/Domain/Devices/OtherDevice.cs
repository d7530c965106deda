using System.Xml.Linq;

namespace Vireo.Model.Domain.Devices;

/// <summary>A device the model does not type (sound, rng, hostdev, watchdog, tpm ...), kept verbatim.</summary>
public sealed class OtherDevice : DomainDevice
{
    /// <summary>Wraps a copy of <paramref name="element"/>.</summary>
    public OtherDevice(XElement element) => Element = new XElement(element);

    /// <summary>The device element as given.</summary>
    public XElement Element { get; }

    /// <inheritdoc/>
    public override string ElementName => Element.Name.LocalName;

    internal override XElement ToElement(DomainXmlFormatFlags flags) => new(Element);
}
