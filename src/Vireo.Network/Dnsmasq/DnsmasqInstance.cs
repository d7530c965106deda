using Vireo.Drivers;
using Vireo.Model.Network;
using Vireo.Network.Host;

namespace Vireo.Network.Dnsmasq;

/// <summary>
/// One network's dnsmasq: writes its files, starts it (it daemonizes and writes its pid file, so it outlives a
/// restarting vireod, as libvirt's does), reloads it with SIGHUP, and stops it. The pid is only trusted when
/// /proc shows a live dnsmasq whose command line names this network's conf file.
/// </summary>
public sealed class DnsmasqInstance(HostCommands host, DnsmasqFiles files)
{
    public const string Binary = "dnsmasq";

    public DnsmasqFiles Files { get; } = files;

    /// <summary>The pid of this network's running dnsmasq, or null.</summary>
    public int? RunningPid() =>
        ProcessTools.ReadPidFile(Files.Pid) is { } pid && ProcessTools.IsAlive(pid, Files.Conf) ? pid : null;

    /// <summary>Writes the hosts files (atomically) for a start or a reload.</summary>
    public void WriteHosts(NetworkDefinition def)
    {
        AtomicFile.Write(Files.HostsFile, DnsmasqConfig.BuildHostsFile(def));
        AtomicFile.Write(Files.AddnHosts, DnsmasqConfig.BuildAddnHosts(def));
    }

    public async Task StartAsync(NetworkDefinition def, string bridge)
    {
        Directory.CreateDirectory(Files.Dir);
        AtomicFile.Write(Files.Conf, DnsmasqConfig.BuildConf(def, bridge, Files));
        WriteHosts(def);
        File.Delete(Files.Pid);
        // libvirt's invocation: the conf file plus leasefile handling; the lease file stays between runs so a
        // guest's MAC gets its address back.
        await host.RunAsync([Binary, "--conf-file=" + Files.Conf]).ConfigureAwait(false);
        if (RunningPid() is null)
            throw new HostCommandException(Binary, -1, "dnsmasq did not stay running (see the system log)");
    }

    /// <summary>Re-reads the hosts files (net-update of DHCP hosts on a running network).</summary>
    public bool Reload(NetworkDefinition def)
    {
        WriteHosts(def);
        return RunningPid() is { } pid && ProcessTools.Signal(pid, ProcessTools.SIGHUP);
    }

    /// <summary>Stops dnsmasq and removes its conf, pid and hosts files (the lease file is kept).</summary>
    public async Task StopAsync()
    {
        if (ProcessTools.ReadPidFile(Files.Pid) is { } pid)
            await ProcessTools.StopAsync(pid, Files.Conf, TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        foreach (var f in new[] { Files.Pid, Files.Conf, Files.HostsFile, Files.AddnHosts })
            File.Delete(f);
    }
}
