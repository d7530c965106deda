namespace Vireo.Model.Network;

/// <summary>A DNS &lt;host&gt;: an IP and its hostnames.</summary>
public sealed class NetworkDnsHost
{
    /// <summary>IP address.</summary>
    public string Ip { get; set; } = "";

    /// <summary>Names resolving to <see cref="Ip"/>.</summary>
    public List<string> Hostnames { get; } = [];
}
