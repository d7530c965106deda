using System.Collections.Concurrent;
using Vireo.Drivers.Domains;
using Vireo.Drivers.Events;
using Vireo.Drivers.Qemu.Migration;
using Vireo.Drivers.Qemu.Qmp;
using Vireo.Drivers.Qemu.Supervision;
using Vireo.Model.Domain;
using Vireo.Protocol.Errors;
using Vireo.Protocol.Remote;
using L = Vireo.Drivers.Events.DomainLifecycle;
using R = Vireo.Drivers.Domains.DomainStateReason;

namespace Vireo.Drivers.Qemu.Domains;

// The destination side of a migration (issue 8): Prepare checks what can be checked up front, starts QEMU waiting
// for the stream (and the NBD server of a disk copy); Finish runs the guest, or throws it away when cancelled.
public sealed partial class QemuDomainDriver
{
    private readonly ConcurrentDictionary<string, IncomingMigration> _incoming = new(StringComparer.Ordinal);

    /// <summary>libvirt's migration port range (migration_port_min/max in qemu.conf).</summary>
    private const int MigrationPortMin = 49152, MigrationPortMax = 49215;

    public async Task<(byte[] Cookie, string? Uri)> MigratePrepare3Async(IReadOnlyList<TypedParameter> prms, byte[] cookieIn, uint flags, string? hostHint) =>
        await MigratePrepare3Async(prms, cookieIn, flags, hostHint, tunnelSocket: null).ConfigureAwait(false);

