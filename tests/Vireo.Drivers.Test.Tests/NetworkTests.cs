using Vireo.Drivers.Events;
using Vireo.Drivers.Networks;
using Vireo.Protocol.Errors;

namespace Vireo.Drivers.Test.Tests;

/// <summary>Virtual networks of the test driver.</summary>
public class NetworkTests
{
    private const string Net2 = "<network><name>net2</name><bridge name='virbr9'/><ip address='10.9.9.1' netmask='255.255.255.0'/></network>";
    private const uint AddLast = 3, AddFirst = 4, Modify = 1, Delete = 2, DhcpHost = 4, DhcpRange = 5, DnsHost = 10;

    private static (string Name, int Event)[] Events(EventLog log) =>
        log.All.OfType<NetworkLifecycleEvent>().Select(e => (e.Network.Name, e.Event)).ToArray();

    [Fact]
    public async Task Define_start_destroy_undefine_with_events()
    {
        var c = TestKit.Default();
        using var log = new EventLog(c);
        var n = await c.Networks.DefineXmlAsync(Net2, 0);
        Assert.NotEqual(Guid.Empty, n.Uuid);
        Assert.Equal($"""
            <network>
              <name>net2</name>
              <uuid>{n.Uuid:D}</uuid>
              <bridge name='virbr9' stp='on' delay='0'/>
              <ip address='10.9.9.1' netmask='255.255.255.0'>
              </ip>
            </network>

            """, await c.Networks.GetXmlDescAsync(n, 0));
        Assert.False(await c.Networks.IsActiveAsync(n));
        Assert.True(await c.Networks.IsPersistentAsync(n));
        await c.Networks.CreateAsync(n);
        await TestKit.Fails(() => c.Networks.CreateAsync(n), ErrorCode.OperationInvalid, ErrorDomain.Test,
            "Requested operation is not valid: Network 'net2' is already running");
        await TestKit.Fails(() => c.Networks.UndefineAsync(n), ErrorCode.OperationInvalid, ErrorDomain.Test,
            "Requested operation is not valid: Network 'net2' is still running");
        await c.Networks.DestroyAsync(n);
        await c.Networks.DestroyAsync(n); // libvirt's test driver does not check
        Assert.True(await c.Networks.IsPersistentAsync(n));
        await c.Networks.UndefineAsync(n);
        await TestKit.Fails(() => c.Networks.IsActiveAsync(n), ErrorCode.NoNetwork, ErrorDomain.Test,
            $"Network not found: no network with matching uuid '{n.Uuid:D}'");
        await TestKit.Fails(() => c.Networks.CreateAsync(n), ErrorCode.NoNetwork, ErrorDomain.Test,
            "Network not found: no network with matching name 'net2'");
        Assert.Equal([("net2", 0), ("net2", 2), ("net2", 3), ("net2", 3), ("net2", 1)], Events(log));
    }

    [Fact]
    public async Task Transient_network_disappears_on_destroy()
    {
        var c = TestKit.Default();
        var n = await c.Networks.CreateXmlAsync(Net2, 0);
        Assert.True(await c.Networks.IsActiveAsync(n));
        Assert.False(await c.Networks.IsPersistentAsync(n));
        await c.Networks.SetAutostartAsync(n, true);
        await c.Networks.DestroyAsync(n);
        await TestKit.Fails(() => c.Networks.LookupByNameAsync("net2"), ErrorCode.NoNetwork, ErrorDomain.Test,
            "Network not found: no network with matching name 'net2'");
    }

