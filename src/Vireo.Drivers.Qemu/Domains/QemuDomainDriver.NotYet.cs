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

    public Task SetVcpusFlagsAsync(DomainRef dom, uint nvcpus, uint flags) => throw NotYet("virDomainSetVcpusFlags");
    public Task PinVcpuFlagsAsync(DomainRef dom, uint vcpu, bool[] cpumap, uint flags) => throw NotYet("virDomainPinVcpuFlags");
    public Task<IReadOnlyList<bool[]>> GetVcpuPinInfoAsync(DomainRef dom, uint flags) => throw NotYet("virDomainGetVcpuPinInfo");
    public Task AttachDeviceFlagsAsync(DomainRef dom, string xml, uint flags) => throw NotYet("virDomainAttachDeviceFlags");
    public Task DetachDeviceFlagsAsync(DomainRef dom, string xml, uint flags) => throw NotYet("virDomainDetachDeviceFlags");
}
