namespace Vireo.Drivers.Networks;

/// <summary>Virtual network operations (net-* commands).</summary>
public interface INetworkDriver
{
    Task<IReadOnlyList<NetworkRef>> ListAllNetworksAsync(uint flags);
    Task<NetworkRef> LookupByNameAsync(string name);
    Task<NetworkRef> LookupByUuidAsync(Guid uuid);
    Task<NetworkRef> DefineXmlAsync(string xml, uint flags);
    Task<NetworkRef> CreateXmlAsync(string xml, uint flags);
    Task CreateAsync(NetworkRef net);
    Task DestroyAsync(NetworkRef net);
    Task UndefineAsync(NetworkRef net);
    Task<string> GetXmlDescAsync(NetworkRef net, uint flags);
    Task<string> GetBridgeNameAsync(NetworkRef net);
    Task<bool> GetAutostartAsync(NetworkRef net);
    Task SetAutostartAsync(NetworkRef net, bool autostart);
    Task<bool> IsActiveAsync(NetworkRef net);
    Task<bool> IsPersistentAsync(NetworkRef net);
    Task UpdateAsync(NetworkRef net, uint command, uint section, int parentIndex, string xml, uint flags);
    Task<IReadOnlyList<DhcpLease>> GetDhcpLeasesAsync(NetworkRef net, string? mac, uint flags);
}
