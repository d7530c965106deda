using System.Xml;
using System.Xml.Linq;

namespace Vireo.Model.Xml;

/// <summary>Loads an XML document safely (no DTDs, no external entities) and reports malformed input like libvirt.</summary>
public static class XmlInput
{
    /// <summary>Parses <paramref name="xml"/> and checks the root element name (unless null); <paramref name="documentName"/> is libvirt's label, e.g. "domain_definition".</summary>
    public static XElement LoadRoot(string xml, string? expectedRoot, string documentName, int errorDomain)
    {
        ArgumentNullException.ThrowIfNull(xml);
        XDocument doc;
        try
        {
            var settings = new XmlReaderSettings
            {
                DtdProcessing = DtdProcessing.Prohibit,
                XmlResolver = null,
                IgnoreComments = true,
                IgnoreProcessingInstructions = true,
            };
            using var sr = new StringReader(xml);
            using var reader = XmlReader.Create(sr, settings);
            doc = XDocument.Load(reader, LoadOptions.SetLineInfo | LoadOptions.PreserveWhitespace);
        }
        catch (XmlException ex)
        {
            throw new XmlModelException(XmlModelException.XmlDetail, errorDomain,
                $"XML error: ({documentName}):{ex.LineNumber}: {ex.Message}");
        }
        var root = doc.Root ?? throw XmlModelException.Xml($"missing root element in {documentName}", errorDomain);
        DropIndentation(root);
        if (expectedRoot is not null && (root.Name.LocalName != expectedRoot || root.Name.Namespace != XNamespace.None))
            throw new XmlModelException(XmlModelException.XmlError, XmlModelException.FromXml,
                $"XML error: expecting root element of '{expectedRoot}', not '{root.Name.LocalName}'");
        return root;
    }

    /// <summary>Removes whitespace-only text between elements; a leaf keeps its whitespace, so "&lt;x&gt;\n&lt;/x&gt;" stays a two-line block when written back.</summary>
    public static void DropIndentation(XElement root)
    {
        foreach (var e in root.DescendantsAndSelf().ToList())
        {
            if (!e.HasElements)
                continue;
            foreach (var t in e.Nodes().OfType<XText>().Where(t => string.IsNullOrWhiteSpace(t.Value)).ToList())
                t.Remove();
        }
    }
}
