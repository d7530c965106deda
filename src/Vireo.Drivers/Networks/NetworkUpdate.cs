using System.Net;
using System.Xml;
using System.Xml.Linq;
using Vireo.Model.Identity;
using Vireo.Model.Network;
using Vireo.Protocol.Errors;

namespace Vireo.Drivers.Networks;

/// <summary>
/// virNetworkDefUpdateSection, shared by the test and qemu network drivers: applies one net-update command to a
/// definition. Supported sections are the ones scripts use — DHCP hosts and DHCP ranges — with libvirt's matching
/// rules and messages; other sections answer "can't update 'X' section".
/// </summary>
public static class NetworkUpdate
{
    public const uint CommandModify = 1, CommandDelete = 2, CommandAddLast = 3, CommandAddFirst = 4;
    public const uint SectionIpDhcpHost = 4, SectionIpDhcpRange = 5;
    public const uint UpdateLive = 1, UpdateConfig = 2;

    private static readonly string[] SectionNames =
        ["none", "bridge", "domain", "ip", "ip-dhcp-host", "ip-dhcp-range", "forward", "forward-interface", "forward-pf",
         "portgroup", "dns-host", "dns-txt", "dns-srv"];

    private static LibvirtException Invalid(string detail) => LibvirtException.Invalid(detail, ErrorDomain.Network);

    public static void UpdateSection(NetworkDefinition def, uint command, uint section, int parentIndex, string xml)
    {
        switch (section)
        {
            case SectionIpDhcpHost:
                UpdateDhcpHost(def, command, parentIndex, ParseFragment(def, xml, "host"));
                break;
            case SectionIpDhcpRange:
                UpdateDhcpRange(def, command, parentIndex, ParseFragment(def, xml, "range"));
                break;
            default:
                string name = section < SectionNames.Length ? SectionNames[section] : section.ToString(System.Globalization.CultureInfo.InvariantCulture);
                throw LibvirtException.NoSupport($"can't update '{name}' section of network '{def.Name}'", ErrorDomain.Network);
        }
    }

    private static XElement ParseFragment(NetworkDefinition def, string xml, string expected)
    {
        XElement e;
        try
        {
            e = XElement.Parse(xml);
        }
        catch (XmlException ex)
        {
            throw new LibvirtException(ErrorCode.XmlDetail, ErrorDomain.Network, $"(network_update_xml):{ex.LineNumber}: {ex.Message}");
        }
        if (e.Name.LocalName != expected)
            throw new LibvirtException(ErrorCode.XmlError, ErrorDomain.Network,
                $"XML error: unexpected element <{e.Name.LocalName}>, expecting <{expected}>, while updating network '{def.Name}'");
        return e;
    }

    private static LibvirtException UnknownCommand(uint command) =>
        new(ErrorCode.OperationUnsupported, ErrorDomain.Network, $"Operation not supported: unrecognized network update command code {command}");

    // virNetworkIPDefByIndex: an explicit index, else the one <ip> with DHCP, else the first IPv4/IPv6 one.
    private static NetworkIp IpByIndex(NetworkDefinition def, int parentIndex, string what)
    {
        if (parentIndex >= 0)
        {
            return parentIndex < def.Ips.Count ? def.Ips[parentIndex]
                : throw Invalid($"couldn't update {what} entry - no <ip> element found at index {parentIndex} in network '{def.Name}'");
        }
        return def.Ips.FirstOrDefault(i => i.DhcpRanges.Count > 0 || i.DhcpHosts.Count > 0)
            ?? def.Ips.FirstOrDefault(i => !IsIpv6(i))
            ?? def.Ips.FirstOrDefault()
            ?? throw Invalid($"couldn't update {what} entry - no <ip> element found in network '{def.Name}'");
    }

    private static bool IsIpv6(NetworkIp ip) =>
        ip.Family == "ipv6" || (ip.Address is not null && IPAddress.TryParse(ip.Address, out var a) && a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6);

