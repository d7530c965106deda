using Vireo.Drivers.Domains;
using Vireo.Drivers.Events;
using Vireo.Drivers.Host;
using Vireo.Drivers.Networks;
using Vireo.Drivers.Storage;

namespace Vireo.Drivers;

/// <summary>
/// What a client connection opens: one hypervisor driver (test or qemu) with its domains, networks and storage.
/// A driver instance is shared by every connection that opens the same URI and lives as long as the daemon.
/// </summary>
public interface IConnectionDriver
{
    IHostDriver Host { get; }
    IDomainDriver Domains { get; }
    INetworkDriver Networks { get; }
    IStorageDriver Storage { get; }
    EventBus Events { get; }
}

/// <summary>Creates driver instances for the URIs it recognizes (e.g. test:///default, qemu:///system).</summary>
public interface IDriverFactory
{
    /// <summary>URI scheme this factory handles ("test", "qemu").</summary>
    string Scheme { get; }

    /// <summary>Opens (or returns the shared instance for) a normalized URI; throws LibvirtException on failure.</summary>
    IConnectionDriver Open(Uri uri);
}
