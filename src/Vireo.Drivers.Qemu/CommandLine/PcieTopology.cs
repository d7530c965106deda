using System.Globalization;
using System.Xml.Linq;
using Vireo.Model.Domain;
using Vireo.Model.Domain.Devices;

namespace Vireo.Drivers.Qemu.CommandLine;

/// <summary>
/// The q35 machine's PCI Express layout as libvirt 9.0 builds it: pcie.0 (the pcie-root) holds the primary video at
/// 00:01.0, the built-in ICH9 SATA controller at 00:1f.2 and pcie-root-port controllers packed 8 functions per slot
/// from the next free slot; every PCIe device (virtio, qemu-xhci, e1000e ...) sits alone on a root port (bus N,
/// slot 0). When the topology is made for a defined domain one spare root port is added, so a device can be
/// hotplugged later; a running domain never gets new ports (a hotplug without a free port fails).
/// </summary>
public static class PcieTopology
{
    /// <summary>Slot of the ICH9 LPC (function 0), SATA (2) and SMBus (3).</summary>
    public const uint Ich9Slot = 0x1f;
    /// <summary>Slot of the primary video adapter on pcie.0.</summary>
    public const uint VideoSlot = 1;

    public static bool IsQ35(DomainDefinition def) => def.Os.Machine?.Contains("q35", StringComparison.Ordinal) ?? false;

    /// <summary>libvirt's q35 post-parse controllers: qemu-xhci USB, pcie-root, the SATA controller and the PS/2 devices the i8042 provides.</summary>
    public static void AddDefaultDevices(DomainDefinition def)
    {
        var devs = def.Devices;
        if (!devs.Controllers.Any(c => c.Type == "usb"))
            devs.InsertController(new ControllerDevice { Type = "usb", Index = 0, Model = "qemu-xhci" });
        if (!devs.Controllers.Any(c => c.Type == "sata" && (c.Index ?? 0) == 0))
            devs.InsertController(new ControllerDevice { Type = "sata", Index = 0 });
        if (!devs.Controllers.Any(c => c.Type == "pci" && (c.Index ?? 0) == 0))
            devs.InsertController(new ControllerDevice { Type = "pci", Index = 0, Model = "pcie-root" });
        if (!devs.Inputs.Any(i => i.Type == "mouse" && i.Bus == "ps2"))
            devs.Inputs.Add(new InputDevice { Type = "mouse", Bus = "ps2" });
        if (!devs.Inputs.Any(i => i.Type == "keyboard" && i.Bus == "ps2"))
            devs.Inputs.Add(new InputDevice { Type = "keyboard", Bus = "ps2" });
    }

    /// <summary>Addresses every PCI device of a q35 definition, adding root ports when the domain is not running.</summary>
    public static void Assign(DomainDefinition def)
    {
        var devs = def.Devices;
        bool running = def.Id is > 0;
        bool hadPorts = devs.Controllers.Any(IsRootPort);
        var usedOnRoot = new HashSet<(uint Slot, uint Function)> { (0, 0), (Ich9Slot, 0), (Ich9Slot, 2), (Ich9Slot, 3) };
        var busyPorts = new HashSet<uint>();

        foreach (var c in devs.Controllers.Where(c => c.Type == "sata" && (c.Index ?? 0) == 0 && c.Address is null))
            c.Address = DeviceAddress.Pci(0, 0, Ich9Slot, 2);
        if (devs.Videos.FirstOrDefault(v => v.ModelType is not ("none" or null)) is { Address: null } primary)
            primary.Address = DeviceAddress.Pci(0, 0, VideoSlot, 0);

        var wanting = new List<DomainDevice>();
        foreach (var dev in Endpoints(def))
        {
            if (dev.Address is { Type: "pci" } a)
            {
                uint bus = a.Get("bus") ?? 0;
                if (bus == 0)
                {
                    if (!(dev is VideoDevice || (dev is ControllerDevice { Type: "sata" })))
                        throw QemuErrors.Unsupported($"PCI address {Format(a)} of {Describe(dev)}: only the video adapter and the SATA controller sit on pcie.0 of this machine; other devices go on a pcie-root-port");
                    if (!usedOnRoot.Add((a.Get("slot") ?? 0, a.Get("function") ?? 0)) && !(dev is ControllerDevice { Type: "sata" } && a.Get("slot") == Ich9Slot))
                        throw QemuErrors.Internal($"Attempted double use of PCI Address {Format(a)} ({Describe(dev)})");
                }
                else if (!busyPorts.Add(bus))
                    throw QemuErrors.Internal($"Attempted double use of PCI Address {Format(a)} ({Describe(dev)})");
            }
            else if (dev.Address is null)
            {
                if (!IsPcie(dev))
                    throw QemuErrors.Unsupported($"{Describe(dev)} is a conventional PCI device: on the q35 machine it needs a pcie-to-pci-bridge, which the qemu driver does not build yet (use a virtio, e1000e or qemu-xhci model)");
                wanting.Add(dev);
            }
        }
        foreach (var c in devs.Controllers.Where(IsRootPort))
            if (c.Address is { Type: "pci" } a)
                usedOnRoot.Add((a.Get("slot") ?? 0, a.Get("function") ?? 0));
        CompleteGivenPorts(def, usedOnRoot);

        var free = new Queue<uint>(devs.Controllers.Where(IsRootPort).Select(c => (uint)(c.Index ?? 0)).Where(i => !busyPorts.Contains(i)).Order());
        int missing = wanting.Count - free.Count;
        if (missing > 0 || (!hadPorts && !running && wanting.Count > 0))
        {
            if (running)
                throw QemuErrors.Internal($"No more available PCI slots: every pcie-root-port of domain '{def.Name}' is in use and a running domain cannot get new ones");
            int add = Math.Max(missing, 0) + (hadPorts ? 0 : 1); // one spare port for hotplug, as libvirt adds to a new topology
            foreach (var port in NewRootPorts(def, usedOnRoot, add))
                free.Enqueue((uint)port.Index!.Value);
        }
        foreach (var dev in wanting)
            dev.Address = DeviceAddress.Pci(0, free.Dequeue(), 0, 0);
    }

