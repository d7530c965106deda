namespace Vireo.Model.Domain;

/// <summary>How to format a domain, as libvirt's VIR_DOMAIN_XML_* flags.</summary>
[Flags]
public enum DomainXmlFormatFlags
{
    /// <summary>Live view without secrets.</summary>
    None = 0,
    /// <summary>Include secrets such as the VNC/SPICE password (VIR_DOMAIN_XML_SECURE).</summary>
    Secure = 1,
    /// <summary>Persistent configuration: no id, no live-only details (VIR_DOMAIN_XML_INACTIVE).</summary>
    Inactive = 2,
}
