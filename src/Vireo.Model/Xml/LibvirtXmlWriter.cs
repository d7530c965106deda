using System.Text;
using System.Xml.Linq;

namespace Vireo.Model.Xml;

/// <summary>Writes an element tree exactly as libvirt's virBuffer formatters do: 2-space indent, single-quoted attributes.</summary>
public static class LibvirtXmlWriter
{
    /// <summary>Formats <paramref name="root"/> and its subtree; the result ends with a newline like libvirt's XML.</summary>
    public static string Write(XElement root)
    {
        var sb = new StringBuilder();
        WriteElement(sb, root, 0);
        return sb.ToString();
    }

    /// <summary>Appends <paramref name="element"/> at the given indent (in spaces) to <paramref name="sb"/>.</summary>
    public static void WriteElement(StringBuilder sb, XElement element, int indent)
    {
        if (element.Annotation<FormatHint>() == FormatHint.Libxml2)
        {
            sb.Append(' ', indent);
            Libxml2Dump(sb, element, indent / 2);
            sb.Append('\n');
            return;
        }

        sb.Append(' ', indent).Append('<').Append(QualifiedName(element));
        foreach (var attr in OrderedAttributes(element))
        {
            sb.Append(' ').Append(AttributeName(element, attr)).Append("='");
            Escape(sb, attr.Value);
            sb.Append('\'');
        }

        var nodes = element.Nodes().Where(n => n is XElement || n is XText).ToList();
        if (nodes.Count == 0)
        {
            sb.Append(element.IsEmpty ? "/>\n" : "></" + QualifiedName(element) + ">\n");
            return;
        }

        if (nodes.All(n => n is XText))
        {
            var text = string.Concat(nodes.Cast<XText>().Select(t => t.Value));
            if (text.Contains('\n') && string.IsNullOrWhiteSpace(text))
            {
                // An empty container that libvirt writes as an open/close pair (see FormatHint.Block).
                sb.Append(">\n").Append(' ', indent).Append("</").Append(QualifiedName(element)).Append(">\n");
                return;
            }
            sb.Append('>');
            Escape(sb, string.Concat(nodes.Cast<XText>().Select(t => t.Value)));
            sb.Append("</").Append(QualifiedName(element)).Append(">\n");
            return;
        }

        sb.Append(">\n");
        foreach (var node in nodes)
        {
            if (node is XElement child)
                WriteElement(sb, child, indent + 2);
            else if (node is XText text && !string.IsNullOrWhiteSpace(text.Value))
            {
                sb.Append(' ', indent + 2);
                Escape(sb, text.Value.Trim());
                sb.Append('\n');
            }
        }
        sb.Append(' ', indent).Append("</").Append(QualifiedName(element)).Append(">\n");
    }

    /// <summary>Escapes text the way virBufferEscapeString does.</summary>
    public static void Escape(StringBuilder sb, string value)
    {
        if (value.IndexOfAny(Special) < 0)
        {
            sb.Append(value);
            return;
        }
        foreach (var c in value)
        {
            switch (c)
            {
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '&': sb.Append("&amp;"); break;
                case '"': sb.Append("&quot;"); break;
                case '\'': sb.Append("&apos;"); break;
                default:
                    // libvirt drops characters that are not legal in XML once it has to escape.
                    if (c >= 0x20 || c == '\n' || c == '\t' || c == '\r')
                        sb.Append(c);
                    break;
            }
        }
    }

    private static readonly char[] Special = ['<', '>', '&', '"', '\''];

    private static IEnumerable<XAttribute> OrderedAttributes(XElement element) =>
        element.Attributes().Where(a => a.IsNamespaceDeclaration).Concat(element.Attributes().Where(a => !a.IsNamespaceDeclaration));

    private static string QualifiedName(XElement element)
    {
        var ns = element.Name.Namespace;
        if (ns == XNamespace.None)
            return element.Name.LocalName;
        var prefix = element.GetPrefixOfNamespace(ns);
        return string.IsNullOrEmpty(prefix) ? element.Name.LocalName : prefix + ":" + element.Name.LocalName;
    }

    private static string AttributeName(XElement owner, XAttribute attr)
    {
        if (attr.IsNamespaceDeclaration)
            return attr.Name.Namespace == XNamespace.None ? "xmlns" : "xmlns:" + attr.Name.LocalName;
        var ns = attr.Name.Namespace;
        if (ns == XNamespace.None)
            return attr.Name.LocalName;
        if (ns == XNamespace.Xml)
            return "xml:" + attr.Name.LocalName;
        var prefix = owner.GetPrefixOfNamespace(ns);
        return string.IsNullOrEmpty(prefix) ? attr.Name.LocalName : prefix + ":" + attr.Name.LocalName;
    }

    // libxml2 xmlNodeDump(format=1): children are indented only when the element holds no text.
    private static void Libxml2Dump(StringBuilder sb, XElement element, int level)
    {
        sb.Append('<').Append(QualifiedName(element));
        foreach (var attr in OrderedAttributes(element))
        {
            sb.Append(' ').Append(AttributeName(element, attr)).Append("=\"");
            var v = attr.Value;
            for (int i = 0; i < v.Length; i++)
            {
                char c = v[i];
                switch (c)
                {
                    case '<': sb.Append("&lt;"); break;
                    case '>': sb.Append("&gt;"); break;
                    case '&': sb.Append("&amp;"); break;
                    case '"': sb.Append("&quot;"); break;
                    case '\n': sb.Append("&#10;"); break;
                    case '\r': sb.Append("&#13;"); break;
                    case '\t': sb.Append("&#9;"); break;
                    default:
                        // libxml2 writes non-ASCII in attribute values as character references.
                        if (c < 0x80)
                            sb.Append(c);
                        else
                        {
                            int cp = char.IsHighSurrogate(c) && i + 1 < v.Length && char.IsLowSurrogate(v[i + 1]) ? char.ConvertToUtf32(c, v[++i]) : c;
                            sb.Append("&#x").Append(cp.ToString("X", System.Globalization.CultureInfo.InvariantCulture)).Append(';');
                        }
                        break;
                }
            }
            sb.Append('"');
        }
        var nodes = element.Nodes().Where(n => n is XElement || n is XText).ToList();
        if (nodes.Count == 0)
        {
            sb.Append("/>");
            return;
        }
        sb.Append('>');
        bool format = nodes.All(n => n is XElement);
        foreach (var node in nodes)
        {
            if (node is XElement child)
            {
                if (format)
                    sb.Append('\n').Append(' ', 2 * (level + 1));
                Libxml2Dump(sb, child, level + 1);
            }
            else if (node is XText text)
            {
                foreach (var c in text.Value)
                {
                    switch (c)
                    {
                        case '<': sb.Append("&lt;"); break;
                        case '>': sb.Append("&gt;"); break;
                        case '&': sb.Append("&amp;"); break;
                        case '\r': sb.Append("&#13;"); break;
                        default: sb.Append(c); break;
                    }
                }
            }
        }
        if (format)
            sb.Append('\n').Append(' ', 2 * level);
        sb.Append("</").Append(QualifiedName(element)).Append('>');
    }
}
