using Vireo.Drivers.Domains;
using Vireo.Drivers.Events;
using Vireo.Drivers.Qemu.CommandLine;
using Vireo.Drivers.Qemu.Qmp;
using Vireo.Model.Defaults;
using Vireo.Model.Domain;
using Vireo.Model.Domain.Devices;
using Vireo.Protocol.Errors;

namespace Vireo.Drivers.Qemu.Domains;

/// <summary>
/// attach-device / detach-device / update-device (qemuDomainAttachDeviceFlags and friends): the flags pick the
/// live domain, the persistent config or both (CURRENT = live when running, else config). Every check runs before
/// anything changes; the config is edited on a copy and written atomically only after the live part succeeded.
/// The per-device live work is in the Disk/Interface hotplug parts.
/// </summary>
public sealed partial class QemuDomainDriver
{
    /// <summary>VIR_DOMAIN_DEVICE_MODIFY_FORCE (virsh change-media passes it to force an eject).</summary>
    private const uint DeviceModifyForce = 4;

    /// <summary>How long detach waits for the guest to release a device (DEVICE_DELETED).</summary>
    internal static TimeSpan UnplugDeadline { get; set; } = TimeSpan.FromSeconds(30);

    public async Task AttachDeviceFlagsAsync(DomainRef dom, string xml, uint flags)
    {
        QemuErrors.CheckFlags(flags, DomainFlags.AffectLive | DomainFlags.AffectConfig, "qemuDomainAttachDeviceFlags");
        var parsed = QemuErrors.Model(() => DomainDevice.Parse(xml));
        var d = GetLocked(dom);
        await d.Job.WaitAsync().ConfigureAwait(false);
        try
        {
            DomainDefinition? config = null, liveCopy = null;
            QmpClient? qmp = null;
            lock (_lock)
            {
                var (live, cfg) = Impact(d, flags);
                if (cfg)
                {
                    config = d.Persistent!.Clone();
                    var dev = parsed.Clone();
                    CheckAttach(config, dev, ErrorCode.OperationInvalid);
                    QemuErrors.Model(() => { DomainDefaults.ApplyToNewDevice(config, dev, _defaults.ToOptions()); return 0; });
                    if (MemoryDevices.IsDimm(dev))
                        MemoryDevices.CheckAttach(config, (OtherDevice)dev);
                    config.Devices.Add(dev);
                    MemoryDevices.AddToTotals(config, [dev]);
                    PciSlots.Assign(config);
                }
                if (live)
                {
                    liveCopy = d.Live!.Clone();
                    CheckAttach(liveCopy, parsed, ErrorCode.OperationFailed);
                    qmp = d.Monitor ?? throw QemuErrors.NotRunning();
                }
            }
            IReadOnlyList<DomainDevice> plugged = [];
            if (liveCopy is not null)
            {
                var dev = parsed.Clone();
                QemuErrors.Model(() => { DomainDefaults.ApplyToNewDevice(liveCopy, dev, _defaults.ToOptions()); return 0; });
                plugged = dev switch
                {
                    DiskDevice disk => await AttachDiskLiveAsync(d.Name, liveCopy, disk, qmp!).ConfigureAwait(false),
                    InterfaceDevice nic => [await AttachInterfaceLiveAsync(d.Name, liveCopy, nic, qmp!).ConfigureAwait(false)],
                    ControllerDevice c => [await AttachControllerLiveAsync(liveCopy, c, qmp!).ConfigureAwait(false)],
                    OtherDevice mem when MemoryDevices.IsDimm(mem) => [await AttachMemoryLiveAsync(liveCopy, mem, qmp!).ConfigureAwait(false)],
                    _ => throw QemuErrors.Unsupported($"live attach of device '{dev.ElementName}' is not supported"),
                };
            }
            DomainDeviceAddedEvent? ev = null;
            lock (_lock)
            {
                if (plugged.Count > 0 && d.Live is not null)
                {
                    foreach (var dev in plugged)
                        d.Live.Devices.Add(dev);
                    MemoryDevices.AddToTotals(d.Live, plugged);
                    SaveStatus(d);
                    ev = new DomainDeviceAddedEvent(d.Ref, plugged[^1].Alias ?? "");
                }
                if (config is not null && d.Persistent is not null)
                {
                    SaveConfig(config);
                    d.Persistent = config;
                }
            }
            if (ev is not null)
                _events.Publish(ev);
        }
        finally
        {
            d.Job.Release();
        }
    }