    private static void UpdateDhcpHost(NetworkDefinition def, uint command, int parentIndex, XElement e)
    {
        var ip = IpByIndex(def, parentIndex, "dhcp host");
        var host = new NetworkDhcpHost
        {
            Mac = e.Attribute("mac")?.Value,
            Id = e.Attribute("id")?.Value,
            Name = e.Attribute("name")?.Value,
            Ip = e.Attribute("ip")?.Value,
            Lease = e.Element("lease") is { } l ? new XElement(l) : null,
        };
        MacAddress? mac = null;
        if (host.Mac is not null)
        {
            if (!MacAddress.TryParse(host.Mac, out var m))
                throw new LibvirtException(ErrorCode.XmlError, ErrorDomain.Network, $"XML error: Cannot parse MAC address '{host.Mac}' in network '{def.Name}'");
            if (m.IsMulticast)
                throw new LibvirtException(ErrorCode.XmlError, ErrorDomain.Network,
                    $"XML error: expected unicast mac address, found multicast '{host.Mac}' in network '{def.Name}'");
            mac = m;
        }
        IPAddress? addr = null;
        if (host.Ip is not null)
        {
            if (!NetworkIp.TryParseIp(host.Ip, out var a))
                throw new LibvirtException(ErrorCode.XmlError, ErrorDomain.Network, $"XML error: Invalid IP address in static host definition for network '{def.Name}'");
            addr = a;
        }

        bool SameMac(NetworkDhcpHost h) => mac is not null && h.Mac is not null && MacAddress.TryParse(h.Mac, out var hm) && hm == mac;
        bool SameIp(NetworkDhcpHost h) => addr is not null && h.Ip is not null && IPAddress.TryParse(h.Ip, out var ha) && ha.Equals(addr);
        bool SameName(NetworkDhcpHost h) => host.Name is not null && h.Name == host.Name;

        switch (command)
        {
            case CommandModify:
                {
                    int i = ip.DhcpHosts.FindIndex(h => SameMac(h) || SameIp(h) || SameName(h));
                    if (i < 0)
                    {
                        string what = host.Mac is not null ? $"mac='{host.Mac}'" : host.Name is not null ? $"name='{host.Name}'" : $"ip='{host.Ip}'";
                        throw Invalid($"couldn't locate an existing dhcp host entry with \"{what}\" in network '{def.Name}'");
                    }
                    ip.DhcpHosts[i] = host;
                    break;
                }
            case CommandAddFirst or CommandAddLast:
                {
                    if (host.Ip is null)
                        throw new LibvirtException(ErrorCode.XmlError, ErrorDomain.Network, $"XML error: Missing IP address in static host definition for network '{def.Name}'");
                    if (ip.DhcpHosts.Any(h => SameMac(h) || SameName(h) || SameIp(h)))
                        throw Invalid($"there is an existing dhcp host entry in network '{def.Name}' that matches " +
                            $"\"<host mac='{host.Mac ?? "unknown"}' name='{host.Name ?? "(null)"}' ip='{host.Ip}'/>\"");
                    if (command == CommandAddFirst)
                        ip.DhcpHosts.Insert(0, host);
                    else
                        ip.DhcpHosts.Add(host);
                    break;
                }
            case CommandDelete:
                {
                    int i = ip.DhcpHosts.FindIndex(h =>
                        (mac is null || h.Mac is null || SameMac(h)) && (host.Name is null || h.Name == host.Name) && (addr is null || SameIp(h)));
                    if (i < 0)
                        throw Invalid($"couldn't locate a matching dhcp host entry in network '{def.Name}'");
                    ip.DhcpHosts.RemoveAt(i);
                    break;
                }
            default:
                throw UnknownCommand(command);
        }
    }

    private static void UpdateDhcpRange(NetworkDefinition def, uint command, int parentIndex, XElement e)
    {
        var ip = IpByIndex(def, parentIndex, "dhcp range");
        var range = new NetworkDhcpRange
        {
            Start = e.Attribute("start")?.Value ?? throw new LibvirtException(ErrorCode.XmlError, ErrorDomain.Network,
                $"XML error: Missing 'start' attribute in dhcp range for network '{def.Name}'"),
            End = e.Attribute("end")?.Value ?? throw new LibvirtException(ErrorCode.XmlError, ErrorDomain.Network,
                $"XML error: Missing 'end' attribute in dhcp range for network '{def.Name}'"),
            Lease = e.Element("lease") is { } l ? new XElement(l) : null,
        };
        int existing = ip.DhcpRanges.FindIndex(r => r.Start == range.Start && r.End == range.End);
        switch (command)
        {
            case CommandModify:
                throw LibvirtException.NoSupport("dhcp ranges cannot be modified, only added or deleted", ErrorDomain.Network);
            case CommandAddFirst or CommandAddLast:
                if (existing >= 0)
                    throw Invalid($"there is an existing dhcp range entry in network '{def.Name}' that matches " +
                        $"\"<range start='{range.Start}' end='{range.End}'/>\"");
                if (command == CommandAddFirst)
                    ip.DhcpRanges.Insert(0, range);
                else
                    ip.DhcpRanges.Add(range);
                break;
            case CommandDelete:
                if (existing < 0)
                    throw Invalid($"couldn't locate a matching dhcp range entry in network '{def.Name}'");
                ip.DhcpRanges.RemoveAt(existing);
                break;
            default:
                throw UnknownCommand(command);
        }
    }
}