    [Fact]
    public async Task Clashes_and_lookups()
    {
        var c = TestKit.Default();
        var n = await c.Networks.DefineXmlAsync(Net2, 0);
        await TestKit.Fails(() => c.Networks.DefineXmlAsync(Net2, 0), ErrorCode.OperationFailed, ErrorDomain.Network,
            $"operation failed: network 'net2' already exists with uuid {n.Uuid:D}");
        await TestKit.Fails(() => c.Networks.CreateXmlAsync(Net2, 0), ErrorCode.OperationFailed, ErrorDomain.Network,
            $"operation failed: network 'net2' already exists with uuid {n.Uuid:D}");
        var renamed = Net2.Replace("<name>net2</name>", $"<name>net3</name><uuid>{n.Uuid:D}</uuid>");
        await TestKit.Fails(() => c.Networks.DefineXmlAsync(renamed, 0), ErrorCode.OperationFailed, ErrorDomain.Network,
            $"operation failed: network 'net2' is already defined with uuid {n.Uuid:D}");
        await TestKit.Fails(() => c.Networks.LookupByNameAsync("x"), ErrorCode.NoNetwork, ErrorDomain.Test,
            "Network not found: no network with matching name 'x'");
        await TestKit.Fails(() => c.Networks.LookupByUuidAsync(Guid.Parse("11111111-2222-3333-4444-555555555555")), ErrorCode.NoNetwork,
            ErrorDomain.Test, "Network not found: no network with matching uuid '11111111-2222-3333-4444-555555555555'");
        Assert.Equal(n, await c.Networks.LookupByUuidAsync(n.Uuid));
        var nb = await c.Networks.DefineXmlAsync("<network><name>nb</name></network>", 0);
        await TestKit.Fails(() => c.Networks.GetBridgeNameAsync(nb), ErrorCode.InternalError, ErrorDomain.Test,
            "internal error: network 'nb' does not have a bridge name.");
        await TestKit.Fails(() => c.Networks.GetXmlDescAsync(n, NetworkFlags.XmlInactive), ErrorCode.InvalidArg, ErrorDomain.Test,
            "unsupported flags (0x1) in function testNetworkGetXMLDesc");
        await TestKit.Fails(() => c.Networks.GetDhcpLeasesAsync(n, null, 0), ErrorCode.NoSupport, ErrorDomain.Network,
            "this function is not supported by the connection driver: virNetworkGetDHCPLeases");
    }

    [Fact]
    public async Task Listing_and_autostart()
    {
        var c = TestKit.Default();
        var n = await c.Networks.DefineXmlAsync(Net2, 0);
        await c.Networks.SetAutostartAsync(n, true);
        async Task<string[]> Names(uint f) => (await c.Networks.ListAllNetworksAsync(f)).Select(x => x.Name).Order().ToArray();
        Assert.Equal(["default", "net2"], await Names(0));
        Assert.Equal(["default"], await Names(NetworkFlags.ListActive));
        Assert.Equal(["net2"], await Names(NetworkFlags.ListInactive));
        Assert.Equal(["net2"], await Names(NetworkFlags.ListAutostart));
        await TestKit.Fails(() => c.Networks.ListAllNetworksAsync(1 << 10), ErrorCode.InvalidArg, ErrorDomain.Test,
            "unsupported flags (0x400) in function testConnectListAllNetworks");
    }

