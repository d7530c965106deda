using System.Net;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Vireo.Client.Api;
using Vireo.Protocol.Errors;
using Vireo.Web.Hosts;
using Vireo.Web.Xml;

namespace Vireo.Web.Api;

/// <summary>Host details (16.14–16.15): overview, virtual networks and storage pools with their create wizards.</summary>
public static partial class HostEndpoints
{
    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,49}$")]
    private static partial Regex ObjectName();

    public static void Map(RouteGroupBuilder api)
    {
        var h = api.MapGroup("/c/{cid}");
        h.MapGet("/host", async (string cid, ConnectionManager m) => await DetailsAsync(m.Get(cid)));
        h.MapPost("/networks", async (string cid, CreateNetworkRequest req, ConnectionManager m) =>
        {
            var conn = m.Get(cid).Require();
            var net = await conn.DefineNetworkXmlAsync(NetworkXml(req));
            await net.CreateAsync();
            await net.SetAutostartAsync(true);
            return new MessageReply($"network {net.Name} created and started");
        });
        h.MapPost("/networks/{name}/{verb}", async (string cid, string name, string verb, ConnectionManager m) =>
        {
            var net = await m.Get(cid).Require().LookupNetworkByNameAsync(name);
            switch (verb)
            {
                case "start": await net.CreateAsync(); break;
                case "stop": await net.DestroyAsync(); break;
                case "delete":
                    if (await net.IsActiveAsync()) await net.DestroyAsync();
                    await net.UndefineAsync();
                    break;
                case "autostart": await net.SetAutostartAsync(true); break;
                case "noautostart": await net.SetAutostartAsync(false); break;
                default: throw new WebInputException($"unknown action '{verb}'");
            }
            return new MessageReply($"network {name}: {verb} done");
        });
        h.MapPost("/pools", async (string cid, CreatePoolRequest req, ConnectionManager m) =>
        {
            var conn = m.Get(cid).Require();
            var pool = await conn.DefineStoragePoolXmlAsync(PoolXml(req));
            try
            {
                await pool.BuildAsync(StoragePoolBuildFlags.New);
            }
            catch (LibvirtException)
            {
                // building is optional (the directory or volume group may exist): starting says what is missing
            }
            await pool.CreateAsync();
            await pool.SetAutostartAsync(true);
            return new MessageReply($"pool {pool.Name} created and started");
        });
        h.MapPost("/pools/{name}/{verb}", async (string cid, string name, string verb, ConnectionManager m) =>
        {
            var pool = await m.Get(cid).Require().LookupStoragePoolByNameAsync(name);
            switch (verb)
            {
                case "start": await pool.CreateAsync(); break;
                case "stop": await pool.DestroyAsync(); break;
                case "refresh": await pool.RefreshAsync(); break;
                case "delete":
                    if (await pool.IsActiveAsync()) await pool.DestroyAsync();
                    await pool.UndefineAsync();
                    break;
                case "autostart": await pool.SetAutostartAsync(true); break;
                case "noautostart": await pool.SetAutostartAsync(false); break;
                default: throw new WebInputException($"unknown action '{verb}'");
            }
            return new MessageReply($"pool {name}: {verb} done");
        });
        h.MapPost("/pools/{name}/volumes", async (string cid, string name, CreateVolumeRequest req, ConnectionManager m) =>
        {
            if (string.IsNullOrEmpty(req.Name) || !ObjectName().IsMatch(req.Name)) throw new WebInputException("enter a volume name (letters, digits, '_', '-', '.')", "name");
            if (req.CapacityGiB is not > 0) throw new WebInputException("enter the size in GiB", "capacityGiB");
            var pool = await m.Get(cid).Require().LookupStoragePoolByNameAsync(name);
            var path = await HardwareEndpoints.CreateVolumeAsync(pool, req.Name, req.CapacityGiB.Value, req.Format ?? "qcow2");
            return new MessageReply($"volume {path} created");
        });
        h.MapPost("/pools/{name}/volumes/{vol}/delete", async (string cid, string name, string vol, ConnectionManager m) =>
        {
            var pool = await m.Get(cid).Require().LookupStoragePoolByNameAsync(name);
            await (await pool.LookupVolumeByNameAsync(vol)).DeleteAsync();
            return new MessageReply($"volume {vol} deleted");
        });
    }

    private static async Task<HostDetails> DetailsAsync(ManagedConnection mc)
    {
        var conn = mc.Require();
        var node = mc.Node ?? await conn.GetNodeInfoAsync();
        ulong free = 0;
        try { free = await conn.GetFreeMemoryAsync() / 1024; } catch (LibvirtException) { }
        var nets = new List<NetworkRow>();
        try
        {
            foreach (var n in await conn.ListAllNetworksAsync())
            {
                var xml = await n.GetXmlDescAsync();
                var root = XDocument.Parse(xml).Root!;
                var ip = root.Elements("ip").FirstOrDefault(i => (string?)i.Attribute("family") is null or "ipv4");
                string? cidr = ip is null ? null : $"{(string?)ip.Attribute("address")}/{(string?)ip.Attribute("prefix") ?? (string?)ip.Attribute("netmask")}";
                bool persistent = await n.IsPersistentAsync();
                nets.Add(new NetworkRow(n.Name, await n.IsActiveAsync(), persistent && await n.GetAutostartAsync(), persistent,
                    (string?)root.Element("forward")?.Attribute("mode") ?? "isolated", (string?)root.Element("bridge")?.Attribute("name"), cidr, xml));
            }
        }
        catch (LibvirtException) { }
        var pools = new List<PoolRow>();
        try
        {
            foreach (var p in await conn.ListAllStoragePoolsAsync())
            {
                var info = await p.GetInfoAsync();
                var root = XDocument.Parse(await p.GetXmlDescAsync()).Root!;
                var vols = new List<VolumeRow>();
                if (info.State == StoragePoolState.Running)
                {
                    foreach (var v in await p.ListAllVolumesAsync())
                    {
                        var vi = await v.GetInfoAsync();
                        vols.Add(new VolumeRow(v.Name, await v.GetPathAsync(), vi.Capacity, vi.Allocation));
                    }
                }
                bool persistent = await p.IsPersistentAsync();
                pools.Add(new PoolRow(p.Name, (string?)root.Attribute("type") ?? "", info.State == StoragePoolState.Running,
                    persistent && await p.GetAutostartAsync(), info.Capacity, info.Allocation, info.Available,
                    (string?)root.Element("target")?.Element("path"), vols.OrderBy(v => v.Name, StringComparer.Ordinal).ToList()));
            }
        }
        catch (LibvirtException) { }
        return new HostDetails(mc.Id, mc.Uri, mc.Hostname, await conn.GetTypeAsync(), node.Cpus, node.Mhz, node.Model, node.Memory, free,
            mc.HostCpuPercent, mc.HostCpuHistory(), mc.ReadOnly, nets, pools);
    }

    /// <summary>The create-network wizard (16.15): name, IPv4 space, DHCP range, isolated / NAT / routed (to any or a named device).</summary>
    public static string NetworkXml(CreateNetworkRequest r)
    {
        if (string.IsNullOrEmpty(r.Name) || !ObjectName().IsMatch(r.Name)) throw new WebInputException("enter a network name (letters, digits, '_', '-', '.')", "name");
        var parts = (r.Ipv4 ?? "").Split('/');
        if (parts.Length != 2 || !IPAddress.TryParse(parts[0], out var net) || net.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork
            || !int.TryParse(parts[1], out int prefix) || prefix is < 8 or > 30)
            throw new WebInputException("enter the IPv4 network as ADDRESS/PREFIX, e.g. 192.168.100.0/24 (prefix 8–30)", "ipv4");
        uint mask = prefix == 0 ? 0 : uint.MaxValue << (32 - prefix);
        uint baseAddr = ToUInt(net) & mask;
        uint gateway = baseAddr + 1;
        uint Parse(string? s, string field, uint dflt)
        {
            if (string.IsNullOrWhiteSpace(s)) return dflt;
            if (!IPAddress.TryParse(s, out var a) || (ToUInt(a) & mask) != baseAddr)
                throw new WebInputException($"'{s}' is not an address of {baseAddr.ToIp()}/{prefix}", field);
            return ToUInt(a);
        }
        uint broadcast = baseAddr | ~mask;
        uint start = Parse(r.DhcpStart, "dhcpStart", Math.Max(gateway + 1, baseAddr + (~mask + 1) / 2)); // the upper half, as virt-manager proposes
        uint end = Parse(r.DhcpEnd, "dhcpEnd", broadcast - 1);
        if (start <= gateway || end >= broadcast || start > end)
            throw new WebInputException("the DHCP range must lie between the gateway and the broadcast address, start before end", "dhcpStart");
        string forward = r.Forward ?? "nat";
        string dev = string.IsNullOrWhiteSpace(r.Dev) ? "" : $" dev='{DeviceXml.Esc(r.Dev.Trim())}'";
        string fwd = forward switch
        {
            "isolated" => "",
            "nat" or "route" => $"  <forward mode='{forward}'{dev}/>\n",
            _ => throw new WebInputException($"unknown forwarding '{forward}' (isolated, nat or route)", "forward"),
        };
        return $"<network>\n  <name>{r.Name}</name>\n{fwd}  <ip address='{gateway.ToIp()}' prefix='{prefix}'>\n" +
               $"    <dhcp>\n      <range start='{start.ToIp()}' end='{end.ToIp()}'/>\n    </dhcp>\n  </ip>\n</network>";
    }

    /// <summary>The add-pool wizard: dir (a directory), netfs (an NFS export mounted on the target), logical (an LVM volume group).</summary>
    public static string PoolXml(CreatePoolRequest r)
    {
        if (string.IsNullOrEmpty(r.Name) || !ObjectName().IsMatch(r.Name)) throw new WebInputException("enter a pool name (letters, digits, '_', '-', '.')", "name");
        string type = r.Type ?? "dir";
        string target = string.IsNullOrWhiteSpace(r.Target) ? (type == "logical" ? "/dev/" + r.Name : "") : r.Target.Trim();
        if (!target.StartsWith('/')) throw new WebInputException("enter the target directory (an absolute path)", "target");
        string source = type switch
        {
            "dir" => "",
            "netfs" => string.IsNullOrWhiteSpace(r.SourceHost) || string.IsNullOrWhiteSpace(r.SourcePath)
                ? throw new WebInputException("enter the NFS server and its exported path", "sourceHost")
                : $"  <source>\n    <host name='{DeviceXml.Esc(r.SourceHost.Trim())}'/>\n    <dir path='{DeviceXml.Esc(r.SourcePath.Trim())}'/>\n    <format type='nfs'/>\n  </source>\n",
            "logical" => $"  <source>\n{string.Concat((r.Devices ?? "").Split([',', ' '], StringSplitOptions.RemoveEmptyEntries).Select(d => $"    <device path='{DeviceXml.Esc(d)}'/>\n"))}" +
                         $"    <name>{r.Name}</name>\n    <format type='lvm2'/>\n  </source>\n",
            _ => throw new WebInputException($"unknown pool type '{type}' (dir, netfs or logical)", "type"),
        };
        return $"<pool type='{type}'>\n  <name>{r.Name}</name>\n{source}  <target>\n    <path>{DeviceXml.Esc(target)}</path>\n  </target>\n</pool>";
    }

    private static uint ToUInt(IPAddress a)
    {
        var b = a.GetAddressBytes();
        return (uint)(b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3]);
    }

    private static string ToIp(this uint v) => $"{v >> 24}.{(v >> 16) & 255}.{(v >> 8) & 255}.{v & 255}";
}
