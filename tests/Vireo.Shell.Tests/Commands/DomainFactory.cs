using Vireo.Client.Api;
using Vireo.Protocol.Remote;

namespace Vireo.Shell.Tests.Commands;

/// <summary>Domain handles without a connection, for formatting tests.</summary>
internal static class DomainFactory
{
    public static Domain Detached(string name, int id = -1) => new(null!, new RemoteNonnullDomain(name, Guid.Empty, id));
}
