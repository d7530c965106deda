namespace Vireo.Model.Network;

/// <summary>A DNS &lt;forwarder&gt;: where dnsmasq sends queries (optionally only for one domain).</summary>
public sealed class NetworkDnsForwarder
{
    /// <summary>Upstream server address, or null (with a domain: resolve locally).</summary>
    public string? Addr { get; set; }

    /// <summary>Only forward queries for this domain.</summary>
    public string? Domain { get; set; }
}