    /// <summary>Prepare; a tunnelled migration's QEMU listens on the unix socket <paramref name="tunnelSocket"/> instead of a TCP port.</summary>
    private async Task<(byte[] Cookie, string? Uri)> MigratePrepare3Async(IReadOnlyList<TypedParameter> prms, byte[] cookieIn, uint flags, string? hostHint, string? tunnelSocket)
    {
        if (MigrateFlag.Has(flags, MigrateFlag.Tunnelled) != (tunnelSocket is not null))
            throw QemuErrors.InvalidArg(tunnelSocket is null ? "a tunnelled migration is prepared with PREPARE_TUNNEL3" : "PREPARE_TUNNEL3 needs the VIR_MIGRATE_TUNNELLED flag");
        CheckMigrateFlags(flags);
        MigrationParams.Validate(prms);
        if (MigrateFlag.Has(flags, MigrateFlag.PostcopyResume))
            return await PreparePostcopyResumeAsync(prms, flags, hostHint).ConfigureAwait(false);
        var xml = MigrationParams.Str(prms, MigrationParams.DestXml) ?? throw QemuErrors.InvalidArg("no domain XML passed");
        var def = QemuDomainXml.Parse(xml, _defaults);
        if (MigrationParams.Str(prms, MigrationParams.DestName) is { } dname && dname != def.Name)
            def.Name = dname;
        var cookie = MigrationCookie.Decode(cookieIn);
        bool offline = MigrateFlag.Has(flags, MigrateFlag.Offline);
        if (offline)
        {
            // Nothing runs here: the config is defined now (Finish reports it).
            var persistent = MigrationParams.Str(prms, MigrationParams.PersistXml) is { } px ? QemuDomainXml.Parse(px, _defaults) : def;
            CheckNameAndUuidFree(persistent, allowInactive: true);
            await DefineXmlAsync(persistent.ToXml(DomainXmlFormatFlags.Inactive), 0).ConfigureAwait(false);
            return ([], $"tcp:{ChooseMigrationHost(hostHint)}:0");
        }
        CheckIncomingPreconditions(def, flags, cookie);
        // Finish defines it once the guest runs here: a bad one must fail now, before anything moves.
        if (MigrationParams.Str(prms, MigrationParams.PersistXml) is { } persistXml)
            QemuDomainXml.Parse(persistXml, _defaults);
        var (listen, port) = ChooseIncomingEndpoint(prms);
        QemuDomain d;
        bool created;
        IncomingMigration incoming;
        lock (_lock)
        {
            CheckNameAndUuidFree(def, allowInactive: true);
            if (FindByUuid(def.Uuid) is { } existing)
            {
                d = existing;
                created = false;
            }
            else
            {
                d = new QemuDomain(def.Uuid, def.Name);
                _domains.Add(d);
                created = true;
            }
            incoming = new IncomingMigration(def.Name, created);
            if (!_incoming.TryAdd(def.Name, incoming))
            {
                if (created) _domains.Remove(d);
                throw QemuErrors.Invalid($"domain '{def.Name}' is already being migrated in", ErrorDomain.Domain);
            }
        }
        var prepareStart = DateTime.UtcNow;
        var made = MigrateFlag.CopiesStorage(flags) ? CreateCopyTargets(def, cookie) : [];
        incoming.CreatedFiles.AddRange(made);
        int nbdPort = 0;
        var reply = new MigrationCookie();
        await d.Job.WaitAsync().ConfigureAwait(false);
        try
        {
            if (MigrateFlag.CopiesStorage(flags))
                nbdPort = MigrationParams.Num(prms, MigrationParams.DisksPort) is { } dp and > 0 ? (int)dp : FreeMigrationPort(listen, port);
            await StartProcessAsync(d, paused: true, def, incoming: async qmp =>
            {
                await qmp.SetMigrationCapabilitiesAsync(new Dictionary<string, bool>
                {
                    ["multifd"] = MigrateFlag.Has(flags, MigrateFlag.Parallel),
                    ["xbzrle"] = MigrateFlag.Has(flags, MigrateFlag.Compressed),
                    ["postcopy-ram"] = MigrateFlag.Has(flags, MigrateFlag.Postcopy),
                    // the MIGRATION event (completed) lets Finish resume the guest without a polling delay
                    ["events"] = true,
                }).ConfigureAwait(false);
                if (MigrateFlag.Has(flags, MigrateFlag.Parallel))
                    await qmp.SetMigrationParametersAsync(new Dictionary<string, long>
                    {
                        ["multifd-channels"] = MigrationParams.Num(prms, MigrationParams.ParallelConnections) ?? 2,
                    }).ConfigureAwait(false);
                if (nbdPort > 0)
                {
                    await qmp.NbdServerStartAsync(listen, nbdPort).ConfigureAwait(false);
                    foreach (var (target, _, _) in cookie.Disks)
                        {
                        // Aliases are the command builder's (the parsed XML may not carry them yet).
                        var disk = def.Devices.Disks.First(x => x.TargetDev == target);
                        await qmp.NbdServerAddAsync("drive-" + (disk.Alias ?? CommandLine.DeviceAliases.DiskAlias(disk))).ConfigureAwait(false);
                    }
                }
                if (IncomingEarlyResume.Applies(flags))
                    incoming.EarlyResume = new IncomingEarlyResume(qmp, () => AdoptEarlyResumed(d, incoming));
                await qmp.MigrateIncomingAsync(tunnelSocket is not null ? "unix:" + tunnelSocket : $"tcp:{listen}:{port}").ConfigureAwait(false);
            }).ConfigureAwait(false);
            lock (_lock)
            {
                d.Reason = R.PausedMigration;
                SaveStatus(d);
                MarkIncoming(def.Name, d.Pid, made);
            }
        }
        catch
        {
            incoming.EarlyResume?.Dispose();
            ClearIncoming(def.Name);
            _incoming.TryRemove(def.Name, out _);
            lock (_lock)
                if (created && !d.IsActive)
                    _domains.Remove(d);
            foreach (var f in made)
                File.Delete(f);
            throw;
        }
        finally
        {
            d.Job.Release();
        }
        _settings.Log($"domain '{def.Name}': migration in: QEMU started and waiting for the stream {(DateTime.UtcNow - prepareStart).TotalMilliseconds:0} ms after Prepare began");
        var host = MigrationParams.Str(prms, MigrationParams.Uri) is { } given ? MigrationParams.ParseTcpUri(given).Host : ChooseMigrationHost(hostHint);
        if (nbdPort > 0)
        {
            reply.NbdHost = host;
            reply.NbdPort = nbdPort;
            reply.Disks.AddRange(cookie.Disks);
        }
        return (reply.Encode(), $"tcp:{host}:{port}");
    }

