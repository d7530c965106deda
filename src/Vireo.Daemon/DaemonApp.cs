using Vireo.Daemon.Config;
using Vireo.Daemon.Dispatch;
using Vireo.Daemon.Handlers;
using Vireo.Daemon.Server;
using Vireo.Drivers;

namespace Vireo.Daemon;

/// <summary>Wires the daemon together: drivers, procedure handlers, dispatcher, server.</summary>
public sealed class DaemonApp
{
    public required DaemonServer Server { get; init; }
    public required DriverRegistry Drivers { get; init; }

    /// <param name="extraFactories">drivers beyond the configured ones (tests register fakes here)</param>
    public static DaemonApp Create(DaemonConfig config, DaemonPaths paths, IEnumerable<IDriverFactory>? extraFactories = null)
    {
        var factories = new List<IDriverFactory>();
        if (config.Drivers.Contains("test")) factories.Add(new Vireo.Drivers.Test.TestDriverFactory());
        if (config.Drivers.Contains("qemu") && Vireo.Drivers.Qemu.QemuDriverFactory.EmulatorInstalled())
        {
            if (Vireo.Daemon.Logging.DaemonLog.Debug)
                Vireo.Drivers.Qemu.Qmp.QmpClient.Trace = Vireo.Daemon.Logging.DaemonLog.Trace;
            var qemu = new Vireo.Drivers.Qemu.QemuDriverFactory(paths.Etc, paths.Lib, paths.Run, paths.Log, new Vireo.Drivers.Qemu.QemuDriverSettings
            {
                MigrationStallTimeout = config.KeepaliveInterval > 0 ? TimeSpan.FromSeconds(config.KeepaliveInterval * (config.KeepaliveCount + 1)) : TimeSpan.FromSeconds(30),
                // timestamped and in vireod.log, like the daemon's own lines
                Log = static m => Vireo.Daemon.Logging.DaemonLog.Info("qemu: " + m),
            });
            factories.Add(qemu);
            _ = Task.Run(() =>
            {
                try { qemu.RecoverInterruptedMigrations(); }
                catch (Exception e) { Vireo.Daemon.Logging.DaemonLog.Error($"qemu driver: recovering interrupted migrations: {e.Message}"); }
            });
        }
        if (extraFactories is not null) factories.AddRange(extraFactories);
        var drivers = new DriverRegistry(factories, defaultUri: "test:///default");

        var registry = new ProcedureRegistry();
        ConnectHandlers.Register(registry);
        DomainHandlers.Register(registry);
        NetworkHandlers.Register(registry);
        StorageHandlers.Register(registry);
        EventHandlers.Register(registry);
        StreamHandlers.Register(registry);

        SnapshotHandlers.Register(registry);
        NodeStatsHandlers.Register(registry);
        SaslAuthHandlers.Register(registry);

        var server = new DaemonServer(config, paths, new Dispatcher(registry), drivers);
        return new DaemonApp { Server = server, Drivers = drivers };
    }
}
