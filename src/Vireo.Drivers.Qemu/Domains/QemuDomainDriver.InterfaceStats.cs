using Vireo.Drivers.Domains;
using Vireo.Network.Host;

namespace Vireo.Drivers.Qemu.Domains;

public sealed partial class QemuDomainDriver
{
    private const uint AddressSourceLease = 0;

    /// <summary>
    /// domifstat: the tap's counters as the guest sees them — the host side's receive is the guest's transmit, so
    /// libvirt swaps them for taps.
    /// </summary>
    public async Task<InterfaceStats> GetInterfaceStatsAsync(DomainRef dom, string device)
    {
        string tap;
        lock (_lock)
        {
            var d = Get(dom);
            RequireActive(d);
            var nic = d.Live!.Devices.Interfaces.FirstOrDefault(n => n.TargetDev == device || n.Alias == device || n.Mac?.ToString() == device.ToLowerInvariant())
                ?? throw QemuErrors.InvalidArg($"invalid path, '{device}' is not a known interface");
            tap = nic.TargetDev ?? throw QemuErrors.InvalidArg($"invalid path, '{device}' is not a known interface");
        }
        var c = await new LinkDevice(TapHost).CountersAsync(tap).ConfigureAwait(false)
            ?? throw QemuErrors.System($"failed to read statistics of interface {tap}", "No such device");
        return new InterfaceStats(c.TxBytes, c.TxPackets, c.TxErrors, c.TxDropped, c.RxBytes, c.RxPackets, c.RxErrors, c.RxDropped);
    }

    /// <summary>domifaddr --source lease: each network interface's leases from its network's dnsmasq.</summary>
    public async Task<IReadOnlyList<GuestInterface>> GetInterfaceAddressesAsync(DomainRef dom, uint source, uint flags)
    {
        QemuErrors.CheckFlags(flags, 0, "qemuDomainInterfaceAddresses");
        if (source != AddressSourceLease)
            throw LibvirtNoSupport(source);
        List<(string Name, string Mac, string Network)> nics;
        lock (_lock)
        {
            var d = Get(dom);
            RequireActive(d);
            nics = d.Live!.Devices.Interfaces.Where(n => n.Type == "network" && n.Mac is not null && n.SourceNetwork is not null)
                .Select(n => (n.TargetDev ?? "-", n.Mac!.Value.ToString(), n.SourceNetwork!)).ToList();
        }
        var result = new List<GuestInterface>();
        var networks = Networks;
        if (networks is null)
            return result;
        foreach (var (name, mac, network) in nics)
        {
            var net = await networks.LookupByNameAsync(network).ConfigureAwait(false);
            var leases = await networks.GetDhcpLeasesAsync(net, mac, 0).ConfigureAwait(false);
            if (leases.Count > 0)
                result.Add(new GuestInterface(name, mac, leases.Select(l => new InterfaceAddress(l.Type, l.IpAddr, l.Prefix)).ToList()));
        }
        return result;
    }

    private static Protocol.Errors.LibvirtException LibvirtNoSupport(uint source) =>
        new(Protocol.Errors.ErrorCode.ArgumentUnsupported, Protocol.Errors.ErrorDomain.Qemu,
            $"argument unsupported: Unknown IP address data source {source}");
}
