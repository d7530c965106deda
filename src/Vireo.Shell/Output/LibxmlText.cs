using System.Text;
using System.Xml.Linq;

namespace Vireo.Shell.Output;

/// <summary>
/// Serializes a node the way libxml2's xmlNodeDump does for virsh (virXMLNodeToString): attributes in double
/// quotes, empty elements as &lt;x/&gt;, whitespace kept as parsed, no XML declaration and no trailing newline.
/// </summary>
public static class LibxmlText
{
    /// <summary>Parses keeping whitespace text nodes, as libvirt's parser does.</summary>
    public static XDocument Parse(string xml) => XDocument.Parse(xml, LoadOptions.PreserveWhitespace);

    public static string Serialize(XNode node)
    {
        var sb = new StringBuilder();
        Write(sb, node);
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, XNode node)
    {
        switch (node)
        {
            case XElement e:
                sb.Append('<').Append(Name(e.Name, e));
                foreach (var a in e.Attributes())
                    sb.Append(' ').Append(a.IsNamespaceDeclaration ? NsDecl(a) : Name(a.Name, e)).Append("=\"").Append(EscapeAttr(a.Value)).Append('"');
                if (e.IsEmpty)
                {
                    sb.Append("/>");
                    return;
                }
                sb.Append('>');
                foreach (var child in e.Nodes()) Write(sb, child);
                sb.Append("</").Append(Name(e.Name, e)).Append('>');
                break;
            case XCData c:
                sb.Append("<![CDATA[").Append(c.Value).Append("]]>");
                break;
            case XText t:
                sb.Append(EscapeText(t.Value));
                break;
            case XComment c:
                sb.Append("<!--").Append(c.Value).Append("-->");
                break;
            case XProcessingInstruction p:
                sb.Append("<?").Append(p.Target).Append(' ').Append(p.Data).Append("?>");
                break;
        }
    }

    private static string NsDecl(XAttribute a) => a.Name.Namespace == XNamespace.None ? "xmlns" : "xmlns:" + a.Name.LocalName;

    private static string Name(XName name, XElement context)
    {
        if (name.Namespace == XNamespace.None) return name.LocalName;
        var prefix = context.GetPrefixOfNamespace(name.Namespace);
        return string.IsNullOrEmpty(prefix) ? name.LocalName : prefix + ":" + name.LocalName;
    }

    private static string EscapeText(string s) => s.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\r", "&#13;");

    private static string EscapeAttr(string s) =>
        s.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&quot;")
         .Replace("\n", "&#10;").Replace("\r", "&#13;").Replace("\t", "&#9;");
}

/// <summary>
/// xmlNodeDump with formatting on a document parsed without blank text nodes (virsh --xpath output): children
/// indented by two spaces per level unless an element has text content.
/// </summary>
public static class LibxmlFormat
{
    public static string Format(System.Xml.Linq.XObject node)
    {
        var sb = new System.Text.StringBuilder();
        switch (node)
        {
            case System.Xml.Linq.XElement e: Write(sb, e, 0); break;
            case System.Xml.Linq.XAttribute a: sb.Append(' ').Append(a.Name.LocalName).Append("=\"").Append(a.Value.Replace("&", "&amp;").Replace("\"", "&quot;").Replace("<", "&lt;")).Append('"'); break;
            case System.Xml.Linq.XText t: sb.Append(t.Value.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;")); break;
            case System.Xml.Linq.XNode n: sb.Append(LibxmlText.Serialize(n)); break;
        }
        return sb.ToString();
    }

    private static void Write(System.Text.StringBuilder sb, System.Xml.Linq.XElement e, int level)
    {
        var shallow = new System.Xml.Linq.XElement(e.Name, e.Attributes());
        string open = LibxmlText.Serialize(shallow);
        var children = e.Nodes().Where(n => n is not System.Xml.Linq.XText t || !string.IsNullOrWhiteSpace(t.Value)).ToList();
        if (children.Count == 0)
        {
            sb.Append(open);
            return;
        }
        sb.Append(open, 0, open.Length - 2).Append('>');
        bool format = children.All(c => c is System.Xml.Linq.XElement or System.Xml.Linq.XComment);
        foreach (var c in children)
        {
            if (format) sb.Append('\n').Append(' ', (level + 1) * 2);
            if (c is System.Xml.Linq.XElement ce) Write(sb, ce, level + 1);
            else sb.Append(LibxmlText.Serialize(c));
        }
        if (format) sb.Append('\n').Append(' ', level * 2);
        sb.Append("</").Append(e.Name.LocalName).Append('>');
    }
}
