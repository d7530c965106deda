using System.Text;

namespace Vireo.Install.Guest;

/// <summary>
/// A small XML tree written the way virt-install prints domain XML: 2-space indent, double-quoted attributes in
/// insertion order, "&lt;empty/&gt;" with no space.
/// </summary>
public sealed class XmlNode(string name)
{
    private readonly List<(string Name, string Value)> _attrs = new();
    private readonly List<XmlNode> _children = new();

    public string Name { get; } = name;
    public string? Text { get; set; }

    public XmlNode Attr(string attrName, string? value)
    {
        if (value != null)
            _attrs.Add((attrName, value));
        return this;
    }

    public XmlNode Add(XmlNode child)
    {
        _children.Add(child);
        return this;
    }

    /// <summary>Adds a child element and returns it.</summary>
    public XmlNode Child(string childName, string? text = null)
    {
        var c = new XmlNode(childName) { Text = text };
        _children.Add(c);
        return c;
    }

    /// <summary>A copy of a parsed element (attributes, children, text; comments dropped), to print it virt-install's way.</summary>
    public static XmlNode From(System.Xml.Linq.XElement e)
    {
        var n = new XmlNode(e.GetPrefixOfNamespace(e.Name.Namespace) is { } prefix ? prefix + ":" + e.Name.LocalName : e.Name.LocalName);
        foreach (var a in e.Attributes())
            n.Attr(a.IsNamespaceDeclaration ? "xmlns:" + a.Name.LocalName
                : a.Name.Namespace != System.Xml.Linq.XNamespace.None && e.GetPrefixOfNamespace(a.Name.Namespace) is { } ap ? ap + ":" + a.Name.LocalName
                : a.Name.LocalName, a.Value);
        if (e.HasElements)
            foreach (var c in e.Elements())
                n.Add(From(c));
        else if (!e.IsEmpty)
            n.Text = e.Value;
        return n;
    }

    public override string ToString()
    {
        var sb = new StringBuilder();
        Write(sb, 0);
        return sb.ToString();
    }

    private void Write(StringBuilder sb, int depth)
    {
        sb.Append(' ', depth * 2).Append('<').Append(Name);
        foreach (var (n, v) in _attrs)
            sb.Append(' ').Append(n).Append("=\"").Append(Escape(v, true)).Append('"');
        if (_children.Count == 0 && Text == null)
        {
            sb.Append("/>\n");
            return;
        }

        sb.Append('>');
        if (_children.Count == 0)
        {
            sb.Append(Escape(Text!, false)).Append("</").Append(Name).Append(">\n");
            return;
        }

        sb.Append('\n');
        foreach (var c in _children)
            c.Write(sb, depth + 1);
        sb.Append(' ', depth * 2).Append("</").Append(Name).Append(">\n");
    }

    private static string Escape(string s, bool attribute)
    {
        var r = s.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
        return attribute ? r.Replace("\"", "&quot;") : r;
    }
}
