using System.Xml.Linq;

namespace Vireo.Model.Xml;

/// <summary>Base of every modelled element: keeps what the schema allows but the model does not type, so nothing is lost.</summary>
public abstract class ModelElement
{
    /// <summary>Schema-valid attributes the model does not type, formatted back in libvirt's position.</summary>
    public Dictionary<string, string> ExtraAttributes { get; } = new(StringComparer.Ordinal);

    /// <summary>Schema-valid child elements the model does not type, kept verbatim and formatted back in libvirt's position.</summary>
    public List<XElement> ExtraElements { get; } = [];

    /// <summary>Copies the untyped leftovers collected by <paramref name="reader"/>.</summary>
    internal void TakeExtras(ElementReader reader)
    {
        foreach (var (k, v) in reader.LeftoverAttributes())
            ExtraAttributes[k] = v;
        ExtraElements.AddRange(reader.LeftoverChildren().Select(e => new XElement(e)));
    }

    /// <summary>Starts a builder that already carries this element's leftovers.</summary>
    internal ElementBuilder Builder(ElementSpec spec) => new(spec, ExtraAttributes, ExtraElements);
}
