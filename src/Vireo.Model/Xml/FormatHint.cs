using System.Xml.Linq;

namespace Vireo.Model.Xml;

/// <summary>Annotations that steer <see cref="LibvirtXmlWriter"/> where libvirt's output is not derivable from the tree.</summary>
public sealed class FormatHint
{
    private FormatHint(string name) => Name = name;

    /// <summary>Hint name, for debugging.</summary>
    public string Name { get; }

    /// <summary>The subtree is written the way libxml2's xmlNodeDump does (double quotes), as libvirt does for metadata.</summary>
    public static readonly FormatHint Libxml2 = new("libxml2");

    /// <summary>Makes an element without children print as an open/close pair on two lines (libvirt's <c>&lt;devices&gt;</c>): it gets a newline as text, which survives copies.</summary>
    public static XElement Block(XElement element)
    {
        if (!element.HasElements && element.Value.Length == 0)
            element.Add(new XText("\n"));
        return element;
    }
}
