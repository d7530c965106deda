using Vireo.Drivers.Domains;
using Vireo.Drivers.Events;
using Vireo.Drivers.Host;
using Vireo.Drivers.Networks;
using Vireo.Drivers.Qemu.Domains;
using Vireo.Drivers.Qemu.Host;
using Vireo.Drivers.Storage;

namespace Vireo.Drivers.Qemu;

/// <summary>
/// A qemu:///system or qemu:///session connection: the host facts for that URI over the one domain driver of the
/// daemon (both URIs manage the same guests under the daemon's root, since a vireod instance is one user's).
/// </summary>
public sealed class QemuConnection(string uri, QemuEmulatorInfo emulator, QemuDomainDriver domains, EventBus events, INetworkDriver networks) : IConnectionDriver
{
    public IHostDriver Host { get; } = new QemuHost(uri, emulator) { Committed = domains.Committed };
    public IDomainDriver Domains { get; } = domains;
    public INetworkDriver Networks { get; } = networks;
    public required IStorageDriver Storage { get; init; }
    public EventBus Events { get; } = events;

    /// <summary>The domain driver with its QEMU-specific extras (tests, reattach).</summary>
    public QemuDomainDriver QemuDomains { get; } = domains;
}
