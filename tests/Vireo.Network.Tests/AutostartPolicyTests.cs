using Vireo.Network.Driver;

namespace Vireo.Network.Tests;

/// <summary>A private daemon in the host's own network namespace never starts networks by itself.</summary>
public class AutostartPolicyTests
{
    [Fact]
    public void PrivateRootInTheHostNamespaceDoesNotAutostart()
    {
        Assert.False(BridgeNetworkDriver.MayAutostart("/tmp/vireo-x/etc"));
        Assert.True(BridgeNetworkDriver.MayAutostart("/etc"));
    }
}
