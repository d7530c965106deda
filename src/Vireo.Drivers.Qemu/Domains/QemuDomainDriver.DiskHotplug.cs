using Vireo.Drivers.Qemu.CommandLine;
using Vireo.Drivers.Qemu.Qmp;
using Vireo.Model.Domain;
using Vireo.Model.Domain.Devices;

namespace Vireo.Drivers.Qemu.Domains;

/// <summary>
/// Live disk hotplug: a virtio disk (its own PCI slot) or a SCSI disk (on a SCSI controller, plugged first when the
/// domain has none) becomes a blockdev node "drive-ALIAS" plus a device; a device_add that fails removes the node
/// again, so nothing half-attached stays. Removable media (cdrom/floppy) change through eject / change-medium.
/// </summary>
public sealed partial class QemuDomainDriver
{
    /// <summary>Plugs <paramref name="disk"/> (defaults applied) into the running QEMU; <paramref name="live"/> is a scratch copy of the live definition. Returns the devices to add to the live XML.</summary>
    private static async Task<IReadOnlyList<DomainDevice>> AttachDiskLiveAsync(string domain, DomainDefinition live, DiskDevice disk, QmpClient qmp)
    {
        if (disk.Type is not ("file" or "block"))
            throw QemuErrors.Unsupported($"disk '{disk.TargetDev}': source type '{disk.Type}' cannot be hotplugged (file and block can)");
        var path = disk.SourcePath
            ?? throw QemuErrors.Unsupported($"disk '{disk.TargetDev}': a hotplugged disk needs a source");
        if (!File.Exists(path))
            throw QemuErrors.System($"Cannot access storage file '{path}' (disk '{disk.TargetDev}' of domain '{domain}')", "No such file or directory");
        switch (disk.TargetBus)
        {
            case "virtio" when disk.Device == "disk":
            case "scsi":
                break;
            case "virtio":
                throw QemuErrors.Unsupported($"disk '{disk.TargetDev}': a {disk.Device} cannot be on the virtio bus");
            default:
                throw QemuErrors.Unsupported($"disk bus '{disk.TargetBus}' cannot be hotplugged.");
        }
        // Controllers the defaults added for this disk (no alias yet) are plugged first.
        var newControllers = live.Devices.Controllers.Where(c => c.Alias is null).ToList();
        live.Devices.Add(disk);
        PciSlots.Assign(live);
        DeviceAliases.Assign(live);

        var plugged = new List<DomainDevice>();
        try
        {
            foreach (var c in newControllers)
                plugged.Add(await AttachControllerLiveAsync(live, c, qmp).ConfigureAwait(false));
            await PlugDiskAsync(live, disk, path, qmp).ConfigureAwait(false);
        }
        catch
        {
            foreach (var c in plugged)
                await TryUnplugAsync(qmp, c.Alias!).ConfigureAwait(false);
            throw;
        }
        plugged.Add(disk);
        return plugged;
    }

    private static async Task PlugDiskAsync(DomainDefinition live, DiskDevice disk, string path, QmpClient qmp)
    {
        var node = "drive-" + disk.Alias;
        bool readOnly = disk.ReadOnly || disk.Device == "cdrom";
        string format = disk.DriverType is null or "aio" ? "raw" : disk.DriverType;
        bool direct = disk.DriverCache is "none" or "directsync", noFlush = disk.DriverCache is "unsafe";
        await Qmp(() => qmp.BlockdevAddFileAsync(node, format, path, readOnly, direct, noFlush)).ConfigureAwait(false);
        try
        {
            var props = new List<KeyValuePair<string, object>>();
            string driver;
            if (disk.TargetBus == "virtio")
            {
                driver = "virtio-blk-pci";
                AddPci(props, disk);
            }
            else
            {
                uint c = disk.Address?.Get("controller") ?? 0;
                var model = live.Devices.Controllers.FirstOrDefault(x => x.Type == "scsi" && x.Index == c)?.Model ?? "lsilogic";
                driver = disk.Device == "cdrom" ? "scsi-cd" : "scsi-hd";
                props.Add(new("bus", $"scsi{c}.0"));
                if (model == "virtio-scsi")
                {
                    props.Add(new("channel", 0));
                    props.Add(new("scsi-id", disk.Address?.Get("target") ?? 0));
                    props.Add(new("lun", disk.Address?.Get("unit") ?? 0));
                }
                else
                    props.Add(new("scsi-id", disk.Address?.Get("unit") ?? 0));
            }
            props.Add(new("drive", node));
            props.Add(new("id", disk.Alias!));
            if (disk.Serial is { } serial && disk.Device != "cdrom")
                props.Add(new("serial", serial));
            await Qmp(() => qmp.DeviceAddAsync(driver, props)).ConfigureAwait(false);
        }
        catch
        {
            // Roll back the backend so a failed attach leaves nothing behind.
            try
            {
                await qmp.BlockdevDelAsync(node).ConfigureAwait(false);
            }
            catch (Exception e) when (e is QmpErrorException or QmpDisconnectedException)
            {
            }
            throw;
        }
    }

