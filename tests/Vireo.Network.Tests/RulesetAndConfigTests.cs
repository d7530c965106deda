using System.Net;
using Vireo.Model.Network;
using Vireo.Network.Dnsmasq;
using Vireo.Network.Driver;
using Vireo.Network.Firewall;
using Vireo.Network.Host;

namespace Vireo.Network.Tests;

/// <summary>The generated nftables script, dnsmasq config and lease parsing, checked text for text.</summary>
public class RulesetAndConfigTests
{
    private static readonly Subnet Net122 = Subnet.Of(IPAddress.Parse("192.168.122.1"), 24);

    [Fact]
    public void NatTableMasqueradesTheSubnetWithThePortRangeAndReplacesItselfAtomically()
    {
        var script = NftRuleset.Build(new FirewallSpec("virbr0", "nat", [Net122], 2000, 3000));
        Assert.StartsWith("add table inet vireo_virbr0\ndelete table inet vireo_virbr0\ntable inet vireo_virbr0 {", script);
        Assert.Contains("meta l4proto { tcp, udp } ip saddr 192.168.122.0/24 ip daddr != 192.168.122.0/24 masquerade to :2000-3000\n", script);
        Assert.Contains("oifname \"virbr0\" ip daddr 192.168.122.0/24 ct state related,established accept\n", script);
        Assert.Contains("iifname \"virbr0\" ip saddr 192.168.122.0/24 accept\n", script);
        Assert.Contains("ip daddr 255.255.255.255 return", script);
    }

    [Fact]
    public void RoutedTableHasNoNatAndIsolatedRejectsBothWays()
    {
        var routed = NftRuleset.Build(new FirewallSpec("br1", "route", [Net122]));
        Assert.DoesNotContain("masquerade", routed);
        Assert.Contains("oifname \"br1\" ip daddr 192.168.122.0/24 accept\n", routed);
        var isolated = NftRuleset.Build(new FirewallSpec("br2", "none", [Net122]));
        Assert.DoesNotContain(" accept\n    iifname \"br2\" ip saddr", isolated);
        Assert.Contains("iifname \"br2\" reject\n    oifname \"br2\" reject\n", isolated);
        Assert.False(NftRuleset.NeedsTable("open"));
        Assert.False(NftRuleset.NeedsTable("bridge"));
    }

    [Fact]
    public void DnsmasqConfigForTheDefaultNetworkMatchesLibvirtsLayout()
    {
        var def = NetworkDefinition.Parse(DefaultNetwork.Xml);
        var conf = DnsmasqConfig.BuildConf(def, "virbr0", new DnsmasqFiles("/run/vireo/network", "default"));
        var expected = """
            strict-order
            pid-file=/run/vireo/network/default.pid
            except-interface=lo
            bind-dynamic
            interface=virbr0
            dhcp-range=192.168.122.2,192.168.122.254,255.255.255.0
            dhcp-no-override
            dhcp-authoritative
            dhcp-lease-max=253
            dhcp-hostsfile=/run/vireo/network/default.hostsfile
            dhcp-leasefile=/run/vireo/network/default.leases
            addn-hosts=/run/vireo/network/default.addnhosts

            """.Replace("\r", "");
        Assert.EndsWith(expected, conf);
    }

    [Fact]
    public void DnsmasqConfigCarriesDomainForwardersTftpBootpAndStaticHosts()
    {
        var def = NetworkDefinition.Parse("""
            <network>
              <name>pxe</name>
              <forward mode='route'/>
              <bridge name='vbr9'/>
              <domain name='lab.example' localOnly='yes'/>
              <dns>
                <forwarder addr='10.0.0.53'/>
                <forwarder domain='corp.example' addr='10.1.1.1'/>
                <host ip='192.168.50.7'><hostname>printer</hostname><hostname>lp</hostname></host>
              </dns>
              <ip address='192.168.50.1' prefix='24'>
                <tftp root='/srv/tftp'/>
                <dhcp>
                  <range start='192.168.50.100' end='192.168.50.109'/>
                  <host mac='52:54:00:aa:bb:cc' name='web' ip='192.168.50.20'/>
                  <bootp file='pxelinux.0' server='192.168.50.1'/>
                </dhcp>
              </ip>
            </network>
            """);
        var conf = DnsmasqConfig.BuildConf(def, "vbr9", new DnsmasqFiles("/r", "pxe"));
        foreach (var line in new[] { "server=10.0.0.53", "server=/corp.example/10.1.1.1", "no-resolv", "local=/lab.example/", "domain=lab.example",
            "expand-hosts", "dhcp-range=192.168.50.100,192.168.50.109,255.255.255.0", "enable-tftp", "tftp-root=/srv/tftp",
            "dhcp-boot=pxelinux.0,,192.168.50.1", "dhcp-lease-max=10" })
            Assert.Contains(line + "\n", conf);
        Assert.Equal("52:54:00:aa:bb:cc,192.168.50.20,web\n", DnsmasqConfig.BuildHostsFile(def));
        Assert.Equal("192.168.50.7\tprinter\tlp\n", DnsmasqConfig.BuildAddnHosts(def));
    }

    [Fact]
    public void LeaseFileParsesIpv4AndIpv6Leases()
    {
        var leases = LeaseFile.Parse([
            "1764111111 52:54:00:AB:CD:EF 192.168.122.45 guest1 01:52:54:00:ab:cd:ef",
            "1764111112 52:54:00:11:22:33 192.168.122.46 * *",
            "duid 00:01:00:01:2c:5f:ab:cd:52:54:00:00:00:01",
            "1764111113 1234 fd00::10 guest6 00:04:aa",
        ]);
        Assert.Equal(3, leases.Count);
        Assert.Equal(new Lease(1764111111, "52:54:00:ab:cd:ef", "192.168.122.45", "guest1", "01:52:54:00:ab:cd:ef", null), leases[0]);
        Assert.Null(leases[1].Hostname);
        Assert.Equal("1234", leases[2].Iaid);
        Assert.Equal("fd00::10", leases[2].Ip);
    }

    [Fact]
    public void SubnetsOverlapWhenOneContainsTheOther()
    {
        Assert.True(Net122.Overlaps(Subnet.TryParse("192.168.0.0/16")!));
        Assert.True(Net122.Overlaps(Subnet.TryParse("192.168.122.77")!));
        Assert.False(Net122.Overlaps(Subnet.TryParse("192.168.123.0/24")!));
        Assert.Equal("192.168.122.0/24", Net122.ToString());
    }
}
