using System.Net;
using System.Net.Sockets;
using Vireo.Drivers.Domains;
using Vireo.Drivers.Events;
using Vireo.Drivers.Qemu.CommandLine;
using Vireo.Drivers.Qemu.Qmp;
using Vireo.Drivers.Qemu.State;
using Vireo.Drivers.Qemu.Supervision;
using Vireo.Host;
using Vireo.Model.Domain;
using L = Vireo.Drivers.Events.DomainLifecycle;
using R = Vireo.Drivers.Domains.DomainStateReason;

namespace Vireo.Drivers.Qemu.Domains;

public sealed partial class QemuDomainDriver
{
    private readonly SemaphoreSlim _kvmProbeLock = new(1, 1);
    private KvmProbeResult? _kvmProbe;

    /// <summary>
    /// Starts QEMU for a shut-off domain (caller holds its job): checks disks, picks the accelerator and VNC ports,
    /// builds the command, launches it detached, connects QMP, then continues the vCPUs unless asked to stay paused.
    /// Any failure leaves no QEMU and no status file behind.
    /// </summary>
    private async Task StartProcessAsync(QemuDomain d, bool paused, DomainDefinition? runDef = null, (string Path, SaveImage Image)? restore = null,
        Func<QmpClient, Task>? incoming = null)
    {
        DomainDefinition config;
        int id;
        lock (_lock)
        {
            config = (runDef ?? d.Persistent!).Clone();
            id = _nextId++;
        }
        CheckDiskSources(config);
        CheckOvercommit(config);
        var accel = await ChooseAccelAsync(config).ConfigureAwait(false);
        var runAs = _settings.Conf is { } qemuConf ? Security.QemuRunAs.Resolve(qemuConf) : null;
        var name = config.Name;
        var options = new QemuLaunchOptions
        {
            Accel = accel,
            MonitorSocket = _paths.MonitorSocket(name),
            PidFile = _paths.PidFile(name),
            LogFile = _paths.LogFile(name),
            Daemonize = true,
            ChannelDir = _paths.ChannelDir(name),
            AgentSocket = _paths.AgentSocket(name),
            GraphicsPorts = AllocateGraphicsPorts(config),
            Incoming = restore is null && incoming is null ? null : "defer",
            VncTlsX509Dir = _settings.Conf is { VncTls: true } conf ? conf.VncTlsX509CertDir : null,
            VncTlsVerify = _settings.Conf?.VncTlsX509Verify ?? false,
            RunAs = runAs is { } ids ? $"{ids.Uid}:{ids.Gid}" : null,
        };
        // sun_path holds 108 bytes: a deep --root would make QEMU fail with a cryptic bind error.
        if (System.Text.Encoding.UTF8.GetByteCount(options.MonitorSocket) > 107)
            throw QemuErrors.Internal($"monitor socket path '{options.MonitorSocket}' of domain '{name}' is longer than the 107 bytes a unix socket allows; use a shorter --root or domain name");
        await PrepareTapsAsync(config).ConfigureAwait(false);
        QemuCommand command;
        try
        {
            command = QemuCommandBuilder.Build(config, options);
        }
        catch
        {
            await DeleteTapsAsync(config).ConfigureAwait(false);
            throw;
        }
        var live = command.LiveDefinition;
        live.Id = id;
        _paths.CreateDirectories();
        File.Delete(options.MonitorSocket);
        if (config.Devices.Serials.Concat(config.Devices.Channels).Any(s => s.Type == "unix" && s.SourcePath is null))
            Directory.CreateDirectory(options.ChannelDir);

        int pid = 0;
        QmpClient? qmp = null;
        try
        {
            if (runAs is { } owner && _settings.Conf!.DynamicOwnership)
                Security.DiskOwnership.Apply(live, owner.Uid, owner.Gid, _paths.OwnersFile(name));
            await CreateTapsAsync(live).ConfigureAwait(false);
            var macvtaps = await MacvtapFilesAsync(live).ConfigureAwait(false);
            pid = await QemuLauncher.LaunchAsync(command, name, options.LogFile, options.PidFile, _settings.StartTimeout, passFiles: macvtaps).ConfigureAwait(false);
            qmp = await QmpClient.ConnectWithRetryAsync(options.MonitorSocket, TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            await AfterLaunchAsync(live, qmp, options).ConfigureAwait(false);
            await ApplyVcpuPinsAsync(live, qmp, pid).ConfigureAwait(false);
            await EnableBalloonStatsAsync(live, qmp).ConfigureAwait(false);
            if (restore is { } r)
            {
                // The stream starts at the image's aligned offset; tail -c +N counts from 1.
                await qmp.MigrateIncomingAsync($"exec:tail -c +{r.Image.StreamOffset + 1} {ShellQuote(r.Path)}").ConfigureAwait(false);
                await qmp.WaitMigrationAsync(_settings.SaveTimeout).ConfigureAwait(false);
            }
            // An incoming migration (issue 8): capabilities, NBD exports and migrate-incoming before anything runs.
            if (incoming is not null)
                await incoming(qmp).ConfigureAwait(false);
            if (!paused)
                await qmp.ContAsync().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            if (qmp is not null)
                await qmp.DisposeAsync().ConfigureAwait(false);
            if (pid > 0)
                await ProcessState.TerminateAsync(pid, TimeSpan.FromSeconds(3)).ConfigureAwait(false);
            File.Delete(options.MonitorSocket);
            File.Delete(options.PidFile);
            Security.DiskOwnership.Restore(_paths.OwnersFile(name));
            await DeleteTapsAsync(live).ConfigureAwait(false);
            if (e is TimeoutException)
                throw QemuErrors.Timeout($"domain '{name}': {e.Message}");
            if (e is QmpErrorException qe)
                throw QemuErrors.Internal($"unable to execute QEMU command '{qe.Command}': {qe.Description}");
            if (e is QmpDisconnectedException or System.Net.Sockets.SocketException)
                throw QemuErrors.Internal($"qemu unexpectedly closed the monitor: {QemuLauncher.LogSince(options.LogFile, 0)}");
            throw;
        }

        DomainLifecycleEvent started;
        DomainLifecycleEvent? suspended = null;
        lock (_lock)
        {
            d.Live = live;
            d.Pid = pid;
            d.Monitor = qmp;
            d.Accel = accel;
            d.StopIntent = null;
            d.FakeReboot = false;
            d.GuestShutdown = false;
            d.State = paused ? DomainState.Paused : DomainState.Running;
            d.Reason = paused ? R.PausedUser : restore is null ? R.RunningBooted : R.RunningRestored;
            SaveStatus(d);
            started = new DomainLifecycleEvent(d.Ref, L.Started, restore is null ? L.StartedBooted : L.StartedRestored);
            if (paused)
                suspended = new DomainLifecycleEvent(d.Ref, L.Suspended, L.SuspendedPaused);
        }
        StartMonitorLoop(d, qmp, pid);
        _events.Publish(started);
        if (suspended is not null)
            _events.Publish(suspended);
    }

    /// <summary>What QEMU decided at start-up goes into the live XML (pty paths); passwords and link states are set over QMP.</summary>
    private static async Task AfterLaunchAsync(DomainDefinition live, QmpClient qmp, QemuLaunchOptions options)
    {
        var ptys = live.Devices.Serials.Where(s => s.Type == "pty").ToList();
        if (ptys.Count > 0)
        {
            var chardevs = await qmp.QueryChardevAsync().ConfigureAwait(false);
            foreach (var s in ptys)
            {
                var info = chardevs.FirstOrDefault(c => c.Label == "char" + s.Alias);
                if (info is not null && info.Filename.StartsWith("pty:", StringComparison.Ordinal))
                {
                    if (s.Sources.Count == 0)
                        s.Sources.Add(new Dictionary<string, string>(StringComparer.Ordinal));
                    s.Sources[0]["path"] = info.Filename["pty:".Length..];
                }
            }
        }
        int auto = 0;
        foreach (var g in live.Devices.Graphics)
        {
            if (g.AutoPort && auto < options.GraphicsPorts.Count)
                g.Port = options.GraphicsPorts[auto++];
            if (g.Type == "vnc" && g.Passwd is { } pw)
                await qmp.SetVncPasswordAsync(pw).ConfigureAwait(false);
            if (g.Type == "spice" && g.Passwd is { } spicePw)
                await qmp.SetGraphicsPasswordAsync("spice", spicePw).ConfigureAwait(false);
            if (g.Type is "vnc" or "spice" && g.Listens.Count > 0 && g.Listens[0].Type == "address")
                g.Listens[0].Address ??= GraphicsArgs.DefaultListen;
        }
        foreach (var nic in live.Devices.Interfaces.Where(n => n.LinkState == "down"))
            await qmp.SetLinkAsync(nic.Alias!, up: false).ConfigureAwait(false);
    }

    /// <summary>Warns (or refuses, per policy) when this guest would push committed memory past RAM + swap or vCPUs past the CPUs.</summary>
    private void CheckOvercommit(DomainDefinition def)
    {
        var c = Committed();
        var warning = Host.Overcommit.Check(def.Name, def.MemoryKiB, def.VcpusCurrent ?? def.Vcpus, c.MemoryKiB, c.Vcpus, c.HostRamKiB, c.HostSwapKiB, c.HostCpus);
        if (warning is null)
            return;
        if (_settings.Overcommit == Host.OvercommitPolicy.Refuse)
            throw QemuErrors.Invalid($"not starting domain '{def.Name}': {warning}", Protocol.Errors.ErrorDomain.Qemu);
        _settings.Log($"warning: starting domain '{def.Name}' anyway: {warning}");
        // The domain's own log is where libvirt users look for what happened at start.
        _paths.CreateDirectories();
        File.AppendAllText(_paths.LogFile(def.Name), $"{DateTime.UtcNow:yyyy-MM-dd HH:mm:ss.fff}+0000: warning: {warning}\n");
    }

    /// <summary>libvirt refuses to start with a missing disk: "Cannot access storage file '...': No such file or directory".</summary>
    private static void CheckDiskSources(DomainDefinition def)
    {
        foreach (var disk in def.Devices.Disks)
        {
            var path = disk.Type switch { "file" => disk.SourceFile, "block" => disk.SourceDev, _ => null };
            if (path is not null && !File.Exists(path) && !Directory.Exists(path))
                throw QemuErrors.System($"Cannot access storage file '{path}' (disk '{disk.TargetDev}' of domain '{def.Name}')", "No such file or directory");
        }
        if (def.Os.Kernel is { } k && !File.Exists(k))
            throw QemuErrors.System($"Cannot access kernel '{k}' of domain '{def.Name}'", "No such file or directory");
        if (def.Os.Initrd is { } i && !File.Exists(i))
            throw QemuErrors.System($"Cannot access initrd '{i}' of domain '{def.Name}'", "No such file or directory");
    }

    /// <summary>type='qemu' runs on TCG; type='kvm' on KVM when the probe shows a guest really boots with it, else TCG with a warning.</summary>
    private async Task<string> ChooseAccelAsync(DomainDefinition def)
    {
        if (def.Type != "kvm")
            return "tcg";
        if (_settings.ForceKvmAccel is "kvm" or "tcg")
            return _settings.ForceKvmAccel;
        await _kvmProbeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_kvmProbe is null)
            {
                var guest = _settings.KvmProbeGuest ?? FindProbeGuest();
                _kvmProbe = await KvmProbe.ProbeAsync(_settings.Emulator, guest?.Kernel, guest?.Initrd, _settings.KvmProbeDeadline).ConfigureAwait(false);
                _settings.Log($"KVM probe: {(_kvmProbe.Usable ? "usable" : "NOT usable")}: {_kvmProbe.Reason}");
            }
        }
        finally
        {
            _kvmProbeLock.Release();
        }
        if (_kvmProbe.Usable)
            return "kvm";
        _settings.Log($"domain '{def.Name}' has type='kvm' but KVM does not work here ({_kvmProbe.Reason}); starting it with TCG (emulation), which is much slower");
        return "tcg";
    }

    /// <summary>The newest test guest built on this machine, if any (the KVM probe boots it).</summary>
    internal static (string Kernel, string Initrd)? FindProbeGuest() => ProbeGuest.Find();

    /// <summary>One free TCP port from 5900 up for each autoport VNC or SPICE console (one shared range, as libvirt's): not used by another of our domains and bindable now.</summary>
    private List<int> AllocateGraphicsPorts(DomainDefinition def)
    {
        var ports = new List<int>();
        HashSet<int> taken;
        lock (_lock)
            taken = _domains.Where(x => x.Live is not null).SelectMany(x => x.Live!.Devices.Graphics).Select(g => g.Port).Where(p => p > 0).ToHashSet();
        foreach (var g in def.Devices.Graphics.Where(g => g.AutoPort && g.Type is "vnc" or "spice"))
        {
            int port = GraphicsArgs.VncPortBase;
            while (port < 65535 && (taken.Contains(port) || !CanBind(g.ListenAddress ?? GraphicsArgs.DefaultListen, port)))
                port++;
            if (port >= 65535)
                throw QemuErrors.Internal($"Unable to find an unused port for {g.Type.ToUpperInvariant()}");
            taken.Add(port);
            ports.Add(port);
        }
        return ports;
    }

    private static bool CanBind(string address, int port)
    {
        try
        {
            using var l = new TcpListener(IPAddress.TryParse(address, out var ip) ? ip : IPAddress.Loopback, port);
            l.Start();
            l.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Single-quotes a path for the shell that QEMU's exec: migration runs.</summary>
    internal static string ShellQuote(string s) => "'" + s.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    /// <summary>Writes RUN/qemu/NAME.xml for an active domain (call with _lock held).</summary>
    private void SaveStatus(QemuDomain d)
    {
        if (d.Live is null)
            return;
        new DomainStatusFile(d.State, d.Reason, d.Pid, _paths.MonitorSocket(d.Name), d.Accel, d.Live).Write(_paths.StatusFile(d.Name));
    }
}
