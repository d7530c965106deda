using System.Xml.Linq;
using Vireo.Model.Xml;

namespace Vireo.Model.Domain.Devices;

/// <summary>The &lt;memballoon&gt; device.</summary>
public sealed class MemballoonDevice : DomainDevice
{
    /// <summary>Balloon models.</summary>
    public static readonly string[] Models = ["virtio", "xen", "none", "virtio-transitional", "virtio-non-transitional"];

    /// <inheritdoc/>
    public override string ElementName => "memballoon";

    /// <summary>Model: virtio, xen or none.</summary>
    public string Model { get; set; } = "virtio";

    /// <summary>Statistics period in seconds (&lt;stats period=&gt;).</summary>
    public int? StatsPeriod { get; set; }

    internal static new MemballoonDevice FromElement(XElement e)
    {
        var r = new ElementReader(e, DomainSchema.Memballoon);
        var d = new MemballoonDevice { Model = r.Enum("model", Models) ?? throw XmlModelException.Xml("balloon memory must contain model name") };
        if (r.Child("stats") is { } stats)
            d.StatsPeriod = new ElementReader(stats, new ElementSpec("stats", ["period"], [])).Int("period");
        d.ReadInfo(r);
        d.TakeExtras(r);
        return d;
    }

    internal override XElement ToElement(DomainXmlFormatFlags flags)
    {
        var b = Builder(DomainSchema.Memballoon).Attr("model", Model);
        if (StatsPeriod is { } p)
            b.Child(new XElement("stats", new XAttribute("period", p)));
        WriteInfo(b, flags);
        return b.Build();
    }
}
