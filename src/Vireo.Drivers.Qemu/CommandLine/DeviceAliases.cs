using System.Globalization;
using Vireo.Model.Domain;
using Vireo.Model.Domain.Devices;

namespace Vireo.Drivers.Qemu.CommandLine;

/// <summary>Device aliases as libvirt's qemu driver names them (virtio-disk0, ide0-0-1, net0, serial0 ...); user aliases (ua-*) are kept.</summary>
public static class DeviceAliases
{
    /// <summary>Names every device that has no alias yet.</summary>
    public static void Assign(DomainDefinition def)
    {
        var devs = def.Devices;
        foreach (var disk in devs.Disks)
        {
            var alias = DiskAlias(disk);
            // A target name libvirt cannot index (no known prefix) falls back to the next free number.
            for (int n = 0; devs.Disks.Any(d => d != disk && d.Alias == alias); n++)
                alias = $"{disk.TargetBus}-disk{I(n)}";
            disk.Alias ??= alias;
        }
        foreach (var c in devs.Controllers)
            c.Alias ??= c.Type switch
            {
                "usb" => c.Index == 0 ? "usb" : "usb" + I(c.Index ?? 0),
                "pci" => "pci." + I(c.Index ?? 0),
                "ide" => c.Index == 0 ? "ide" : "ide" + I(c.Index ?? 0),
                _ => c.Type + I(c.Index ?? 0),
            };
        for (int i = 0; i < devs.Interfaces.Count; i++)
            devs.Interfaces[i].Alias ??= "net" + I(i);
        foreach (var s in devs.Serials)
            s.Alias ??= "serial" + I(s.TargetPort ?? 0);
        foreach (var p in devs.Parallels)
            p.Alias ??= "parallel" + I(p.TargetPort ?? 0);
        for (int i = 0; i < devs.Channels.Count; i++)
            devs.Channels[i].Alias ??= "channel" + I(i);
        for (int i = 0; i < devs.Inputs.Count; i++)
            devs.Inputs[i].Alias ??= "input" + I(i);
        for (int i = 0; i < devs.Videos.Count; i++)
            devs.Videos[i].Alias ??= "video" + I(i);
        if (devs.Memballoon is { } b)
            b.Alias ??= "balloon0";
    }

    /// <summary>libvirt's disk alias: bus + drive address (ide0-1-0), or bus-disk + index (virtio-disk0).</summary>
    public static string DiskAlias(DiskDevice disk)
    {
        var bus = disk.TargetBus ?? "ide";
        if (disk.Address is { Type: "drive" } a)
        {
            uint c = a.Get("controller") ?? 0, b = a.Get("bus") ?? 0, t = a.Get("target") ?? 0, u = a.Get("unit") ?? 0;
            return bus switch
            {
                "scsi" => $"scsi{c}-{b}-{t}-{u}",
                "fdc" => $"fdc{c}-{b}-{u}",
                _ => $"{bus}{c}-{b}-{u}",
            };
        }
        return $"{bus}-disk{I(Math.Max(DiskNames.ToIndex(disk.TargetDev), 0))}";
    }

    private static string I(int n) => n.ToString(CultureInfo.InvariantCulture);
}
