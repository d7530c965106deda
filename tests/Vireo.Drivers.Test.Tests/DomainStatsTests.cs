using Vireo.Drivers.Domains;
using Vireo.Protocol.Errors;

namespace Vireo.Drivers.Test.Tests;

/// <summary>The test driver's made-up statistics and guest addresses.</summary>
public class DomainStatsTests
{
    private static long NowMicros() => (DateTime.UtcNow - DateTime.UnixEpoch).Ticks / 10;

    [Fact]
    public async Task Block_stats_derive_from_the_clock_for_a_known_disk()
    {
        var c = TestKit.Default();
        var test = await TestKit.Test(c);
        long lower = NowMicros();
        var byTarget = await c.Domains.GetBlockStatsAsync(test, "vda");
        long upper = NowMicros();
        Assert.InRange(byTarget.RdReq, lower / 10, upper / 10);
        Assert.InRange(byTarget.RdBytes, lower / 20, upper / 20);
        Assert.InRange(byTarget.WrReq, lower / 30, upper / 30);
        Assert.InRange(byTarget.WrBytes, lower / 40, upper / 40);
        Assert.InRange(byTarget.Errs, lower / 2_000_000, upper / 2_000_000);
        Assert.Equal(-1, byTarget.FlushReq);
        await c.Domains.GetBlockStatsAsync(test, "/guest/diskimage1");
        await TestKit.Fails(() => c.Domains.GetBlockStatsAsync(test, "vdb"), ErrorCode.InvalidArg, ErrorDomain.Test, "invalid argument: invalid path: vdb");
        await TestKit.Fails(() => c.Domains.GetBlockStatsAsync(test, ""), ErrorCode.OperationUnsupported, ErrorDomain.Test,
            "Operation not supported: summary statistics are not supported yet");
    }

    [Fact]
    public async Task Interface_stats_by_name_or_mac()
    {
        var c = TestKit.Default();
        var test = await TestKit.Test(c);
        long lower = NowMicros();
        var s = await c.Domains.GetInterfaceStatsAsync(test, "testnet0");
        long upper = NowMicros();
        Assert.InRange(s.RxBytes, lower / 10, upper / 10);
        Assert.InRange(s.RxPackets, lower / 100, upper / 100);
        Assert.InRange(s.TxPackets, lower / 110, upper / 110);
        Assert.InRange(s.TxDrop, lower / 4_000_000, upper / 4_000_000);
        await c.Domains.GetInterfaceStatsAsync(test, "aa:bb:cc:dd:ee:ff");
        await TestKit.Fails(() => c.Domains.GetInterfaceStatsAsync(test, "vnet9"), ErrorCode.InvalidArg, ErrorDomain.Domain,
            "invalid argument: 'vnet9' is not a known interface");
    }

    [Fact]
    public async Task Interface_addresses_come_from_the_network_range()
    {
        var c = TestKit.Default();
        var test = await TestKit.Test(c);
        var ifaces = await c.Domains.GetInterfaceAddressesAsync(test, DomainFlags.AddressesSrcLease, 0);
        var nic = Assert.Single(ifaces);
        Assert.Equal(("testnet0", "aa:bb:cc:dd:ee:ff"), (nic.Name, nic.HwAddr));
        Assert.Equal(new InterfaceAddress(0, "192.168.122.3", 24), Assert.Single(nic.Addresses));
        Assert.Single(await c.Domains.GetInterfaceAddressesAsync(test, DomainFlags.AddressesSrcAgent, 0));
        await TestKit.Fails(() => c.Domains.GetInterfaceAddressesAsync(test, 7, 0), ErrorCode.ArgumentUnsupported, ErrorDomain.Test,
            "argument unsupported: Unknown IP address data source 7");
    }

    [Fact]
    public async Task Interface_addresses_depend_on_domain_id_and_position()
    {
        var c = TestKit.Default();
        var xml = TestKit.NewDomainXml.Replace("</os>", """
            </os><devices>
            <interface type='network'><source network='default'/></interface>
            <interface type='bridge'><source bridge='br0'/></interface>
            </devices>
            """);
        var dom = await c.Domains.CreateXmlAsync(xml, 0); // id 2: offset 20*(2-1) + i + 1
        var ifaces = await c.Domains.GetInterfaceAddressesAsync(dom, 0, 0);
        Assert.Equal(["testnet0", "testnet1"], ifaces.Select(i => i.Name));
        Assert.Equal("192.168.122.23", ifaces[0].Addresses[0].Address);
        Assert.Equal(new InterfaceAddress(0, "192.168.0.2", 24), ifaces[1].Addresses[0]);
    }

    [Fact]
    public async Task Interface_on_a_missing_network_fails()
    {
        var c = TestKit.Default();
        var xml = TestKit.NewDomainXml.Replace("</os>", "</os><devices><interface type='network'><source network='nope'/></interface></devices>");
        var dom = await c.Domains.CreateXmlAsync(xml, 0);
        await TestKit.Fails(() => c.Domains.GetInterfaceAddressesAsync(dom, 0, 0), ErrorCode.NoNetwork, ErrorDomain.Test,
            "Network not found: no network with matching name 'nope'");
    }

    [Fact]
    public async Task Generated_interface_names_skip_names_in_use()
    {
        var c = TestKit.Default();
        var xml = TestKit.NewDomainXml.Replace("</os>", """
            </os><devices>
            <interface type='network'><source network='default'/><target dev='vnet7'/></interface>
            <interface type='network'><source network='default'/><target dev='testnet0'/></interface>
            </devices>
            """);
        var dom = await c.Domains.DefineXmlAsync(xml, 0);
        var names = System.Text.RegularExpressions.Regex.Matches(await c.Domains.GetXmlDescAsync(dom, 0), "<target dev='([^']+)'/>")
            .Select(m => m.Groups[1].Value);
        Assert.Equal(["testnet1", "testnet0"], names);
    }
}