    public async Task<(DomainRef Dom, byte[] Cookie)> MigrateFinish3Async(IReadOnlyList<TypedParameter> prms, byte[] cookie, uint flags, bool cancelled)
    {
        var name = MigrationParams.Str(prms, MigrationParams.DestName) ?? throw QemuErrors.InvalidArg("missing destination name");
        if (MigrateFlag.Has(flags, MigrateFlag.Offline))
        {
            var dom = await LookupByNameAsync(name).ConfigureAwait(false);
            if (cancelled)
            {
                await UndefineAsync(dom, 0).ConfigureAwait(false);
                throw QemuErrors.OperationFailed("migration in job: canceled by client");
            }
            return (dom, []);
        }
        if (!_incoming.TryRemove(name, out var incoming))
            throw QemuErrors.OperationFailed($"migration in job: no incoming migration of domain '{name}' (it failed or was cleaned up already)");
        QemuDomain? d;
        lock (_lock)
            d = FindByName(name);
        if (d is null || !d.IsActive)
        {
            DropIncomingLeftovers(incoming);
            lock (_lock)
                if (d is not null && incoming.Created && !d.IsActive && d.Persistent is null)
                    _domains.Remove(d);
            throw QemuErrors.OperationFailed($"migration in job: domain '{name}' is no longer running here (its QEMU exited)");
        }
        if (incoming.Resuming)
            return await FinishPostcopyResumeAsync(d, prms, flags, cancelled).ConfigureAwait(false);
        using var early = incoming.EarlyResume;
        if (cancelled)
        {
            await DiscardIncomingAsync(d, incoming).ConfigureAwait(false);
            throw QemuErrors.OperationFailed("migration in job: canceled by client");
        }
        try
        {
            long received = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            var (dom, resumed) = await RunIncomingAsync(d, prms, flags, incoming).ConfigureAwait(false);
            return (dom, KeepIncomingStats(d, cookie, received, resumed));
        }
        catch (Exception e) when (e is QmpErrorException or QmpDisconnectedException or TimeoutException or IOException or UnauthorizedAccessException)
        {
            // (IO: the --persistent config could not be written)
            await DiscardIncomingAsync(d, incoming).ConfigureAwait(false);
            throw QemuErrors.OperationFailed($"migration in job: {e.Message}");
        }
    }

