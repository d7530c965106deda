using System.Xml.Linq;
using Vireo.Model.Xml;

namespace Vireo.Model.Domain;

/// <summary>The &lt;features&gt; element: each feature kept as written, formatted in libvirt's fixed feature order.</summary>
public sealed class DomainFeatures
{
    /// <summary>Feature elements (acpi, apic, pae, hyperv ...).</summary>
    public List<XElement> Items { get; } = [];

    /// <summary>True when the feature is present.</summary>
    public bool Has(string name) => Items.Any(i => i.Name.LocalName == name);

    /// <summary>Adds a simple feature such as &lt;acpi/&gt; if it is missing.</summary>
    public void Add(string name)
    {
        if (!DomainSchema.Features.HasChild(name))
            throw XmlModelException.UnknownElement(name, "features");
        if (!Has(name))
            Items.Add(new XElement(name));
    }

    /// <summary>Removes a feature; returns whether it was present.</summary>
    public bool Remove(string name) => Items.RemoveAll(i => i.Name.LocalName == name) > 0;

    internal static DomainFeatures Parse(XElement e)
    {
        var r = new ElementReader(e, DomainSchema.Features);
        var f = new DomainFeatures();
        foreach (var c in r.LeftoverChildren())
        {
            if (f.Has(c.Name.LocalName))
                throw XmlModelException.Xml($"duplicate feature '{c.Name.LocalName}'");
            f.Items.Add(new XElement(c));
        }
        return f;
    }

    internal XElement ToElement() => new ElementBuilder(DomainSchema.Features).Children(Items.Select(i => new XElement(i))).Build();
}
