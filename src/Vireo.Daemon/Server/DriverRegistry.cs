using Vireo.Drivers;
using Vireo.Protocol.Errors;

namespace Vireo.Daemon.Server;

/// <summary>Picks the driver for a URI a client opens (test:///default, test:///path.xml, qemu:///system ...).</summary>
public sealed class DriverRegistry(IEnumerable<IDriverFactory> factories, string defaultUri)
{
    private readonly Dictionary<string, IDriverFactory> _factories = factories.ToDictionary(f => f.Scheme);

    /// <summary>The URI a client gets when it opens "" (no URI).</summary>
    public string DefaultUri => defaultUri;

    public IEnumerable<string> Schemes => _factories.Keys;

    public (IConnectionDriver Driver, string Uri) Open(string? name)
    {
        string uriText = string.IsNullOrEmpty(name) ? defaultUri : name;
        if (!Uri.TryCreate(uriText, UriKind.Absolute, out var uri))
            throw new LibvirtException(ErrorCode.InvalidArg, ErrorDomain.Uri, $"invalid argument: Unable to parse URI {uriText}");
        string scheme = uri.Scheme.Split('+')[0];
        if (!_factories.TryGetValue(scheme, out var factory))
            throw new LibvirtException(ErrorCode.NoConnect, ErrorDomain.None, $"no connection driver available for {uriText}");
        return (factory.Open(uri), uriText);
    }
}
