using System.Xml.Linq;

namespace Vireo.Model.Xml;

/// <summary>Annotations that steer <see cref="LibvirtXmlWriter"/> where libvirt's output is not derivable from the tree.</summary>
public sealed class FormatHint
{
    private FormatHint(string name) => Name = name;

    /// <summary>Hint name, for debugging.</summary>
    public string Name { get; }

    /// <summary>An element without children is written as an open/close pair on two lines (libvirt's <c>&lt;devices&gt;</c>).</summary>
    public static readonly FormatHint BlockWhenEmpty = new("block-when-empty");

    /// <summary>The subtree is written the way libxml2's xmlNodeDump does (double quotes), as libvirt does for metadata.</summary>
    public static readonly FormatHint Libxml2 = new("libxml2");

    /// <summary>Marks <paramref name="element"/> with <see cref="BlockWhenEmpty"/> and returns it.</summary>
    public static XElement Block(XElement element)
    {
        element.AddAnnotation(BlockWhenEmpty);
        return element;
    }
}
