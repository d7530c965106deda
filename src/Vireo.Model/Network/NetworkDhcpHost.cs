using System.Xml.Linq;

namespace Vireo.Model.Network;

/// <summary>A static DHCP &lt;host&gt; entry: MAC (or client id) to name and IP.</summary>
public sealed class NetworkDhcpHost
{
    /// <summary>Guest MAC address, as written.</summary>
    public string? Mac { get; set; }

    /// <summary>DHCPv6 client id.</summary>
    public string? Id { get; set; }

    /// <summary>Host name.</summary>
    public string? Name { get; set; }

    /// <summary>Fixed IP address.</summary>
    public string? Ip { get; set; }

    /// <summary>&lt;lease&gt; element, kept verbatim.</summary>
    public XElement? Lease { get; set; }
}
