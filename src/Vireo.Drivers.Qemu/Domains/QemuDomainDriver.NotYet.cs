using Vireo.Drivers.Domains;
using Vireo.Protocol.Errors;

namespace Vireo.Drivers.Qemu.Domains;

/// <summary>
/// Operations of issue 3 not in this first slice. Each answers libvirt's "this function is not supported by the
/// connection driver" (so clients degrade as they do with older libvirt), except where an honest empty answer exists.
/// </summary>
public sealed partial class QemuDomainDriver
{
    private static LibvirtException NotYet(string api) => LibvirtException.NoSupport(api, ErrorDomain.Qemu);

    public Task<InterfaceStats> GetInterfaceStatsAsync(DomainRef dom, string device) => throw NotYet("virDomainInterfaceStats");
    public Task<IReadOnlyList<GuestInterface>> GetInterfaceAddressesAsync(DomainRef dom, uint source, uint flags) => throw NotYet("virDomainInterfaceAddresses");
}