    /// <summary>A SCSI (lsilogic, virtio-scsi) or virtio-serial controller, on its own PCI slot.</summary>
    private static async Task<DomainDevice> AttachControllerLiveAsync(DomainDefinition live, ControllerDevice c, QmpClient qmp)
    {
        if (c.Alias is null)
        {
            c.Index ??= live.Devices.Controllers.Where(o => o.Type == c.Type).Select(o => o.Index ?? -1).DefaultIfEmpty(-1).Max() + 1;
            if (!live.Devices.Controllers.Contains(c))
                live.Devices.Add(c);
            PciSlots.Assign(live);
            DeviceAliases.Assign(live);
        }
        string driver = (c.Type, c.Model) switch
        {
            ("scsi", null or "lsilogic") => "lsi",
            ("scsi", "virtio-scsi") => "virtio-scsi-pci",
            ("virtio-serial", _) => "virtio-serial-pci",
            _ => throw QemuErrors.Unsupported($"controller {c.Type} model '{c.Model}' cannot be hotplugged"),
        };
        var props = new List<KeyValuePair<string, object>> { new("id", c.Alias!) };
        AddPci(props, c);
        await Qmp(() => qmp.DeviceAddAsync(driver, props)).ConfigureAwait(false);
        return c;
    }

    private static void AddPci(List<KeyValuePair<string, object>> props, DomainDevice dev)
    {
        if (dev.Address is { Type: "pci" } a)
        {
            props.Add(new("bus", a.Get("bus") is > 0 and var bus ? $"pci.{bus}" : "pci.0"));
            props.Add(new("addr", PciSlots.Addr(a)));
        }
    }

    /// <summary>Unplugs a disk and removes its backend (a node from blockdev-add; a -drive backend goes with its device).</summary>
    private static async Task DetachDiskLiveAsync(DiskDevice disk, QmpClient qmp)
    {
        if (disk.TargetBus is not ("virtio" or "scsi"))
            throw QemuErrors.Unsupported($"disk bus '{disk.TargetBus}' cannot be hotunplugged.");
        await UnplugAsync(qmp, disk.Alias!).ConfigureAwait(false);
        try
        {
            await qmp.BlockdevDelAsync("drive-" + disk.Alias).ConfigureAwait(false);
        }
        catch (QmpErrorException)
        {
            // A disk from the command line (-drive) has no node of that name: its backend left with the device.
        }
    }

    /// <summary>Ejects the medium (no source in the new XML) or inserts the new one.</summary>
    private static async Task ChangeMediumLiveAsync(DiskDevice disk, DiskDevice media, QmpClient qmp)
    {
        if (media.SourcePath is not { } path)
        {
            await Qmp(() => qmp.EjectAsync(disk.Alias!)).ConfigureAwait(false);
            return;
        }
        string format = (media.DriverType ?? disk.DriverType) switch { null or "aio" => "raw", var t => t };
        await Qmp(() => qmp.ChangeMediumAsync(disk.Alias!, path, format, disk.ReadOnly || disk.Device == "cdrom")).ConfigureAwait(false);
    }

    private static async Task TryUnplugAsync(QmpClient qmp, string alias)
    {
        try
        {
            await qmp.DeviceDelAsync(alias).ConfigureAwait(false);
        }
        catch (Exception e) when (e is QmpErrorException or QmpDisconnectedException)
        {
        }
    }
}
