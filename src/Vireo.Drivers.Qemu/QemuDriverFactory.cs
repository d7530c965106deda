using Vireo.Drivers.Events;
using Vireo.Drivers.Qemu.Domains;
using Vireo.Drivers.Qemu.Host;
using Vireo.Network.Driver;
using Vireo.Network.Host;
using Vireo.Protocol.Errors;
using Vireo.Storage;

namespace Vireo.Drivers.Qemu;

/// <summary>
/// Opens qemu:///system and qemu:///session. The first open loads the configs under ETC/qemu and reattaches every
/// QEMU still running from RUN/qemu (so a restarted daemon finds its guests); later opens share that instance.
/// </summary>
public sealed class QemuDriverFactory : IDriverFactory
{
    private readonly QemuDriverPaths _paths;
    private readonly QemuDriverSettings _settings;
    private readonly Lazy<(QemuEmulatorInfo Emulator, QemuDomainDriver Domains, EventBus Events, BridgeNetworkDriver Networks)> _core;
    private readonly Lazy<StorageDriver> _storage;

    /// <summary>Creates the factory over the daemon's directories (DaemonPaths' Etc, Lib, Run, Log).</summary>
    public QemuDriverFactory(string etc, string lib, string run, string log, QemuDriverSettings? settings = null)
    {
        _paths = new QemuDriverPaths(etc, lib, run, log);
        _settings = settings ?? new QemuDriverSettings();
        if (_settings.Conf is null)
            _settings = _settings with { Conf = QemuConf.Load(Path.Combine(etc, "qemu.conf")) };
        _core = new(CreateCore, LazyThreadSafetyMode.ExecutionAndPublication);
        _storage = new(CreateStorage, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public string Scheme => "qemu";

    /// <summary>True when the emulator this factory would run is installed (the daemon registers the driver only then).</summary>
    public static bool EmulatorInstalled(string emulator = "/usr/bin/qemu-system-x86_64") => File.Exists(emulator);

    /// <summary>
    /// Daemon start: if an incoming migration was cut short by the daemon's death (a RUN/qemu/NAME.incoming marker),
    /// loads the driver now rather than at the first client, so its QEMU is killed at once and the source's transfer
    /// fails instead of streaming into a guest nobody will finish.
    /// </summary>
    public void RecoverInterruptedMigrations()
    {
        if (Directory.Exists(_paths.StateDir) && Directory.EnumerateFiles(_paths.StateDir, "*.incoming").Any())
            _ = _core.Value;
    }

    public IConnectionDriver Open(Uri uri)
    {
        var path = Uri.UnescapeDataString(uri.AbsolutePath).TrimEnd('/');
        if (path is not ("/system" or "/session"))
            throw new LibvirtException(ErrorCode.InternalError, ErrorDomain.Qemu,
                $"internal error: unexpected QEMU URI path '{(path.Length == 0 ? "/" : path)}', try qemu:///system");
        var (emulator, domains, events, networks) = _core.Value;
        return new QemuConnection("qemu://" + path, emulator, domains, events, networks) { Storage = _storage.Value };
    }

    private (QemuEmulatorInfo, QemuDomainDriver, EventBus, BridgeNetworkDriver) CreateCore()
    {
        var emulator = QemuEmulatorInfo.Probe(_settings.Emulator);
        var events = new EventBus();
        // Networks come first: autostarted guests on a network need it running.
        var networks = new BridgeNetworkDriver(events, new NetworkDriverPaths(_paths.Etc, _paths.Run), new HostCommands(_settings.NetworkNamespace));
        networks.LoadAsync(_settings.Autostart && (_settings.NetworkNamespace is not null || BridgeNetworkDriver.MayAutostart(_paths.Etc))).GetAwaiter().GetResult();
        var domains = new QemuDomainDriver(events, _paths, _settings, new QemuDefaults(_settings.Emulator, emulator.DefaultMachine));
        domains.Networks = networks;
        // Open is synchronous; loading runs once per daemon, bounded by the per-domain reconnect deadlines.
        domains.LoadAsync().GetAwaiter().GetResult();
        if (_settings.Autostart)
            domains.AutostartAsync().GetAwaiter().GetResult();
        return (emulator, domains, events, networks);
    }

    /// <summary>The storage driver: loads ETC/storage, restarts pools, and on the first start makes the 'default' pool.</summary>
    private StorageDriver CreateStorage()
    {
        var storage = new StorageDriver(new StoragePaths(_paths.Etc, _paths.Lib, _paths.Run), _core.Value.Events);
        storage.LoadAsync().GetAwaiter().GetResult();
        return storage;
    }
}
