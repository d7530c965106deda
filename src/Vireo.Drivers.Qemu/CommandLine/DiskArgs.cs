using Vireo.Model.Domain.Devices;

namespace Vireo.Drivers.Qemu.CommandLine;

/// <summary>Disks, cdroms and floppies: one -drive (backend: file, format, cache, aio, read-only) and one -device (frontend) each.</summary>
public static class DiskArgs
{
    public static IEnumerable<QemuArg> Build(BuildContext ctx)
    {
        foreach (var disk in ctx.Def.Devices.Disks)
        {
            yield return new("-drive", Drive(ctx, disk));
            yield return new("-device", Device(ctx, disk));
            // A floppy drive has no bootindex of its own: the controller carries one per drive (A/B).
            if (disk.TargetBus == "fdc" && ctx.BootIndexOf(disk) is { } index)
                yield return new("-global", $"isa-fdc.bootindex{((disk.Address?.Get("unit") ?? 0) == 0 ? 'A' : 'B')}={index}");
        }
    }

    private static string Drive(BuildContext ctx, DiskDevice disk)
    {
        var path = disk.Type switch
        {
            "file" => disk.SourceFile,
            "block" => disk.SourceDev,
            _ => throw QemuErrors.Unsupported($"disk '{disk.TargetDev}' of domain '{ctx.Def.Name}': source type '{disk.Type}' is not supported yet by the qemu driver (file and block are)"),
        };
        if (path is null && disk.Device is not ("cdrom" or "floppy"))
            throw QemuErrors.Unsupported($"disk '{disk.TargetDev}' of domain '{ctx.Def.Name}' has no source; only a cdrom or floppy may be empty");
        var v = new QemuOptionValue();
        if (path is not null)
            v.Add("file", path).Add("format", Format(disk));
        v.Add("if", "none").Add("id", "drive-" + disk.Alias);
        if (disk.ReadOnly || disk.Device == "cdrom")
            v.Add("readonly", "on");
        if (disk.DriverCache is { } cache and not "default")
            v.Add("cache", cache);
        if (disk.DriverIo is { } io)
            v.Add("aio", io);
        return v.ToString();
    }

    // <driver name='file'/> or 'tap' (the guide's Xen examples) carry no format: raw, as libvirt assumes.
    private static string Format(DiskDevice disk) => disk.DriverType switch
    {
        null or "aio" => "raw",
        var t => t,
    };

    private static string Device(BuildContext ctx, DiskDevice disk)
    {
        bool cd = disk.Device == "cdrom";
        var drive = "drive-" + disk.Alias;
        uint c = disk.Address?.Get("controller") ?? 0, bus = disk.Address?.Get("bus") ?? 0;
        uint target = disk.Address?.Get("target") ?? 0, unit = disk.Address?.Get("unit") ?? 0;
        QemuOptionValue v;
        switch (disk.TargetBus)
        {
            case "virtio":
                if (disk.Device != "disk")
                    throw QemuErrors.Unsupported($"disk '{disk.TargetDev}': a {disk.Device} cannot be on the virtio bus");
                v = BuildContext.Pci(new QemuOptionValue("virtio-blk-pci"), disk).Add("drive", drive).Add("id", disk.Alias);
                break;
            case "ide":
                if (c != 0 || bus > 1 || unit > 1)
                    throw QemuErrors.Unsupported($"disk '{disk.TargetDev}': the pc machine has one IDE controller with 2 buses of 2 units (hda-hdd)");
                if (disk.ReadOnly && !cd)
                    throw QemuErrors.Unsupported($"readonly ide disks are not supported (disk '{disk.TargetDev}'); use device='cdrom' or another bus");
                v = new QemuOptionValue(cd ? "ide-cd" : "ide-hd").Add("bus", $"ide.{bus}").Add("unit", unit).Add("drive", drive).Add("id", disk.Alias);
                break;
            case "sata":
                if (disk.ReadOnly && !cd)
                    throw QemuErrors.Unsupported($"readonly sata disks are not supported (disk '{disk.TargetDev}')");
                // q35's built-in AHCI (controller 0) names its ports ide.N, as libvirt addresses them
                var port = c == 0 && PcieTopology.IsQ35(ctx.Def) ? $"ide.{unit}" : $"sata{c}.{unit}";
                v = new QemuOptionValue(cd ? "ide-cd" : "ide-hd").Add("bus", port).Add("drive", drive).Add("id", disk.Alias);
                break;
            case "scsi":
                var model = ScsiModel(ctx, c);
                v = new QemuOptionValue(cd ? "scsi-cd" : "scsi-hd").Add("bus", $"scsi{c}.0");
                if (model == "virtio-scsi")
                    v.Add("channel", 0).Add("scsi-id", target).Add("lun", unit);
                else
                    v.Add("scsi-id", unit);
                v.Add("drive", drive).Add("id", disk.Alias);
                break;
            case "fdc":
                if (disk.Device != "floppy")
                    throw QemuErrors.Unsupported($"disk '{disk.TargetDev}': only a floppy can be on the fdc bus");
                v = new QemuOptionValue("floppy").Add("unit", unit).Add("drive", drive).Add("id", disk.Alias);
                break;
            default:
                throw QemuErrors.Unsupported($"disk '{disk.TargetDev}' of domain '{ctx.Def.Name}': bus '{disk.TargetBus}' is not supported yet by the qemu driver");
        }
        if (disk.Serial is { } serial && !cd)
            v.Add("serial", serial);
        if (disk.TargetBus != "fdc")
            v.Add("bootindex", ctx.BootIndexOf(disk));
        return v.ToString();
    }

    /// <summary>The model of SCSI controller N (libvirt's x86 default is lsilogic).</summary>
    public static string ScsiModel(BuildContext ctx, uint index) =>
        ctx.Def.Devices.Controllers.FirstOrDefault(x => x.Type == "scsi" && x.Index == index)?.Model ?? "lsilogic";
}
