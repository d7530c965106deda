using System.Xml;
using System.Xml.Linq;
using Vireo.Model.Domain;
using Vireo.Protocol.Errors;

namespace Vireo.Drivers.Domains;

/// <summary>
/// virDomainSetMetadata / virDomainGetMetadata on one definition, shared by the drivers: the description, the title,
/// or one application element of &lt;metadata&gt; per namespace URI (an application's own data, e.g. vireo-web's tags).
/// </summary>
public static class DomainMetadata
{
    public const int Description = 0, Title = 1, Element = 2;

    /// <summary>The public API's argument checks (libvirt-domain.c virDomainSetMetadata), made before any driver work.</summary>
    public static void CheckSetArguments(int type, string? metadata, string? key, string? uri)
    {
        switch (type)
        {
            case Title when metadata is not null && metadata.Contains('\n'):
                throw new LibvirtException(ErrorCode.InvalidArg, ErrorDomain.Domain, "metadata title can't contain newlines");
            case Title or Description:
                if (uri is not null) throw MustBeNull("uri");
                if (key is not null) throw MustBeNull("key");
                break;
            case Element:
                if (uri is null) throw MustNotBeNull("uri");
                if (metadata is not null && key is null) throw MustNotBeNull("key");
                break;
        }
    }

    /// <summary>virDomainDefSetMetadata: sets or (null or empty text) removes; an element replaces the one of its namespace.</summary>
    public static void Set(DomainDefinition def, int type, string? metadata, string? key, string? uri)
    {
        switch (type)
        {
            case Description:
                def.Description = string.IsNullOrEmpty(metadata) ? null : metadata;
                break;
            case Title:
                def.Title = string.IsNullOrEmpty(metadata) ? null : metadata;
                break;
            case Element:
                SetElement(def, metadata, key, uri!);
                break;
            default:
                throw new LibvirtException(ErrorCode.InvalidArg, ErrorDomain.Domain, "invalid argument: unknown metadata type");
        }
    }

    /// <summary>virDomainDefGetMetadata: the text, or the element of namespace <paramref name="uri"/> without its namespace.</summary>
    public static string Get(DomainDefinition def, int type, string? uri)
    {
        string? value = type switch
        {
            Description => def.Description,
            Title => def.Title,
            Element => ElementText(def, uri),
            _ => throw new LibvirtException(ErrorCode.InvalidArg, ErrorDomain.Domain, "invalid argument: unknown metadata type"),
        };
        return value ?? throw new LibvirtException(ErrorCode.NoDomainMetadata, ErrorDomain.Domain,
            "metadata not found: Requested metadata element is not present");
    }

    private static void SetElement(DomainDefinition def, string? metadata, string? key, string uri)
    {
        XElement? fresh = null;
        if (metadata is not null)
        {
            try
            {
                fresh = XElement.Parse(metadata);
            }
            catch (XmlException e)
            {
                throw new LibvirtException(ErrorCode.XmlDetail, ErrorDomain.Xml, $"(metadata_xml):{e.LineNumber}: {e.Message}");
            }
            try
            {
                XmlConvert.VerifyNCName(key!);
            }
            catch (XmlException)
            {
                throw new LibvirtException(ErrorCode.InternalError, ErrorDomain.Xml, "internal error: failed to validate prefix for a new XML namespace");
            }
            // virXMLInjectNamespace: the element and its un-namespaced children take the namespace, with the key as prefix
            XNamespace ns = uri;
            foreach (var e in fresh.DescendantsAndSelf().Where(e => e.Name.Namespace == XNamespace.None).ToList())
                e.Name = ns + e.Name.LocalName;
            fresh.Attributes().Where(a => a.IsNamespaceDeclaration).Remove();
            fresh.SetAttributeValue(XNamespace.Xmlns + key!, uri);
        }
        var md = def.Metadata is null ? new XElement("metadata") : new XElement(def.Metadata);
        md.Elements().Where(e => e.Name.NamespaceName == uri).Remove();
        if (fresh is not null) md.Add(fresh);
        def.Metadata = md.HasElements ? md : null;
    }

    private static string? ElementText(DomainDefinition def, string? uri)
    {
        var found = def.Metadata?.Elements().FirstOrDefault(e => e.Name.NamespaceName == uri);
        if (found is null) return null;
        // virXMLExtractNamespaceXML: the copy loses the namespace (and its declaration)
        var copy = new XElement(found);
        foreach (var e in copy.DescendantsAndSelf())
        {
            e.Attributes().Where(a => a.IsNamespaceDeclaration && a.Value == uri).Remove();
            if (e.Name.NamespaceName == uri) e.Name = XNamespace.None + e.Name.LocalName;
        }
        return copy.ToString();
    }

    private static LibvirtException MustBeNull(string arg) =>
        new(ErrorCode.InvalidArg, ErrorDomain.Domain, $"{arg} in virDomainSetMetadata must be NULL");

    private static LibvirtException MustNotBeNull(string arg) =>
        new(ErrorCode.InvalidArg, ErrorDomain.Domain, $"{arg} in virDomainSetMetadata must not be NULL");
}
