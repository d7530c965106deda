using Vireo.Protocol.Remote;
using Vireo.Protocol.Remote.Messages;

namespace Vireo.Client.Api;

/// <summary>A DHCP lease of a virtual network (virNetworkDHCPLease); type 0 = IPv4, 1 = IPv6; expiry in epoch seconds.</summary>
public sealed record NetworkDhcpLeaseInfo(
    string Interface, long ExpiryTime, int Type, string? Mac, string? Iaid, string IpAddress, uint Prefix, string? Hostname, string? ClientId);

/// <summary>A virtual network handle (virNetworkPtr): name and UUID; the daemon resolves it by UUID.</summary>
public sealed class Network
{
    internal Network(Connection connection, RemoteNonnullNetwork handle)
    {
        Connection = connection;
        Handle = handle;
    }

    public Connection Connection { get; }

    /// <summary>The identity sent on the wire (remote_nonnull_network).</summary>
    public RemoteNonnullNetwork Handle { get; }

    /// <summary>virNetworkGetName.</summary>
    public string Name => Handle.Name;

    /// <summary>virNetworkGetUUID.</summary>
    public Guid Uuid => Handle.Uuid;

    /// <summary>virNetworkGetUUIDString.</summary>
    public string UuidString => UuidText.Format(Handle.Uuid);

    public override string ToString() => Name;

    private NetworkArgs Args => new(Handle);

    /// <summary>virNetworkCreate: starts a defined network.</summary>
    public Task CreateAsync() => Connection.CallVoidAsync(RemoteProcedure.NetworkCreate, Args);

    /// <summary>Same as <see cref="CreateAsync"/> (virsh net-start).</summary>
    public Task StartAsync() => CreateAsync();

    /// <summary>virNetworkDestroy.</summary>
    public Task DestroyAsync() => Connection.CallVoidAsync(RemoteProcedure.NetworkDestroy, Args);

    /// <summary>virNetworkUndefine.</summary>
    public Task UndefineAsync() => Connection.CallVoidAsync(RemoteProcedure.NetworkUndefine, Args);

    /// <summary>virNetworkGetXMLDesc (flag 1 = inactive definition).</summary>
    public async Task<string> GetXmlDescAsync(uint flags = 0) =>
        (await Connection.CallAsync<NetworkFlagsArgs, StringRet>(RemoteProcedure.NetworkGetXmlDesc, new(Handle, flags)).ConfigureAwait(false)).Value;

    /// <summary>virNetworkGetBridgeName.</summary>
    public async Task<string> GetBridgeNameAsync() =>
        (await Connection.CallAsync<NetworkArgs, StringRet>(RemoteProcedure.NetworkGetBridgeName, Args).ConfigureAwait(false)).Value;

    /// <summary>virNetworkGetAutostart.</summary>
    public async Task<bool> GetAutostartAsync() =>
        (await Connection.CallAsync<NetworkArgs, IntRet>(RemoteProcedure.NetworkGetAutostart, Args).ConfigureAwait(false)).Value != 0;

    /// <summary>virNetworkSetAutostart.</summary>
    public Task SetAutostartAsync(bool autostart) =>
        Connection.CallVoidAsync(RemoteProcedure.NetworkSetAutostart, new NetworkSetAutostartArgs(Handle, autostart ? 1 : 0));

    /// <summary>virNetworkIsActive.</summary>
    public async Task<bool> IsActiveAsync() =>
        (await Connection.CallAsync<NetworkArgs, IntRet>(RemoteProcedure.NetworkIsActive, Args).ConfigureAwait(false)).Value != 0;

    /// <summary>virNetworkIsPersistent.</summary>
    public async Task<bool> IsPersistentAsync() =>
        (await Connection.CallAsync<NetworkArgs, IntRet>(RemoteProcedure.NetworkIsPersistent, Args).ConfigureAwait(false)).Value != 0;

    /// <summary>virNetworkUpdate: adds, modifies or deletes one element of a section of the definition.</summary>
    public Task UpdateAsync(NetworkUpdateCommand command, NetworkUpdateSection section, int parentIndex, string xml, DomainAffect flags) =>
        Connection.CallVoidAsync(RemoteProcedure.NetworkUpdate, new NetworkUpdateArgs(Handle, (uint)command, (uint)section, parentIndex, xml, (uint)flags));

    /// <summary>virNetworkGetDHCPLeases, optionally only those of one MAC address.</summary>
    public async Task<IReadOnlyList<NetworkDhcpLeaseInfo>> GetDhcpLeasesAsync(string? mac = null)
    {
        var r = await Connection.CallAsync<NetworkGetDhcpLeasesArgs, NetworkGetDhcpLeasesRet>(RemoteProcedure.NetworkGetDhcpLeases,
            new(Handle, mac, 1, 0)).ConfigureAwait(false);
        return r.Leases.Select(l => new NetworkDhcpLeaseInfo(l.Iface, l.Expirytime, l.Type, l.Mac, l.Iaid, l.Ipaddr, l.Prefix, l.Hostname, l.Clientid)).ToList();
    }
}