    [Fact]
    public async Task Update_dhcp_hosts()
    {
        var c = TestKit.Default();
        var d = await c.Networks.LookupByNameAsync("default");
        await c.Networks.UpdateAsync(d, AddLast, DhcpHost, -1, "<host mac='52:54:00:00:00:01' name='h1' ip='192.168.122.5'/>", 0);
        await c.Networks.UpdateAsync(d, AddLast, DhcpHost, -1, "<host mac='52:54:00:00:00:02' name='h2' ip='192.168.122.6'/>", 3);
        await TestKit.Fails(() => c.Networks.UpdateAsync(d, AddLast, DhcpHost, -1, "<host mac='52:54:00:00:00:02' name='h2' ip='192.168.122.6'/>", 0),
            ErrorCode.OperationInvalid, ErrorDomain.Network,
            "Requested operation is not valid: there is an existing dhcp host entry in network 'default' that matches \"<host mac='52:54:00:00:00:02' name='h2' ip='192.168.122.6'/>\"");
        await c.Networks.UpdateAsync(d, Delete, DhcpHost, -1, "<host mac='52:54:00:00:00:02' name='h2' ip='192.168.122.6'/>", 0);
        await TestKit.Fails(() => c.Networks.UpdateAsync(d, Delete, DhcpHost, -1, "<host mac='52:54:00:00:00:09' name='h9' ip='192.168.122.9'/>", 0),
            ErrorCode.OperationInvalid, ErrorDomain.Network, "Requested operation is not valid: couldn't locate a matching dhcp host entry in network 'default'");
        await c.Networks.UpdateAsync(d, Modify, DhcpHost, -1, "<host mac='52:54:00:00:00:01' name='h1x' ip='192.168.122.7'/>", 0);
        await c.Networks.UpdateAsync(d, AddFirst, DhcpHost, -1, "<host mac='52:54:00:00:00:03' name='h3' ip='192.168.122.8'/>", 0);
        await c.Networks.UpdateAsync(d, AddLast, DhcpRange, -1, "<range start='192.168.122.2' end='192.168.122.100'/>", 0);
        Assert.Equal("""
            <network>
              <name>default</name>
              <uuid>dd8fe884-6c02-601e-7551-cca97df1c5df</uuid>
              <forward mode='nat'/>
              <bridge name='virbr0' stp='on' delay='0'/>
              <ip address='192.168.122.1' netmask='255.255.255.0'>
                <dhcp>
                  <range start='192.168.122.2' end='192.168.122.254'/>
                  <range start='192.168.122.2' end='192.168.122.100'/>
                  <host mac='52:54:00:00:00:03' name='h3' ip='192.168.122.8'/>
                  <host mac='52:54:00:00:00:01' name='h1x' ip='192.168.122.7'/>
                </dhcp>
              </ip>
            </network>

            """, await c.Networks.GetXmlDescAsync(d, 0));
    }

    [Fact]
    public async Task Update_errors()
    {
        var c = TestKit.Default();
        var d = await c.Networks.LookupByNameAsync("default");
        await TestKit.Fails(() => c.Networks.UpdateAsync(d, AddLast, DhcpHost, -1, "<hostx/>", 0), ErrorCode.XmlError, ErrorDomain.Network,
            "XML error: unexpected element <hostx>, expecting <host>, while updating network 'default'");
        await TestKit.Fails(() => c.Networks.UpdateAsync(d, 9, DhcpHost, -1, "<host mac='52:54:00:00:00:01' ip='192.168.122.7'/>", 0),
            ErrorCode.OperationUnsupported, ErrorDomain.Network, "Operation not supported: unrecognized network update command code 9");
        await TestKit.Fails(() => c.Networks.UpdateAsync(d, AddLast, DnsHost, -1, "<host ip='192.168.122.1'><hostname>gw</hostname></host>", 0),
            ErrorCode.NoSupport, ErrorDomain.Network, "this function is not supported by the connection driver: can't update 'dns-host' section of network 'default'");
        var n = await c.Networks.DefineXmlAsync(Net2, 0);
        await TestKit.Fails(() => c.Networks.UpdateAsync(n, AddLast, DhcpHost, -1, "<host mac='52:54:00:00:00:01' ip='10.9.9.5'/>", 1),
            ErrorCode.OperationInvalid, ErrorDomain.Network, "Requested operation is not valid: network is not running");
        var t = await c.Networks.CreateXmlAsync(Net2.Replace("net2", "tnet").Replace("virbr9", "virbr8").Replace("10.9.9", "10.8.8"), 0);
        await TestKit.Fails(() => c.Networks.UpdateAsync(t, AddLast, DhcpHost, -1, "<host mac='52:54:00:00:00:01' ip='10.8.8.5'/>", 2),
            ErrorCode.OperationInvalid, ErrorDomain.Network, "Requested operation is not valid: cannot change persistent config of a transient network");
    }

    [Fact]
    public async Task Config_only_update_of_a_running_network_is_not_shown()
    {
        var c = TestKit.Default();
        var d = await c.Networks.LookupByNameAsync("default");
        var before = await c.Networks.GetXmlDescAsync(d, 0);
        await c.Networks.UpdateAsync(d, AddLast, DhcpHost, -1, "<host mac='52:54:00:00:00:01' name='h1' ip='192.168.122.5'/>", 2);
        Assert.Equal(before, await c.Networks.GetXmlDescAsync(d, 0));
    }
}
