using System.Net;
using System.Net.Sockets;
using Vireo.Drivers.Domains;
using Vireo.Model.Domain;
using Vireo.Model.Domain.Devices;
using Vireo.Model.Identity;
using Vireo.Protocol.Errors;

namespace Vireo.Drivers.Test.Domains;

public sealed partial class TestDomainDriver
{
    /// <summary>
    /// testDomainBlockStats: made-up counters derived from the wall clock ("no significance to these numbers"),
    /// for a disk named by target or source path of a running domain.
    /// </summary>
    public Task<BlockStats> GetBlockStatsAsync(DomainRef dom, string disk)
    {
        if (string.IsNullOrEmpty(disk))
            throw new LibvirtException(ErrorCode.OperationUnsupported, ErrorDomain.Test, "Operation not supported: summary statistics are not supported yet");
        return Locked(dom, d =>
        {
            RequireActive(d);
            if (!HasDisk(d.Live!, disk))
                throw TestErrors.InvalidArg($"invalid path: {disk}");
            long b = RealTimeMicros();
            return new BlockStats(RdReq: b / 10, RdBytes: b / 20, WrReq: b / 30, WrBytes: b / 40, Errs: b / 2_000_000);
        });
    }

    // virDomainDiskIndexByName: a target name ("vda") or the source path.
    private static bool HasDisk(DomainDefinition def, string name) =>
        def.Devices.Disks.Any(x => x.TargetDev == name || (x.SourcePath is not null && x.SourcePath == name));

    /// <summary>testDomainInterfaceStats: clock-derived counters for an interface named by host device or MAC.</summary>
    public Task<InterfaceStats> GetInterfaceStatsAsync(DomainRef dom, string device) => Locked(dom, d =>
    {
        RequireActive(d);
        _ = FindInterface(d.Live!, device);
        long b = RealTimeMicros();
        return new InterfaceStats(b / 10, b / 100, b / 1_000_000, b / 2_000_000, b / 20, b / 110, b / 3_000_000, b / 4_000_000);
    });

    /// <summary>virDomainNetFind: by MAC when the text parses as one, else by host-side name.</summary>
    private static InterfaceDevice FindInterface(DomainDefinition def, string device)
    {
        InterfaceDevice? nic = MacAddress.TryParse(device, out var mac)
            ? def.Devices.Interfaces.FirstOrDefault(i => i.Mac == mac)
            : def.Devices.Interfaces.FirstOrDefault(i => i.TargetDev == device);
        return nic ?? throw TestErrors.InvalidArg($"'{device}' is not a known interface", ErrorDomain.Domain);
    }

    /// <summary>
    /// testDomainInterfaceAddresses: every interface gets one made-up address. On a virtual network it is the
    /// network's first DHCP address (or its own) plus 20*(id-1)+index+1; elsewhere 192.168.0.(index+1)/24.
    /// </summary>
    public Task<IReadOnlyList<GuestInterface>> GetInterfaceAddressesAsync(DomainRef dom, uint source, uint flags)
    {
        TestErrors.CheckFlags(flags, 0, "testDomainInterfaceAddresses");
        if (source > DomainFlags.AddressesSrcArp)
            throw new LibvirtException(ErrorCode.ArgumentUnsupported, ErrorDomain.Test, $"argument unsupported: Unknown IP address data source {source}");
        int id;
        List<(string Type, string? Network, string? Name, string? Mac)> nics;
        lock (_lock)
        {
            var d = Get(dom);
            RequireActive(d);
            id = d.Id;
            nics = d.Live!.Devices.Interfaces.Select(n => (n.Type, n.SourceNetwork, n.TargetDev, n.Mac?.ToString())).ToList();
        }
        // The network driver has its own lock: look networks up only after releasing ours.
        var result = new List<GuestInterface>();
        for (int i = 0; i < nics.Count; i++)
        {
            var nic = nics[i];
            var addr = nic.Type == "network" && nic.Network is not null
                ? AddressOnNetwork(nic.Network, 20 * (id - 1) + i + 1)
                : new InterfaceAddress(0, $"192.168.0.{1 + i}", 24);
            result.Add(new GuestInterface(nic.Name ?? "", nic.Mac, [addr]));
        }
        return Task.FromResult<IReadOnlyList<GuestInterface>>(result);
    }

    private InterfaceAddress AddressOnNetwork(string network, int offset)
    {
        var ip = _networks.FirstIp(network);
        if (ip is null)
            return new InterfaceAddress(0, "0.0.0.0", 0);
        var bytes = (ip.Value.RangeStart ?? ip.Value.Address).GetAddressBytes();
        if (ip.Value.Address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            bytes[15] = (byte)(bytes[15] + offset);
            return new InterfaceAddress(1, new IPAddress(bytes).ToString(), ip.Value.Prefix);
        }
        uint v = (uint)(bytes[0] << 24 | bytes[1] << 16 | bytes[2] << 8 | bytes[3]) + (uint)offset;
        var shifted = new IPAddress([(byte)(v >> 24), (byte)(v >> 16), (byte)(v >> 8), (byte)v]);
        return new InterfaceAddress(0, shifted.ToString(), ip.Value.Prefix);
    }
}
