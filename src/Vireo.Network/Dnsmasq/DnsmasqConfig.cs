using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Vireo.Model.Network;

namespace Vireo.Network.Dnsmasq;

/// <summary>
/// dnsmasq's configuration for a network, laid out as libvirt's (bind-dynamic on the bridge only, DHCP ranges
/// with netmask, static hosts in a hostsfile and DNS hosts in an addn-hosts file — both re-read on SIGHUP, which
/// is how net-update reaches a running network — forwarders, domain, TFTP and the PXE boot file).
/// </summary>
public static class DnsmasqConfig
{
    /// <summary>True when the network runs a dnsmasq (DNS on, any DHCP, or an IPv6 address to advertise); never without an address.</summary>
    public static bool Needed(NetworkDefinition def) =>
        def.Ips.Count > 0 && (def.Dns?.Enable != "no" || def.Ips.Any(i => i.DhcpRanges.Count > 0 || i.DhcpHosts.Count > 0) || HasIpv6(def));

    /// <summary>True when the network has an IPv6 address (router advertisements from dnsmasq, IPv6 forwarding).</summary>
    public static bool HasIpv6(NetworkDefinition def) =>
        def.Ips.Any(i => i.Address is not null && IPAddress.TryParse(i.Address, out var a) && a.AddressFamily == AddressFamily.InterNetworkV6);

    public static string BuildConf(NetworkDefinition def, string bridge, DnsmasqFiles files)
    {
        var sb = new StringBuilder();
        sb.Append("##WARNING:  THIS IS AN AUTO-GENERATED FILE. CHANGES TO IT ARE LIKELY TO BE\n");
        sb.Append("##OVERWRITTEN AND LOST.  Changes to this configuration should be made using:\n");
        sb.Append("##    virsh net-edit ").Append(def.Name).Append("\n## or other application using the libvirt API.\n##\n");
        sb.Append("## dnsmasq conf file created by vireod\n");
        sb.Append("strict-order\n");
        if (def.Dns?.Enable == "no")
            sb.Append("port=0\n");
        if (def.Dns is { } dns)
        {
            if (dns.ForwardPlainNames == "no")
                sb.Append("domain-needed\n");
            foreach (var f in dns.Forwarders)
            {
                sb.Append("server=");
                if (f.Domain is not null)
                    sb.Append('/').Append(f.Domain).Append('/');
                sb.Append(f.Addr ?? "").Append('\n');
            }
            if (dns.Forwarders.Any(f => f.Domain is null && f.Addr is not null))
                sb.Append("no-resolv\n");
        }
        if (def.DomainName is { } domain)
        {
            if (def.DomainLocalOnly == "yes")
                sb.Append("local=/").Append(domain).Append("/\n");
            sb.Append("domain=").Append(domain).Append("\nexpand-hosts\n");
        }
        sb.Append("pid-file=").Append(files.Pid).Append('\n');
        sb.Append("except-interface=lo\nbind-dynamic\n");
        sb.Append("interface=").Append(bridge).Append('\n');
        long leaseMax = 0;
        foreach (var ip in def.Ips)
        {
            if (ip.Address is null || !IPAddress.TryParse(ip.Address, out var addr))
                continue;
            bool v6 = addr.AddressFamily == AddressFamily.InterNetworkV6;
            int prefix = ip.EffectivePrefix ?? (v6 ? 64 : 24);
            foreach (var r in ip.DhcpRanges)
            {
                sb.Append("dhcp-range=").Append(r.Start).Append(',').Append(r.End).Append(',');
                sb.Append(v6 ? prefix.ToString(CultureInfo.InvariantCulture) : PrefixToNetmask(prefix)).Append('\n');
                leaseMax += RangeSize(r.Start, r.End);
            }
            if (ip.DhcpRanges.Count == 0 && ip.DhcpHosts.Count > 0 && !v6)
                sb.Append("dhcp-range=").Append(Network(addr, prefix)).Append(",static,").Append(PrefixToNetmask(prefix)).Append('\n');
            // An IPv6 address without DHCPv6 still gets router advertisements (SLAAC), as under libvirt.
            if (v6 && ip.DhcpRanges.Count == 0 && ip.DhcpHosts.Count == 0)
                sb.Append("dhcp-range=").Append(ip.Address).Append(",ra-only\n");
            if (ip.TftpRoot is { } root)
                sb.Append("enable-tftp\ntftp-root=").Append(root).Append('\n');
            if (ip.BootpFile is { } boot)
            {
                sb.Append("dhcp-boot=").Append(boot);
                if (ip.BootpServer is { } server)
                    sb.Append(",,").Append(server);
                sb.Append('\n');
            }
        }
        if (def.Ips.Any(i => i.DhcpRanges.Count > 0 || i.DhcpHosts.Count > 0))
        {
            sb.Append("dhcp-no-override\ndhcp-authoritative\n");
            if (leaseMax > 0)
                sb.Append("dhcp-lease-max=").Append(leaseMax.ToString(CultureInfo.InvariantCulture)).Append('\n');
            sb.Append("dhcp-hostsfile=").Append(files.HostsFile).Append('\n');
            sb.Append("dhcp-leasefile=").Append(files.Leases).Append('\n');
        }
        sb.Append("addn-hosts=").Append(files.AddnHosts).Append('\n');
        // With DHCPv6 ranges dnsmasq also sends the router advertisements (libvirt's enable-ra, once, last).
        if (def.Ips.Any(i => i.DhcpRanges.Count > 0 && i.Address is not null && IPAddress.TryParse(i.Address, out var a) && a.AddressFamily == AddressFamily.InterNetworkV6))
            sb.Append("enable-ra\n");
        return sb.ToString();
    }

    /// <summary>dhcp-hostsfile lines: "mac,ip,name" (dnsmasq re-reads the file on SIGHUP).</summary>
    public static string BuildHostsFile(NetworkDefinition def)
    {
        var sb = new StringBuilder();
        foreach (var h in def.Ips.SelectMany(i => i.DhcpHosts))
        {
            var parts = new[] { h.Mac ?? (h.Id is null ? null : "id:" + h.Id), h.Ip is null ? null : (h.Ip.Contains(':') ? "[" + h.Ip + "]" : h.Ip), h.Name }
                .Where(p => p is not null);
            sb.Append(string.Join(',', parts)).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>addn-hosts lines: "ip name1 name2" from &lt;dns&gt;&lt;host&gt;.</summary>
    public static string BuildAddnHosts(NetworkDefinition def)
    {
        var sb = new StringBuilder();
        foreach (var h in def.Dns?.Hosts ?? [])
            sb.Append(h.Ip).Append('\t').Append(string.Join('\t', h.Hostnames)).Append('\n');
        return sb.ToString();
    }

    internal static string PrefixToNetmask(int prefix)
    {
        uint mask = prefix == 0 ? 0 : uint.MaxValue << (32 - prefix);
        return new IPAddress(new[] { (byte)(mask >> 24), (byte)(mask >> 16), (byte)(mask >> 8), (byte)mask }).ToString();
    }

    private static string Network(IPAddress a, int prefix) => Host.Subnet.Of(a, prefix).Network.ToString();

    private static long RangeSize(string start, string end)
    {
        if (!IPAddress.TryParse(start, out var s) || !IPAddress.TryParse(end, out var e) || s.AddressFamily != AddressFamily.InterNetwork)
            return 0;
        static long V(IPAddress a) { var b = a.GetAddressBytes(); return (long)b[0] << 24 | (long)b[1] << 16 | (long)b[2] << 8 | b[3]; }
        return Math.Max(0, V(e) - V(s) + 1);
    }
}