    /// <summary>The -device options of the root ports, in index order (before any device that plugs into them).</summary>
    public static IEnumerable<QemuArg> Args(BuildContext ctx)
    {
        if (!IsQ35(ctx.Def))
            yield break;
        foreach (var c in ctx.Def.Devices.Controllers.Where(IsRootPort).OrderBy(c => c.Index))
        {
            var target = c.ExtraElements.FirstOrDefault(e => e.Name.LocalName == "target");
            var v = new QemuOptionValue("pcie-root-port")
                .Add("port", (string?)target?.Attribute("port"))
                .Add("chassis", (string?)target?.Attribute("chassis"))
                .Add("id", c.Alias ?? "pci." + (c.Index ?? 0).ToString(CultureInfo.InvariantCulture));
            if (c.Address is { Type: "pci" } a)
            {
                v.Add("bus", "pcie.0");
                if (a.Fields.TryGetValue("multifunction", out var mf) && mf == "on")
                    v.Add("multifunction", "on");
                v.Add("addr", PciSlots.Addr(a));
            }
            yield return new("-device", v.ToString());
        }
    }

    /// <summary>"pcie.0" for the root complex, "pci.N" for the bus behind root port N.</summary>
    public static string BusName(DomainDefinition def, DeviceAddress a)
    {
        uint bus = a.Get("bus") ?? 0;
        return bus == 0 ? (IsQ35(def) ? "pcie.0" : "pci.0") : "pci." + bus.ToString(CultureInfo.InvariantCulture);
    }

    public static bool IsRootPort(ControllerDevice c) => c.Type == "pci" && c.Model == "pcie-root-port";

    // Root ports the user wrote (virt-install writes bare <controller type='pci' model='pcie-root-port'/>): libvirt
    // gives each an index, an address on pcie.0 and its <model>/<target chassis port>, as for the ones it adds.
    private static void CompleteGivenPorts(DomainDefinition def, HashSet<(uint Slot, uint Function)> used)
    {
        int next = def.Devices.Controllers.Where(c => c.Type == "pci").Select(c => c.Index ?? 0).DefaultIfEmpty(0).Max() + 1;
        foreach (var port in def.Devices.Controllers.Where(IsRootPort).ToList())
        {
            if (port.Index is null or 0) // index 0 is the pcie-root itself
                port.Index = next++;
            if (port.Address is null)
            {
                if (def.Id is > 0)
                    throw QemuErrors.Internal($"pcie-root-port {port.Index} of running domain '{def.Name}' has no PCI address");
                uint slot = 1;
                while (used.Any(u => u.Slot == slot))
                    slot++;
                if (slot >= Ich9Slot)
                    throw QemuErrors.Internal($"No more available PCI slots on pcie.0 of domain '{def.Name}' for pcie-root-port controllers");
                port.Address = DeviceAddress.Pci(0, 0, slot, 0);
                used.Add((slot, 0));
            }
            if (!port.ExtraElements.Any(e => e.Name.LocalName == "model"))
                port.ExtraElements.Add(new XElement("model", new XAttribute("name", "pcie-root-port")));
            if (!port.ExtraElements.Any(e => e.Name.LocalName == "target"))
            {
                uint s = port.Address.Get("slot") ?? 0, f = port.Address.Get("function") ?? 0;
                port.ExtraElements.Add(new XElement("target",
                    new XAttribute("chassis", port.Index.Value.ToString(CultureInfo.InvariantCulture)),
                    new XAttribute("port", "0x" + (s * 8 + f).ToString("x", CultureInfo.InvariantCulture))));
            }
        }
    }

