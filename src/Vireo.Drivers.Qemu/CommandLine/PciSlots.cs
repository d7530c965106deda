using System.Globalization;
using Vireo.Model.Domain;
using Vireo.Model.Domain.Devices;

namespace Vireo.Drivers.Qemu.CommandLine;

/// <summary>
/// PCI address allocation on the i440fx machine's single bus (pci.0), in libvirt's order: explicit addresses first,
/// then controllers, NICs, video, virtio disks and the balloon. Slot 0 is the host bridge, slot 1 the PIIX3
/// (ISA, IDE, USB, ACPI functions), slot 2 the primary VGA; slots 3-31 are free — 29, of which the default
/// balloon takes one, which leaves the guide's "28 PCI slots available for additional devices".
/// </summary>
public static class PciSlots
{
    /// <summary>First slot a device may take.</summary>
    public const int FirstFree = 3;
    /// <summary>Last slot on bus 0.</summary>
    public const int LastSlot = 31;
    /// <summary>The primary video adapter's slot.</summary>
    public const int VideoSlot = 2;
    /// <summary>PIIX3 multifunction slot (USB controller at function 2).</summary>
    public const int Piix3Slot = 1;

    /// <summary>Gives every PCI device without an address one; throws when bus 0 is full or an address is used twice.</summary>
    public static void Assign(DomainDefinition def)
    {
        if (PcieTopology.IsQ35(def))
        {
            PcieTopology.Assign(def);
            return;
        }

        var used = new HashSet<(uint Slot, uint Function)>();
        var wanting = new List<DomainDevice>();
        foreach (var dev in PciDevices(def))
        {
            if (dev.Address is { Type: "pci" } a)
            {
                uint bus = a.Get("bus") ?? 0, slot = a.Get("slot") ?? 0, fn = a.Get("function") ?? 0;
                if (bus != 0 || (a.Get("domain") ?? 0) != 0)
                    throw QemuErrors.Unsupported($"PCI address {Format(a)} of {Describe(dev)}: only bus 0 (pci.0) exists on this machine");
                if (slot > LastSlot)
                    throw QemuErrors.Unsupported($"PCI address {Format(a)} of {Describe(dev)}: slot must be at most 0x{LastSlot:x}");
                if (!used.Add((slot, fn)))
                    throw QemuErrors.Internal($"Attempted double use of PCI Address {Format(a)} ({Describe(dev)})");
            }
            else if (dev.Address is null)
                wanting.Add(dev);
        }

        foreach (var dev in wanting)
        {
            if (dev is ControllerDevice { Type: "usb" } usb && (usb.Model ?? "piix3-uhci") == "piix3-uhci" && used.Add((Piix3Slot, 2)))
            {
                dev.Address = DeviceAddress.Pci(0, 0, Piix3Slot, 2);
                continue;
            }
            if (dev is VideoDevice v && ReferenceEquals(v, def.Devices.Videos.FirstOrDefault()) && !used.Any(u => u.Slot == VideoSlot))
            {
                used.Add((VideoSlot, 0));
                dev.Address = DeviceAddress.Pci(0, 0, VideoSlot, 0);
                continue;
            }
            uint free = FirstFreeSlot(used);
            if (free == 0)
            {
                int taken = used.Select(u => u.Slot).Distinct().Count(s => s >= FirstFree);
                throw QemuErrors.Internal($"No more available PCI slots: domain '{def.Name}' has used all {LastSlot - FirstFree + 1} free slots " +
                    $"(0x{FirstFree:x2}-0x{LastSlot:x2}, {taken} taken) on bus pci.0 and {Describe(dev)} needs one more");
            }
            used.Add((free, 0));
            dev.Address = DeviceAddress.Pci(0, 0, free, 0);
        }
    }

    /// <summary>"0x4" or "0x1.0x2": the addr= value QEMU takes for a PCI address.</summary>
    public static string Addr(DeviceAddress a)
    {
        uint slot = a.Get("slot") ?? 0, fn = a.Get("function") ?? 0;
        var s = "0x" + slot.ToString("x", CultureInfo.InvariantCulture);
        return fn == 0 ? s : s + ".0x" + fn.ToString("x", CultureInfo.InvariantCulture);
    }

    // Every device that sits on the PCI bus, in libvirt's allocation order.
    private static IEnumerable<DomainDevice> PciDevices(DomainDefinition def)
    {
        var devs = def.Devices;
        foreach (var c in devs.Controllers)
            if (ControllerIsPci(c))
                yield return c;
        foreach (var n in devs.Interfaces)
            yield return n;
        foreach (var v in devs.Videos)
            if (v.ModelType is not ("none" or null))
                yield return v;
        foreach (var d in devs.Disks)
            if (d.TargetBus == "virtio")
                yield return d;
        if (devs.Memballoon is { Model: not "none" } b)
            yield return b;
    }

    private static bool ControllerIsPci(ControllerDevice c) => c.Type switch
    {
        "usb" => c.Model is not "none",
        "scsi" or "sata" or "virtio-serial" => true,
        _ => false,
    };

    private static uint FirstFreeSlot(HashSet<(uint Slot, uint Function)> used)
    {
        for (uint s = FirstFree; s <= LastSlot; s++)
            if (!used.Any(u => u.Slot == s))
                return s;
        return 0;
    }

    private static string Format(DeviceAddress a) =>
        string.Create(CultureInfo.InvariantCulture, $"{a.Get("domain") ?? 0:x4}:{a.Get("bus") ?? 0:x2}:{a.Get("slot") ?? 0:x2}.{a.Get("function") ?? 0:x}");

    private static string Describe(DomainDevice d) => d switch
    {
        DiskDevice disk => $"disk '{disk.TargetDev}'",
        InterfaceDevice nic => $"interface {nic.Mac?.ToString() ?? "(no mac)"}",
        ControllerDevice c => $"controller {c.Type}{c.Index}",
        VideoDevice v => $"video {v.ModelType}",
        MemballoonDevice => "the memory balloon",
        _ => d.ElementName,
    };
}
