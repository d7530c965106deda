using Vireo.Drivers.Networks;
using Vireo.Protocol.Errors;

namespace Vireo.Drivers.Qemu.Unsupported;

/// <summary>Virtual networks on qemu:/// until the networks issue lands: none exist, and changing them is not supported.</summary>
internal sealed class QemuNetworkDriver : INetworkDriver
{
    private static LibvirtException NoNetwork(string detail) => new(ErrorCode.NoNetwork, ErrorDomain.Network, "Network not found: " + detail);
    private static LibvirtException NotYet(string api) => LibvirtException.NoSupport(api, ErrorDomain.Network);

    public Task<IReadOnlyList<NetworkRef>> ListAllNetworksAsync(uint flags) => Task.FromResult<IReadOnlyList<NetworkRef>>([]);
    public Task<NetworkRef> LookupByNameAsync(string name) => throw NoNetwork($"no network with matching name '{name}'");
    public Task<NetworkRef> LookupByUuidAsync(Guid uuid) => throw NoNetwork($"no network with matching uuid '{uuid:D}'");
    public Task<NetworkRef> DefineXmlAsync(string xml, uint flags) => throw NotYet("virNetworkDefineXML");
    public Task<NetworkRef> CreateXmlAsync(string xml, uint flags) => throw NotYet("virNetworkCreateXML");
    public Task CreateAsync(NetworkRef net) => throw NotYet("virNetworkCreate");
    public Task DestroyAsync(NetworkRef net) => throw NotYet("virNetworkDestroy");
    public Task UndefineAsync(NetworkRef net) => throw NotYet("virNetworkUndefine");
    public Task<string> GetXmlDescAsync(NetworkRef net, uint flags) => throw NoNetwork($"no network with matching name '{net.Name}'");
    public Task<string> GetBridgeNameAsync(NetworkRef net) => throw NoNetwork($"no network with matching name '{net.Name}'");
    public Task<bool> GetAutostartAsync(NetworkRef net) => throw NoNetwork($"no network with matching name '{net.Name}'");
    public Task SetAutostartAsync(NetworkRef net, bool autostart) => throw NotYet("virNetworkSetAutostart");
    public Task<bool> IsActiveAsync(NetworkRef net) => throw NoNetwork($"no network with matching name '{net.Name}'");
    public Task<bool> IsPersistentAsync(NetworkRef net) => throw NoNetwork($"no network with matching name '{net.Name}'");
    public Task UpdateAsync(NetworkRef net, uint command, uint section, int parentIndex, string xml, uint flags) => throw NotYet("virNetworkUpdate");
    public Task<IReadOnlyList<DhcpLease>> GetDhcpLeasesAsync(NetworkRef net, string? mac, uint flags) => throw NoNetwork($"no network with matching name '{net.Name}'");
}
