using System.Globalization;
using System.Xml.Linq;

namespace Vireo.Model.Xml;

/// <summary>Reads one element against its <see cref="ElementSpec"/>: typed reads mark what they consumed, the rest becomes extras.</summary>
internal sealed class ElementReader
{
    private readonly HashSet<string> _usedAttributes = new(StringComparer.Ordinal);
    private readonly HashSet<XElement> _usedChildren = [];

    public ElementReader(XElement element, ElementSpec spec, int errorDomain = XmlModelException.FromDomain)
    {
        Element = element;
        Spec = spec;
        ErrorDomain = errorDomain;
        foreach (var child in element.Elements())
        {
            if (child.Name.Namespace != XNamespace.None || !spec.HasChild(child.Name.LocalName))
                throw XmlModelException.UnknownElement(child.Name.LocalName, element.Name.LocalName, errorDomain);
        }
    }

    public XElement Element { get; }
    public ElementSpec Spec { get; }
    public int ErrorDomain { get; }
    public string Name => Element.Name.LocalName;

    /// <summary>Raw attribute value, or null.</summary>
    public string? Attr(string name)
    {
        _usedAttributes.Add(name);
        return Element.Attribute(name)?.Value;
    }

    /// <summary>Attribute that must be one of <paramref name="allowed"/>; libvirt's message otherwise.</summary>
    public string? Enum(string name, IReadOnlyCollection<string> allowed)
    {
        var v = Attr(name);
        if (v is null)
            return null;
        if (!allowed.Contains(v))
            throw XmlModelException.InvalidAttribute(name, Name, v);
        return v;
    }

    /// <summary>yes/no attribute as bool.</summary>
    public bool? YesNo(string name)
    {
        var v = Attr(name);
        return v switch
        {
            null => null,
            "yes" => true,
            "no" => false,
            _ => throw XmlModelException.InvalidAttribute(name, Name, v),
        };
    }

    /// <summary>on/off attribute as bool.</summary>
    public bool? OnOff(string name)
    {
        var v = Attr(name);
        return v switch
        {
            null => null,
            "on" => true,
            "off" => false,
            _ => throw XmlModelException.InvalidAttribute(name, Name, v),
        };
    }

    /// <summary>Decimal integer attribute.</summary>
    public int? Int(string name)
    {
        var v = Attr(name);
        if (v is null)
            return null;
        if (!int.TryParse(v.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
            throw XmlModelException.Xml($"Invalid value for attribute '{name}' in element '{Name}': '{v}'. Expected integer value", ErrorDomain);
        return n;
    }

    /// <summary>Non-negative integer attribute, decimal or 0x-hex as libvirt's virStrToLong_uip with base 0.</summary>
    public uint? UInt(string name, bool allowHex = false)
    {
        var v = Attr(name);
        if (v is null)
            return null;
        if (!TryParseUInt(v, allowHex, out var n))
            throw XmlModelException.Xml($"Invalid value for attribute '{name}' in element '{Name}': '{v}'. Expected non-negative integer value", ErrorDomain);
        return n;
    }

    public static bool TryParseUInt(string v, bool allowHex, out uint n)
    {
        v = v.Trim();
        if (allowHex && v.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            return uint.TryParse(v.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out n);
        return uint.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out n);
    }

    /// <summary>First child with this name, marking all children of that name consumed.</summary>
    public XElement? Child(string name)
    {
        XElement? first = null;
        foreach (var c in Element.Elements(name))
        {
            _usedChildren.Add(c);
            first ??= c;
        }
        return first;
    }

    /// <summary>All children with this name, marked consumed.</summary>
    public List<XElement> Children(string name)
    {
        var list = Element.Elements(name).ToList();
        foreach (var c in list)
            _usedChildren.Add(c);
        return list;
    }

    /// <summary>Text of the first child with this name, or null.</summary>
    public string? ChildText(string name) => Child(name)?.Value;

    /// <summary>True when a child with this name exists (flag elements like &lt;readonly/&gt;).</summary>
    public bool Flag(string name) => Child(name) is not null;

    /// <summary>Schema-valid attributes no typed read consumed.</summary>
    public IEnumerable<KeyValuePair<string, string>> LeftoverAttributes()
    {
        foreach (var a in Element.Attributes())
        {
            if (a.IsNamespaceDeclaration || a.Name.Namespace != XNamespace.None)
                continue;
            var n = a.Name.LocalName;
            if (!_usedAttributes.Contains(n) && Spec.HasAttribute(n))
                yield return new(n, a.Value);
        }
    }

    /// <summary>Children no typed read consumed (all are schema-valid: the constructor rejected the rest).</summary>
    public IEnumerable<XElement> LeftoverChildren() => Element.Elements().Where(c => !_usedChildren.Contains(c));
}