    // New pcie-root-port controllers: next indexes, 8 functions per slot from the first slot with nothing on it.
    private static List<ControllerDevice> NewRootPorts(DomainDefinition def, HashSet<(uint Slot, uint Function)> used, int count)
    {
        var added = new List<ControllerDevice>();
        int index = def.Devices.Controllers.Where(c => c.Type == "pci").Select(c => c.Index ?? 0).DefaultIfEmpty(0).Max() + 1;
        uint slot = 1;
        while (added.Count < count)
        {
            while (used.Any(u => u.Slot == slot))
                slot++;
            if (slot >= Ich9Slot)
                throw QemuErrors.Internal($"No more available PCI slots on pcie.0 of domain '{def.Name}' for pcie-root-port controllers");
            int inSlot = Math.Min(8, count - added.Count);
            for (uint fn = 0; fn < inSlot; fn++)
            {
                var addr = DeviceAddress.Pci(0, 0, slot, fn);
                if (fn == 0 && inSlot > 1)
                    addr.Fields["multifunction"] = "on";
                var port = new ControllerDevice { Type = "pci", Index = index, Model = "pcie-root-port", Address = addr };
                port.ExtraElements.Add(new XElement("model", new XAttribute("name", "pcie-root-port")));
                port.ExtraElements.Add(new XElement("target",
                    new XAttribute("chassis", index.ToString(CultureInfo.InvariantCulture)),
                    new XAttribute("port", "0x" + (slot * 8 + fn).ToString("x", CultureInfo.InvariantCulture))));
                def.Devices.InsertController(port);
                used.Add((slot, fn));
                added.Add(port);
                index++;
            }
            slot++;
        }
        return added;
    }

    // Devices that take a PCI address, in libvirt's order: NICs, controllers, video, virtio disks, the balloon.
    private static IEnumerable<DomainDevice> Endpoints(DomainDefinition def)
    {
        var devs = def.Devices;
        foreach (var n in devs.Interfaces)
            yield return n;
        foreach (var c in devs.Controllers)
            if ((c.Type == "usb" && c.Model is not "none") || c.Type is "scsi" or "virtio-serial" or "sata")
                yield return c;
        foreach (var v in devs.Videos)
            if (v.ModelType is not ("none" or null))
                yield return v;
        foreach (var d in devs.Disks)
            if (d.TargetBus == "virtio")
                yield return d;
        if (devs.Memballoon is { Model: not "none" } b)
            yield return b;
    }

    private static bool IsPcie(DomainDevice d) => d switch
    {
        InterfaceDevice n => (n.ModelType ?? "virtio") is "virtio" or "e1000e",
        ControllerDevice c => c.Type switch
        {
            "usb" => c.Model is "qemu-xhci" or "nec-xhci",
            "scsi" => c.Model == "virtio-scsi",
            "virtio-serial" or "sata" => true,
            _ => false,
        },
        DiskDevice or MemballoonDevice => true,
        VideoDevice v => v.ModelType == "virtio",
        _ => false,
    };

    private static string Format(DeviceAddress a) =>
        string.Create(CultureInfo.InvariantCulture, $"{a.Get("domain") ?? 0:x4}:{a.Get("bus") ?? 0:x2}:{a.Get("slot") ?? 0:x2}.{a.Get("function") ?? 0:x}");

    private static string Describe(DomainDevice d) => d switch
    {
        DiskDevice disk => $"disk '{disk.TargetDev}'",
        InterfaceDevice nic => $"interface {nic.Mac?.ToString() ?? "(no mac)"} (model {nic.ModelType ?? "virtio"})",
        ControllerDevice c => $"controller {c.Type}{c.Index} (model {c.Model ?? "default"})",
        VideoDevice v => $"video {v.ModelType}",
        MemballoonDevice => "the memory balloon",
        _ => d.ElementName,
    };
}
