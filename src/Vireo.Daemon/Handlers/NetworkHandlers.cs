using Vireo.Daemon.Dispatch;
using Vireo.Drivers.Networks;
using Vireo.Protocol.Remote;
using Vireo.Protocol.Remote.Messages;

namespace Vireo.Daemon.Handlers;

/// <summary>Virtual network procedures (net-* commands).</summary>
public static class NetworkHandlers
{
    private static INetworkDriver N(CallContext ctx) => ctx.Driver.Networks;

    public static void Register(ProcedureRegistry r)
    {
        r.Add<ConnectListAllArgs, ConnectListAllNetworksRet>(RemoteProcedure.ConnectListAllNetworks, async (ctx, a) =>
        {
            var nets = await N(ctx).ListAllNetworksAsync(a.Flags).ConfigureAwait(false);
            return new ConnectListAllNetworksRet(a.NeedResults != 0 ? nets.Select(n => n.ToWire()).ToArray() : [], (uint)nets.Count);
        });
        r.AddNoArgs(RemoteProcedure.ConnectNumOfNetworks, async ctx => new IntRet((await N(ctx).ListAllNetworksAsync(NetworkFlags.ListActive).ConfigureAwait(false)).Count));
        r.AddNoArgs(RemoteProcedure.ConnectNumOfDefinedNetworks, async ctx => new IntRet((await N(ctx).ListAllNetworksAsync(NetworkFlags.ListInactive).ConfigureAwait(false)).Count));
        r.Add<MaxNamesArgs, NameListRet>(RemoteProcedure.ConnectListNetworks, async (ctx, a) =>
            new NameListRet((await N(ctx).ListAllNetworksAsync(NetworkFlags.ListActive).ConfigureAwait(false)).Select(n => n.Name).Take(Math.Max(0, a.MaxNames)).ToArray()));
        r.Add<MaxNamesArgs, NameListRet>(RemoteProcedure.ConnectListDefinedNetworks, async (ctx, a) =>
            new NameListRet((await N(ctx).ListAllNetworksAsync(NetworkFlags.ListInactive).ConfigureAwait(false)).Select(n => n.Name).Take(Math.Max(0, a.MaxNames)).ToArray()));
        r.Add<StringArgs, NetworkRet>(RemoteProcedure.NetworkLookupByName, async (ctx, a) => new NetworkRet((await N(ctx).LookupByNameAsync(a.Value).ConfigureAwait(false)).ToWire()));
        r.Add<UuidArgs, NetworkRet>(RemoteProcedure.NetworkLookupByUuid, async (ctx, a) => new NetworkRet((await N(ctx).LookupByUuidAsync(a.Uuid).ConfigureAwait(false)).ToWire()));
        r.Add<StringArgs, NetworkRet>(RemoteProcedure.NetworkDefineXml, async (ctx, a) => new NetworkRet((await N(ctx).DefineXmlAsync(a.Value, 0).ConfigureAwait(false)).ToWire()));
        r.Add<XmlFlagsArgs, NetworkRet>(RemoteProcedure.NetworkDefineXmlFlags, async (ctx, a) => new NetworkRet((await N(ctx).DefineXmlAsync(a.Xml, a.Flags).ConfigureAwait(false)).ToWire()));
        r.Add<StringArgs, NetworkRet>(RemoteProcedure.NetworkCreateXml, async (ctx, a) => new NetworkRet((await N(ctx).CreateXmlAsync(a.Value, 0).ConfigureAwait(false)).ToWire()));
        r.Add<XmlFlagsArgs, NetworkRet>(RemoteProcedure.NetworkCreateXmlFlags, async (ctx, a) => new NetworkRet((await N(ctx).CreateXmlAsync(a.Xml, a.Flags).ConfigureAwait(false)).ToWire()));
        r.Add<NetworkArgs>(RemoteProcedure.NetworkCreate, (ctx, a) => N(ctx).CreateAsync(a.Net.ToRef()));
        r.Add<NetworkArgs>(RemoteProcedure.NetworkDestroy, (ctx, a) => N(ctx).DestroyAsync(a.Net.ToRef()));
        r.Add<NetworkArgs>(RemoteProcedure.NetworkUndefine, (ctx, a) => N(ctx).UndefineAsync(a.Net.ToRef()));
        r.Add<NetworkFlagsArgs, StringRet>(RemoteProcedure.NetworkGetXmlDesc, async (ctx, a) => new StringRet(await N(ctx).GetXmlDescAsync(a.Net.ToRef(), a.Flags).ConfigureAwait(false)));
        r.Add<NetworkArgs, StringRet>(RemoteProcedure.NetworkGetBridgeName, async (ctx, a) => new StringRet(await N(ctx).GetBridgeNameAsync(a.Net.ToRef()).ConfigureAwait(false)));
        r.Add<NetworkArgs, IntRet>(RemoteProcedure.NetworkGetAutostart, async (ctx, a) => new IntRet(await N(ctx).GetAutostartAsync(a.Net.ToRef()).ConfigureAwait(false) ? 1 : 0));
        r.Add<NetworkSetAutostartArgs>(RemoteProcedure.NetworkSetAutostart, (ctx, a) => N(ctx).SetAutostartAsync(a.Net.ToRef(), a.Autostart != 0));
        r.Add<NetworkArgs, IntRet>(RemoteProcedure.NetworkIsActive, async (ctx, a) => new IntRet(await N(ctx).IsActiveAsync(a.Net.ToRef()).ConfigureAwait(false) ? 1 : 0));
        r.Add<NetworkArgs, IntRet>(RemoteProcedure.NetworkIsPersistent, async (ctx, a) => new IntRet(await N(ctx).IsPersistentAsync(a.Net.ToRef()).ConfigureAwait(false) ? 1 : 0));
        r.Add<NetworkUpdateArgs>(RemoteProcedure.NetworkUpdate, (ctx, a) => N(ctx).UpdateAsync(a.Net.ToRef(), a.Command, a.Section, a.ParentIndex, a.Xml, a.Flags));
        r.Add<NetworkGetDhcpLeasesArgs, NetworkGetDhcpLeasesRet>(RemoteProcedure.NetworkGetDhcpLeases, async (ctx, a) =>
        {
            var leases = await N(ctx).GetDhcpLeasesAsync(a.Net.ToRef(), a.Mac, a.Flags).ConfigureAwait(false);
            var wire = leases.Select(l => new NetworkDhcpLease(l.Iface, l.ExpiryTime, l.Type, l.Mac, l.Iaid, l.IpAddr, l.Prefix, l.Hostname, l.ClientId)).ToArray();
            return new NetworkGetDhcpLeasesRet(a.NeedResults != 0 ? wire : [], (uint)wire.Length);
        });
    }
}
