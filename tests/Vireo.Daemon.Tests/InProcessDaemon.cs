using Vireo.Daemon;
using Vireo.Daemon.Config;

namespace Vireo.Daemon.Tests;

/// <summary>A vireod server running inside the test process on a private root, with the test driver.</summary>
public sealed class InProcessDaemon : IDisposable
{
    public InProcessDaemon(Action<DaemonConfig>? configure = null, IEnumerable<Vireo.Drivers.IDriverFactory>? extraDrivers = null)
    {
        Root = Path.Combine(Path.GetTempPath(), "vireod-test-" + Guid.NewGuid().ToString("N")[..10]);
        Paths = DaemonPaths.ForRoot(Root);
        Paths.CreateDirectories();
        Config = new DaemonConfig();
        configure?.Invoke(Config);
        App = DaemonApp.Create(Config, Paths, extraDrivers);
        App.Server.ListenUnix(Paths.RwSocket, readOnly: false, Config.UnixSockRwPerms);
        App.Server.ListenUnix(Paths.RoSocket, readOnly: true, Config.UnixSockRoPerms);
    }

    public string Root { get; }
    public DaemonPaths Paths { get; }
    public DaemonConfig Config { get; }
    public DaemonApp App { get; }

    public void Dispose()
    {
        App.Server.Stop();
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}
