using System.Net;
using System.Runtime.InteropServices;
using Vireo.Daemon;
using Vireo.Daemon.Config;
using Vireo.Daemon.Logging;
using Vireo.Daemon.Server;

// vireod: the Vireo daemon (libvirtd's role). Foreground; logs to stderr and LOG/vireod.log.
var options = DaemonOptions.Parse(args);
if (options is null) return 2;
if (options.ShowHelp)
{
    Console.WriteLine(DaemonOptions.Usage);
    return 0;
}
if (options.ShowVersion)
{
    Console.WriteLine($"vireod (Vireo) {DaemonInfo.Version}");
    return 0;
}

var paths = DaemonPaths.ForRoot(options.Root);
DaemonConfig config;
try
{
    paths.CreateDirectories();
    config = DaemonConfig.Load(options.ConfigFile ?? paths.DefaultConfigFile);
}
catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
{
    Console.Error.WriteLine($"vireod: {e.Message}");
    return 1;
}
DaemonLog.Open(paths.LogFile);
ProcessControl.BecomeChildSubreaper();

var app = DaemonApp.Create(config, paths);
try
{
    app.Server.AccessPolicy = Vireo.Daemon.Access.AccessControl.Load(config, paths);
}
catch (FormatException e)
{
    DaemonLog.Error(e.Message);
    return 1;
}
DaemonLog.Info($"access policy: {app.Server.AccessPolicy.Source}");
var stopped = new TaskCompletionSource();
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx => { ctx.Cancel = true; stopped.TrySetResult(); });
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, ctx => { ctx.Cancel = true; stopped.TrySetResult(); });

try
{
    // Read-only first: once the read-write socket exists, everything is ready (scripts and tests poll for it).
    app.Server.ListenUnix(paths.RoSocket, readOnly: true, config.UnixSockRoPerms);
    var tcp = options.ListenTcp ?? (config.ListenTcp ? $"{config.TcpListenAddress}:{config.TcpPort}" : null);
    if (tcp is not null) app.Server.ListenTcp(DaemonOptions.ParseEndpoint(tcp, 16509));
    var tlsAddress = options.ListenTls ?? (config.ListenTls ? $"{config.TcpListenAddress}:{config.TlsPort}" : null);
    if (tlsAddress is not null)
        app.Server.ListenTls(DaemonOptions.ParseEndpoint(tlsAddress, 16514), Vireo.Daemon.Tls.TlsServerContext.Load(config.Tls, paths));
    app.Server.ListenUnix(paths.RwSocket, readOnly: false, config.UnixSockRwPerms);
}
catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or FormatException or UnauthorizedAccessException)
{
    DaemonLog.Error($"cannot listen: {e.Message}");
    return 1;
}
File.WriteAllText(paths.PidFile, $"{Environment.ProcessId}\n");
DaemonLog.Info($"vireod {DaemonInfo.Version} ready; drivers: {string.Join(", ", app.Drivers.Schemes)}; root {options.Root}");

await stopped.Task;
DaemonLog.Info("shutting down on signal");
app.Server.Stop();
File.Delete(paths.PidFile);
return 0;