    /// <summary>
    /// The stream has arrived: stop the NBD server, run the guest (unless --suspend), persist it if asked. Returns
    /// when the guest resumed here (Unix ms, 0 when it stays paused), which Confirm turns into the downtime.
    /// </summary>
    private async Task<(DomainRef Dom, long ResumedMs)> RunIncomingAsync(QemuDomain d, IReadOnlyList<TypedParameter> prms, uint flags, IncomingMigration? incoming = null)
    {
        var early = incoming?.EarlyResume;
        var finishStart = DateTime.UtcNow;
        QmpClient qmp;
        lock (_lock)
            qmp = d.Monitor ?? throw QemuErrors.NotRunning();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        using var signal = new MigrationEventSignal(qmp);
        while (await qmp.QueryRunStateAsync().ConfigureAwait(false) == "inmigrate")
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("the incoming migration did not complete within 60 s after the source finished");
            // QEMU's MIGRATION event (completed) ends the wait at once; the interval is the fallback
            await signal.WaitAsync(20).ConfigureAwait(false);
        }
        // Only a storage copy started an NBD server: no extra round trip while the guest is down otherwise.
        if (MigrateFlag.CopiesStorage(flags))
        {
            try
            {
                await qmp.NbdServerStopAsync().ConfigureAwait(false);
            }
            catch (QmpErrorException)
            {
                // no NBD server was started
            }
        }
        bool paused = MigrateFlag.Has(flags, MigrateFlag.Paused);
        // The guest may run already (resumed when the stream completed); else cont now.
        DateTimeOffset? resumedAt = early is { Started: true } ? await early.Resumed.WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false) : null;
        if (!paused && resumedAt is null)
            await qmp.ContAsync().ConfigureAwait(false);
        long resumedMs = paused ? 0 : (resumedAt ?? signal.ResumedAt ?? DateTimeOffset.UtcNow).ToUnixTimeMilliseconds();
        _settings.Log($"domain '{d.Name}': migration in: {(paused ? "arrived (kept paused)" : "running here")} {(DateTime.UtcNow - finishStart).TotalMilliseconds:0} ms after Finish began"
            + (resumedAt is { } at ? $" (resumed {(DateTime.UtcNow - at).TotalMilliseconds:0} ms before, as the stream completed)" : ""));
        await WaitIncomingPostcopyAsync(d, qmp).ConfigureAwait(false);
        DomainDefinition? persistent = null;
        if (MigrateFlag.Has(flags, MigrateFlag.PersistDest))
        {
            lock (_lock)
                persistent = MigrationParams.Str(prms, MigrationParams.PersistXml) is { } px ? QemuDomainXml.Parse(px, _defaults) : d.Live!.Clone();
            persistent.Id = -1;
        }
        DomainLifecycleEvent ev;
        lock (_lock)
        {
            if (persistent is not null)
            {
                SaveConfig(persistent);
                d.Persistent = persistent;
            }
            d.State = paused ? DomainState.Paused : DomainState.Running;
            d.Reason = paused ? R.PausedMigration : R.RunningMigrated;
            SaveStatus(d);
            ClearIncoming(d.Name);
            ev = paused ? new DomainLifecycleEvent(d.Ref, L.Suspended, L.SuspendedMigrated) : new DomainLifecycleEvent(d.Ref, L.Resumed, L.ResumedMigrated);
        }
        if (incoming is not { RunningHere: true }) // else announced when it resumed
            _events.Publish(ev);
        lock (_lock)
            return (d.Ref, resumedMs);
    }

    /// <summary>
    /// The stream arrived complete and the guest runs here (a plain pre-copy, resumed before Finish): from now on it
    /// is this host's. The state and event say so at once; the marker goes, so a restarted daemon reattaches it.
    /// </summary>
    private void AdoptEarlyResumed(QemuDomain d, IncomingMigration incoming)
    {
        DomainLifecycleEvent ev;
        lock (_lock)
        {
            if (!d.IsActive)
                return;
            incoming.RunningHere = true;
            d.State = DomainState.Running;
            d.Reason = R.RunningMigrated;
            SaveStatus(d);
            ClearIncoming(d.Name);
            ev = new DomainLifecycleEvent(d.Ref, L.Resumed, L.ResumedMigrated);
        }
        _events.Publish(ev);
    }

    /// <summary>
    /// A failed or cancelled incoming migration: its QEMU ends, a domain made for it goes away — unless the guest
    /// already runs here, when this is the only copy that may run (the source stays paused; see KeepsSourcePaused).
    /// </summary>
    private async Task DiscardIncomingAsync(QemuDomain d, IncomingMigration incoming)
    {
        if (incoming.RunningHere)
        {
            _settings.Log($"domain '{d.Name}': its incoming migration ended without a successful Finish, but the guest already runs here (its whole state arrived): keeping it");
            return;
        }
        int pid;
        lock (_lock)
        {
            pid = d.Pid;
            d.StopIntent = (R.ShutoffFailed, L.StoppedFailed);
        }
        if (pid > 0)
        {
            await ProcessState.TerminateAsync(pid, TimeSpan.FromSeconds(3)).ConfigureAwait(false);
            await ProcessGoneAsync(d, pid).ConfigureAwait(false);
        }
        lock (_lock)
            if (incoming.Created && !d.IsActive && d.Persistent is null)
                _domains.Remove(d);
        DropIncomingLeftovers(incoming);
    }

    /// <summary>
    /// Up-front checks (guide 12.1), so a migration that cannot work fails before anything moves: every disk's
    /// file must be visible here unless it is copied, every network must exist here.
    /// </summary>
    private void CheckIncomingPreconditions(DomainDefinition def, uint flags, MigrationCookie cookie)
    {
        CheckBackingVisible(def, cookie);
        foreach (var disk in def.Devices.Disks)
        {
            var path = disk.Type switch { "file" => disk.SourceFile, "block" => disk.SourceDev, _ => null };
            if (path is null || File.Exists(path) || cookie.Disks.Any(c => c.Target == disk.TargetDev))
                continue;
            if (disk.Device is "cdrom" or "floppy" && disk.ReadOnly)
                continue;
            throw QemuErrors.OperationFailed(
                $"disk '{disk.TargetDev}' of domain '{def.Name}': storage file '{path}' is not visible on the destination host; use shared storage or migrate with --copy-storage-all",
                ErrorDomain.Domain);
        }
        if (def.Os.Kernel is { } k && !File.Exists(k))
            throw QemuErrors.OperationFailed($"kernel '{k}' of domain '{def.Name}' is not visible on the destination host", ErrorDomain.Domain);
        if (def.Os.Initrd is { } i && !File.Exists(i))
            throw QemuErrors.OperationFailed($"initrd '{i}' of domain '{def.Name}' is not visible on the destination host", ErrorDomain.Domain);
        foreach (var nic in def.Devices.Interfaces.Where(n => n.Type == "network"))
        {
            var networks = Networks ?? throw QemuErrors.Unsupported($"interface {nic.Mac} of domain '{def.Name}': no network driver on the destination host");
            try
            {
                networks.BridgeForGuest(nic.SourceNetwork!);
            }
            catch (LibvirtException e)
            {
                throw new LibvirtException(e.Code, e.Domain, $"{e.Message} (network '{nic.SourceNetwork}' of domain '{def.Name}' on the destination host)");
            }
        }
    }

    /// <summary>Name and UUID must be free here: the same domain inactive is fine (it is being migrated back).</summary>
    private void CheckNameAndUuidFree(DomainDefinition def, bool allowInactive)
    {
        lock (_lock)
        {
            if (FindByUuid(def.Uuid) is { } existing)
            {
                if (existing.Name != def.Name)
                    throw QemuErrors.OperationFailed($"domain '{existing.Name}' is already defined with uuid {existing.Uuid:D}", ErrorDomain.Domain);
                if (existing.IsActive || !allowInactive)
                    throw QemuErrors.Invalid($"domain '{def.Name}' is already active", ErrorDomain.Domain);
            }
            else if (FindByName(def.Name) is { } other)
                throw QemuErrors.OperationFailed($"domain '{def.Name}' already exists with uuid {other.Uuid:D}", ErrorDomain.Domain);
        }
    }

    /// <summary>Where QEMU listens: listen_address or every address; the port from migrate_uri or the first free one of the range.</summary>
    private static (string Listen, int Port) ChooseIncomingEndpoint(IReadOnlyList<TypedParameter> prms)
    {
        var listen = MigrationParams.Str(prms, MigrationParams.ListenAddress) ?? "0.0.0.0";
        int port = 0;
        if (MigrationParams.Str(prms, MigrationParams.Uri) is { } uri)
            port = MigrationParams.ParseTcpUri(uri).Port;
        return (listen, port > 0 ? port : FreeMigrationPort(listen, 0));
    }

    private static int FreeMigrationPort(string listen, int taken)
    {
        for (int p = MigrationPortMin; p <= MigrationPortMax; p++)
            if (p != taken && CanBind(listen == "0.0.0.0" ? "0.0.0.0" : listen, p))
                return p;
        throw QemuErrors.OperationFailed($"Unable to find an unused port in range 'migration' ({MigrationPortMin}-{MigrationPortMax})");
    }

    /// <summary>
    /// The address the source should send to: the one the caller reached this daemon on (a TCP connection), else
    /// this host's first non-loopback IPv4 address, else its name — libvirt uses the host name, which in network
    /// namespaces of one machine resolves to the wrong place.
    /// </summary>
    private static string ChooseMigrationHost(string? hostHint)
    {
        if (hostHint is { Length: > 0 } h && h != "127.0.0.1" && h != "::1")
            return h.Contains(':') ? "[" + h + "]" : h;
        foreach (var nic in System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces())
        {
            if (nic.OperationalStatus != System.Net.NetworkInformation.OperationalStatus.Up || nic.NetworkInterfaceType == System.Net.NetworkInformation.NetworkInterfaceType.Loopback)
                continue;
            foreach (var a in nic.GetIPProperties().UnicastAddresses)
                if (a.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
                    return a.Address.ToString();
        }
        return hostHint is { Length: > 0 } ? hostHint : System.Net.Dns.GetHostName();
    }
}