    public async Task DetachDeviceFlagsAsync(DomainRef dom, string xml, uint flags)
    {
        QemuErrors.CheckFlags(flags, DomainFlags.AffectLive | DomainFlags.AffectConfig, "qemuDomainDetachDeviceFlags");
        var wanted = QemuErrors.Model(() => DomainDevice.Parse(xml));
        var d = GetLocked(dom);
        await d.Job.WaitAsync().ConfigureAwait(false);
        try
        {
            DomainDefinition? config = null;
            DomainDevice? inLive = null;
            QmpClient? qmp = null;
            lock (_lock)
            {
                var (live, cfg) = Impact(d, flags);
                if (cfg)
                {
                    config = d.Persistent!.Clone();
                    config.Devices.Remove(FindForDetach(config, wanted, live: false));
                }
                if (live)
                {
                    inLive = FindForDetach(d.Live!, wanted, live: true);
                    qmp = d.Monitor ?? throw QemuErrors.NotRunning();
                    if (inLive is ControllerDevice c && d.Live!.Devices.Disks.Any(x => x.TargetBus == c.Type && (x.Address?.Get("controller") ?? 0) == (c.Index ?? 0)))
                        throw QemuErrors.OperationFailed($"device cannot be detached: controller {c.Type}{c.Index} is in use by a disk");
                }
            }
            if (inLive is not null)
            {
                switch (inLive)
                {
                    case DiskDevice disk:
                        await DetachDiskLiveAsync(disk, qmp!).ConfigureAwait(false);
                        break;
                    case InterfaceDevice nic:
                        await DetachInterfaceLiveAsync(nic, qmp!).ConfigureAwait(false);
                        break;
                    case ControllerDevice { Type: "scsi" or "virtio-serial" } c:
                        await UnplugAsync(qmp!, c.Alias!).ConfigureAwait(false);
                        break;
                    default:
                        throw QemuErrors.Unsupported($"live detach of device '{inLive.ElementName}' is not supported");
                }
            }
            DomainDeviceRemovedEvent? ev = null;
            lock (_lock)
            {
                if (inLive is not null && d.Live is not null)
                {
                    d.Live.Devices.Remove(inLive);
                    SaveStatus(d);
                    ev = new DomainDeviceRemovedEvent(d.Ref, inLive.Alias ?? "");
                }
                if (config is not null && d.Persistent is not null)
                {
                    SaveConfig(config);
                    d.Persistent = config;
                }
            }
            if (ev is not null)
                _events.Publish(ev);
        }
        finally
        {
            d.Job.Release();
        }
    }

    /// <summary>update-device: only a removable disk's medium can change (virsh change-media --eject/--insert/--update).</summary>
    public async Task UpdateDeviceFlagsAsync(DomainRef dom, string xml, uint flags)
    {
        QemuErrors.CheckFlags(flags, DomainFlags.AffectLive | DomainFlags.AffectConfig | DeviceModifyForce, "qemuDomainUpdateDeviceFlags");
        var parsed = QemuErrors.Model(() => DomainDevice.Parse(xml));
        if (parsed is GraphicsDevice graphics)
        {
            await UpdateGraphicsAsync(dom, graphics, flags).ConfigureAwait(false);
            return;
        }
        if (parsed is not DiskDevice { Device: "cdrom" or "floppy" } media)
            throw QemuErrors.Unsupported(parsed is DiskDevice disk
                ? $"disk bus '{disk.TargetBus ?? DiskNames.DefaultBus(disk.TargetDev, "hvm")}' cannot be updated: only the medium of a cdrom or floppy can change"
                : $"device type '{parsed.ElementName}' cannot be updated");
        if (media.SourcePath is { } path && !File.Exists(path))
            throw QemuErrors.System($"Cannot access storage file '{path}'", "No such file or directory");
        var d = GetLocked(dom);
        await d.Job.WaitAsync().ConfigureAwait(false);
        try
        {
            DomainDefinition? config = null;
            DiskDevice? liveDisk = null;
            QmpClient? qmp = null;
            lock (_lock)
            {
                var (live, cfg) = Impact(d, flags);
                if (cfg)
                {
                    config = d.Persistent!.Clone();
                    SetMedium(FindMedia(config, media), media);
                }
                if (live)
                {
                    liveDisk = FindMedia(d.Live!, media);
                    qmp = d.Monitor ?? throw QemuErrors.NotRunning();
                }
            }
            if (liveDisk is not null)
                await ChangeMediumLiveAsync(liveDisk, media, qmp!).ConfigureAwait(false);
            lock (_lock)
            {
                if (liveDisk is not null && d.Live is not null)
                {
                    SetMedium(liveDisk, media);
                    SaveStatus(d);
                }
                if (config is not null && d.Persistent is not null)
                {
                    SaveConfig(config);
                    d.Persistent = config;
                }
            }
        }
        finally
        {
            d.Job.Release();
        }
    }

    /// <summary>virDomainObjUpdateModificationImpact: which of live and config a call touches (call with _lock held).</summary>
    private static (bool Live, bool Config) Impact(QemuDomain d, uint flags)
    {
        uint impact = flags & (DomainFlags.AffectLive | DomainFlags.AffectConfig);
        if (impact == 0)
            impact = d.IsActive ? DomainFlags.AffectLive : DomainFlags.AffectConfig;
        bool live = (impact & DomainFlags.AffectLive) != 0, config = (impact & DomainFlags.AffectConfig) != 0;
        if (live)
            RequireActive(d);
        if (config && !d.IsPersistent)
            throw QemuErrors.Invalid("transient domains do not have any persistent config", ErrorDomain.Domain);
        return (live, config);
    }

