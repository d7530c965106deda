using System.Xml.Linq;

namespace Vireo.Model.Network;

/// <summary>A DHCP &lt;range&gt; of addresses handed out to guests.</summary>
public sealed class NetworkDhcpRange
{
    /// <summary>First address.</summary>
    public string Start { get; set; } = "";

    /// <summary>Last address.</summary>
    public string End { get; set; } = "";

    /// <summary>&lt;lease&gt; element, kept verbatim.</summary>
    public XElement? Lease { get; set; }
}
