using Vireo.Protocol.Errors;
using Vireo.Protocol.Remote;
using Vireo.Protocol.Remote.Messages;

namespace Vireo.Client.Api;

// Connection-level network calls.
public sealed partial class Connection
{
    internal Network Wrap(RemoteNonnullNetwork handle) => new(this, handle);

    /// <summary>virNetworkLookupByName.</summary>
    public async Task<Network> LookupNetworkByNameAsync(string name) =>
        Wrap((await CallAsync<StringArgs, NetworkRet>(RemoteProcedure.NetworkLookupByName, new(name)).ConfigureAwait(false)).Net);

    /// <summary>virNetworkLookupByUUID.</summary>
    public async Task<Network> LookupNetworkByUuidAsync(Guid uuid) =>
        Wrap((await CallAsync<UuidArgs, NetworkRet>(RemoteProcedure.NetworkLookupByUuid, new(uuid)).ConfigureAwait(false)).Net);

    /// <summary>virNetworkLookupByUUIDString (parsed locally).</summary>
    public Task<Network> LookupNetworkByUuidStringAsync(string uuid) =>
        UuidText.TryParse(uuid, out var parsed)
            ? LookupNetworkByUuidAsync(parsed)
            : throw LibvirtException.InvalidArg($"virNetworkLookupByUUIDString: uuid '{uuid}' is not a valid UUID",
                ErrorDomain.Network);

    /// <summary>virConnectListAllNetworks.</summary>
    public async Task<IReadOnlyList<Network>> ListAllNetworksAsync(ListNetworksFlags flags = ListNetworksFlags.None) =>
        (await CallAsync<ConnectListAllArgs, ConnectListAllNetworksRet>(RemoteProcedure.ConnectListAllNetworks, new(1, (uint)flags)).ConfigureAwait(false))
            .Nets.Select(Wrap).ToList();

    /// <summary>virNetworkDefineXML, or virNetworkDefineXMLFlags when flags are given.</summary>
    public async Task<Network> DefineNetworkXmlAsync(string xml, uint flags = 0)
    {
        var ret = flags == 0
            ? await CallAsync<StringArgs, NetworkRet>(RemoteProcedure.NetworkDefineXml, new(xml)).ConfigureAwait(false)
            : await CallAsync<XmlFlagsArgs, NetworkRet>(RemoteProcedure.NetworkDefineXmlFlags, new(xml, flags)).ConfigureAwait(false);
        return Wrap(ret.Net);
    }

    /// <summary>virNetworkCreateXML, or virNetworkCreateXMLFlags when flags are given: a transient, started network.</summary>
    public async Task<Network> CreateNetworkXmlAsync(string xml, uint flags = 0)
    {
        var ret = flags == 0
            ? await CallAsync<StringArgs, NetworkRet>(RemoteProcedure.NetworkCreateXml, new(xml)).ConfigureAwait(false)
            : await CallAsync<XmlFlagsArgs, NetworkRet>(RemoteProcedure.NetworkCreateXmlFlags, new(xml, flags)).ConfigureAwait(false);
        return Wrap(ret.Net);
    }
}