    private static void CheckAttach(DomainDefinition def, DomainDevice device, ErrorCode code)
    {
        string prefix = code == ErrorCode.OperationInvalid ? "Requested operation is not valid: " : "operation failed: ";
        switch (device)
        {
            case DiskDevice disk when def.Devices.Disks.Any(x => x.TargetDev == disk.TargetDev):
                throw new LibvirtException(code, ErrorDomain.Domain, prefix + $"target {disk.TargetDev} already exists");
            case InterfaceDevice { Mac: { } mac } when def.Devices.FindInterface(mac) is not null:
                throw new LibvirtException(code, ErrorDomain.Domain, prefix + $"interface with MAC address {mac} already exists");
            case ControllerDevice c when def.Devices.Controllers.Any(x => x.Type == c.Type && c.Index is not null && x.Index == c.Index):
                throw new LibvirtException(code, ErrorDomain.Domain, prefix + $"controller index='{c.Index}' already exists");
        }
    }

    private static DomainDevice FindForDetach(DomainDefinition def, DomainDevice wanted, bool live)
    {
        if (def.Devices.FindMatch(wanted) is { } found)
            return found;
        string detail = wanted switch
        {
            DiskDevice disk => live ? $"disk {disk.TargetDev} not found" : $"no target device {disk.TargetDev}",
            InterfaceDevice { Mac: { } mac } => $"no device matching MAC address {mac} found",
            InterfaceDevice => "no matching network device was found",
            _ => "device not present in domain configuration",
        };
        throw new LibvirtException(ErrorCode.DeviceMissing, ErrorDomain.Domain, "device not found: " + detail);
    }

    private static DiskDevice FindMedia(DomainDefinition def, DiskDevice media)
    {
        var disk = def.Devices.Disks.FirstOrDefault(x => x.TargetDev == media.TargetDev)
            ?? throw new LibvirtException(ErrorCode.DeviceMissing, ErrorDomain.Domain, $"device not found: disk {media.TargetDev} not found");
        if (disk.Device != media.Device)
            throw QemuErrors.Unsupported($"cannot change disk '{disk.TargetDev}' from a {disk.Device} into a {media.Device}");
        return disk;
    }

    private static void SetMedium(DiskDevice disk, DiskDevice media)
    {
        disk.Type = media.Type;
        disk.SourceFile = media.Type == "file" ? media.SourceFile : null;
        disk.SourceDev = media.Type == "block" ? media.SourceDev : null;
        if (media.DriverType is not null)
            disk.DriverType = media.DriverType;
    }

    /// <summary>
    /// device_del, then waits for the guest to let go until <see cref="UnplugDeadline"/>: the DEVICE_DELETED event, or
    /// <paramref name="gone"/> turning true (a CPU's own event may never come: only its lapic's is sent).
    /// </summary>
    private static async Task UnplugAsync(QmpClient qmp, string alias, Func<Task<bool>>? gone = null)
    {
        var deleted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnEvent(QmpEvent e)
        {
            if (e.Name == QmpEvents.DeviceDeleted && e.Data.ValueKind == System.Text.Json.JsonValueKind.Object
                && e.Data.TryGetProperty("device", out var dev) && dev.GetString() == alias)
                deleted.TrySetResult();
        }
        qmp.EventReceived += OnEvent;
        try
        {
            await Qmp(() => qmp.DeviceDelAsync(alias)).ConfigureAwait(false);
            var until = DateTime.UtcNow + UnplugDeadline;
            while (true)
            {
                var left = until - DateTime.UtcNow;
                if (left <= TimeSpan.Zero)
                    throw new TimeoutException();
                var poll = gone is null ? left : TimeSpan.FromMilliseconds(Math.Min(200, left.TotalMilliseconds));
                if (await Task.WhenAny(deleted.Task, Task.Delay(poll)).ConfigureAwait(false) == deleted.Task)
                    break;
                if (gone is not null && await gone().ConfigureAwait(false))
                    break;
            }
        }
        catch (TimeoutException)
        {
            throw QemuErrors.OperationFailed($"detaching device '{alias}': unplug timed out after {UnplugDeadline.TotalSeconds:0} s (the guest did not release it)");
        }
        finally
        {
            qmp.EventReceived -= OnEvent;
        }
    }

    /// <summary>Runs a QMP command, turning its error into libvirt's "unable to execute QEMU command".</summary>
    private static async Task Qmp(Func<Task> command)
    {
        try
        {
            await command().ConfigureAwait(false);
        }
        catch (QmpErrorException e)
        {
            throw QemuErrors.Internal($"unable to execute QEMU command '{e.Command}': {e.Description}");
        }
        catch (QmpDisconnectedException)
        {
            throw QemuErrors.OperationFailed("domain is no longer running", ErrorDomain.Domain);
        }
    }
}
