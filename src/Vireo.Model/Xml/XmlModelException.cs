namespace Vireo.Model.Xml;

/// <summary>Invalid, unsupported or malformed XML; carries libvirt's error code and domain so the daemon can map it.</summary>
public sealed class XmlModelException : Exception
{
    /// <summary>libvirt error code: VIR_ERR_INTERNAL_ERROR.</summary>
    public const int InternalError = 1;
    /// <summary>libvirt error code: VIR_ERR_INVALID_ARG.</summary>
    public const int InvalidArg = 8;
    /// <summary>libvirt error code: VIR_ERR_NO_TARGET.</summary>
    public const int NoTarget = 20;
    /// <summary>libvirt error code: VIR_ERR_NO_NAME.</summary>
    public const int NoName = 21;
    /// <summary>libvirt error code: VIR_ERR_XML_ERROR.</summary>
    public const int XmlError = 27;
    /// <summary>libvirt error code: VIR_ERR_XML_DETAIL (malformed document).</summary>
    public const int XmlDetail = 35;
    /// <summary>libvirt error code: VIR_ERR_CONFIG_UNSUPPORTED.</summary>
    public const int ConfigUnsupported = 67;
    /// <summary>libvirt error code: VIR_ERR_OVERFLOW.</summary>
    public const int Overflow = 82;

    /// <summary>libvirt error domain: VIR_FROM_NONE.</summary>
    public const int FromNone = 0;
    /// <summary>libvirt error domain: VIR_FROM_XML.</summary>
    public const int FromXml = 5;
    /// <summary>libvirt error domain: VIR_FROM_STORAGE.</summary>
    public const int FromStorage = 18;
    /// <summary>libvirt error domain: VIR_FROM_NETWORK.</summary>
    public const int FromNetwork = 19;
    /// <summary>libvirt error domain: VIR_FROM_DOMAIN.</summary>
    public const int FromDomain = 20;
    /// <summary>libvirt error domain: VIR_FROM_CAPABILITIES.</summary>
    public const int FromCapabilities = 44;

    /// <summary>Creates an exception whose message is the full libvirt text, prefix included.</summary>
    public XmlModelException(int code, int domain, string message) : base(message)
    {
        Code = code;
        ErrorDomain = domain;
    }

    /// <summary>libvirt error code (virErrorNumber).</summary>
    public int Code { get; }

    /// <summary>libvirt error domain (virErrorDomain).</summary>
    public int ErrorDomain { get; }

    /// <summary>"XML error: ..." (VIR_ERR_XML_ERROR).</summary>
    public static XmlModelException Xml(string detail, int domain = FromDomain) => new(XmlError, domain, "XML error: " + detail);

    /// <summary>"unsupported configuration: ..." (VIR_ERR_CONFIG_UNSUPPORTED).</summary>
    public static XmlModelException Unsupported(string detail, int domain = FromDomain) => new(ConfigUnsupported, domain, "unsupported configuration: " + detail);

    /// <summary>"internal error: ..." (VIR_ERR_INTERNAL_ERROR).</summary>
    public static XmlModelException Internal(string detail, int domain = FromDomain) => new(InternalError, domain, "internal error: " + detail);

    /// <summary>"invalid argument: ..." (VIR_ERR_INVALID_ARG).</summary>
    public static XmlModelException InvalidArgument(string detail, int domain = FromNone) => new(InvalidArg, domain, "invalid argument: " + detail);

    /// <summary>libvirt's wording for an attribute whose value is not one of the allowed words.</summary>
    public static XmlModelException InvalidAttribute(string attribute, string element, string value) =>
        new(XmlError, FromXml, $"XML error: Invalid value for attribute '{attribute}' in element '{element}': '{value}'.");

    /// <summary>An element that is not part of libvirt's schema at this position.</summary>
    public static XmlModelException UnknownElement(string element, string parent, int domain = FromDomain) =>
        Unsupported($"unknown element <{element}> in <{parent}>", domain);
}
