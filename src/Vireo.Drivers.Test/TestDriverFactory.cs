using Vireo.Protocol.Errors;

namespace Vireo.Drivers.Test;

/// <summary>Opens the in-memory test driver: test:///default (shared for the daemon's lifetime) or test:///PATH.xml.</summary>
public sealed class TestDriverFactory : IDriverFactory
{
    public string Scheme => "test";

    public IConnectionDriver Open(Uri uri) =>
        throw new LibvirtException(ErrorCode.NoConnect, ErrorDomain.Test, $"no connection driver available for {uri}");
}
