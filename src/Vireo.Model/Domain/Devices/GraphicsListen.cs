namespace Vireo.Model.Domain.Devices;

/// <summary>One &lt;listen&gt; of a graphics device: an address, a network, a unix socket or none.</summary>
public sealed class GraphicsListen
{
    /// <summary>Listen types.</summary>
    public static readonly string[] Types = ["address", "network", "socket", "none"];

    /// <summary>Listen type.</summary>
    public string Type { get; set; } = "address";

    /// <summary>IP address (type address; also filled in for type network when running).</summary>
    public string? Address { get; set; }

    /// <summary>Virtual network name (type network).</summary>
    public string? Network { get; set; }

    /// <summary>Unix socket path (type socket).</summary>
    public string? Socket { get; set; }
}
