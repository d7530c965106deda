using System.Text;
using System.Xml;

namespace Vireo.Install.Unattended;

/// <summary>
/// Serializes a transform's XML result the way libxslt saves it (what libosinfo hands virt-install):
/// '&lt;?xml version="1.0"?&gt;' without an encoding, namespace declarations before attributes, "&lt;a/&gt;" for empty
/// elements, and with indent="yes" two spaces per level inside elements that hold no text.
/// </summary>
public static class LibxsltXmlWriter
{
    /// <summary>The result's top-level nodes (an element, or text when the transform made no element).</summary>
    public static string Write(XmlNodeList nodes, bool indent, bool omitDeclaration)
    {
        var sb = new StringBuilder();
        if (!omitDeclaration)
            sb.Append("<?xml version=\"1.0\"?>\n");
        foreach (XmlNode n in nodes)
        {
            if (n is XmlDeclaration)
                continue;
            WriteNode(sb, n, 0, indent);
            if (n is not (XmlText or XmlWhitespace or XmlSignificantWhitespace))
                sb.Append('\n');
        }

        if (nodes.Count > 0 && nodes[nodes.Count - 1] is XmlText or XmlWhitespace or XmlSignificantWhitespace)
            sb.Append('\n');
        return sb.ToString();
    }

    private static void WriteNode(StringBuilder sb, XmlNode node, int depth, bool indent)
    {
        switch (node)
        {
            case XmlElement e:
                sb.Append('<').Append(e.Name);
                foreach (var a in e.Attributes.Cast<XmlAttribute>().OrderBy(a => a.Prefix == "xmlns" || a.Name == "xmlns" ? 0 : 1))
                    sb.Append(' ').Append(a.Name).Append("=\"").Append(Escape(a.Value, true)).Append('"');
                if (!e.HasChildNodes)
                {
                    sb.Append("/>");
                    return;
                }

                sb.Append('>');
                bool format = indent && e.ChildNodes.Cast<XmlNode>().All(c => c is not (XmlText or XmlWhitespace or XmlSignificantWhitespace or XmlCDataSection));
                foreach (XmlNode c in e.ChildNodes)
                {
                    if (format)
                        sb.Append('\n').Append(' ', 2 * (depth + 1));
                    WriteNode(sb, c, depth + 1, indent);
                }

                if (format)
                    sb.Append('\n').Append(' ', 2 * depth);
                sb.Append("</").Append(e.Name).Append('>');
                return;
            case XmlComment c:
                sb.Append("<!--").Append(c.Value).Append("-->");
                return;
            case XmlProcessingInstruction pi:
                sb.Append("<?").Append(pi.Target).Append(' ').Append(pi.Data).Append("?>");
                return;
            default:
                sb.Append(Escape(node.Value ?? "", false));
                return;
        }
    }

    private static string Escape(string s, bool attribute)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var ch in s)
            sb.Append(ch switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' when attribute => "&quot;",
                '\n' when attribute => "&#10;",
                '\r' => "&#13;",
                _ => ch.ToString(),
            });
        return sb.ToString();
    }
}
