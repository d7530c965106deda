using Vireo.Model.Domain;
using Vireo.Model.Domain.Devices;

namespace Vireo.Drivers.Qemu.CommandLine;

/// <summary>Boot: -boot (strict, menu), direct kernel boot (-kernel/-initrd/-append/-dtb) and the bootindex of each device.</summary>
public static class BootArgs
{
    public static IEnumerable<QemuArg> Build(BuildContext ctx)
    {
        var os = ctx.Def.Os;
        if (ctx.Def.Bootloader is not null)
            throw QemuErrors.Unsupported($"domain '{ctx.Def.Name}' uses a host bootloader ({ctx.Def.Bootloader}), which only Xen supports; use <os><kernel> or boot from a disk");
        var boot = new QemuOptionValue();
        if (os.BootMenuEnabled == true)
        {
            boot.Add("menu", "on");
            if (os.BootMenuTimeout is { } t)
                boot.Add("splash-time", t);
        }
        boot.Add("strict", "on");
        yield return new("-boot", boot.ToString());
        if (os.Kernel is not null)
            yield return new("-kernel", os.Kernel);
        if (os.Initrd is not null)
            yield return new("-initrd", os.Initrd);
        if (os.Cmdline is not null)
            yield return new("-append", os.Cmdline);
        if (os.Dtb is not null)
            yield return new("-dtb", os.Dtb);
    }

    /// <summary>
    /// bootindex per device: per-device &lt;boot order='N'/&gt; as given, else &lt;os&gt;&lt;boot dev&gt; in order, each picking the
    /// first device of its kind (hd: first disk, cdrom: first cdrom, fd: first floppy, network: first NIC), as libvirt does.
    /// </summary>
    public static IReadOnlyDictionary<DomainDevice, int> Indexes(DomainDefinition def)
    {
        var map = new Dictionary<DomainDevice, int>(ReferenceEqualityComparer.Instance);
        foreach (var d in def.Devices.All())
            if (d.BootOrder is { } order)
                map[d] = order;
        if (map.Count > 0)
            return map;
        int next = 1;
        foreach (var dev in def.Os.BootDevices)
        {
            DomainDevice? pick = dev switch
            {
                "hd" => def.Devices.Disks.FirstOrDefault(d => d.Device == "disk"),
                "cdrom" => def.Devices.Disks.FirstOrDefault(d => d.Device == "cdrom"),
                "fd" => def.Devices.Disks.FirstOrDefault(d => d.Device == "floppy"),
                "network" => def.Devices.Interfaces.FirstOrDefault(),
                _ => null,
            };
            if (pick is not null && !map.ContainsKey(pick))
                map[pick] = next++;
        }
        return map;
    }
}
