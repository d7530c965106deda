using System.Xml.Linq;
using Vireo.Model.Domain;
using Vireo.Model.Domain.Devices;
using Vireo.Model.Xml;

namespace Vireo.Model.Defaults;

/// <summary>Fills in a parsed domain the way libvirt does on define (parser defaults plus post-parse), so dumpxml matches libvirt.</summary>
public static class DomainDefaults
{
    /// <summary>Applies what libvirt's test driver adds on define (test:///default).</summary>
    public static void ApplyForTestDriver(DomainDefinition def) => Apply(def, DomainDefaultsOptions.TestDriver);

    /// <summary>Applies libvirt's generic defaults with driver-specific choices from <paramref name="options"/>.</summary>
    public static void Apply(DomainDefinition def, DomainDefaultsOptions options)
    {
        // A definition is parsed as persistent config: a running id in the input means nothing.
        def.Id = null;
        def.NamespaceElements.RemoveAll(e => !options.KeptNamespaces.Contains(e.Name.NamespaceName));
        if (!def.HasUuid)
            def.Uuid = options.NewUuid();
        if (def.CurrentMemoryKiB is null or 0 || def.CurrentMemoryKiB > def.MemoryKiB)
            def.CurrentMemoryKiB = def.MemoryKiB;
        if (def.Vcpus == 0)
            def.Vcpus = 1;
        def.VcpuPlacement ??= "static";
        if (def.VcpuPlacement == "auto" && !def.ExtraElements.Any(e => e.Name.LocalName == "numatune"))
            def.ExtraElements.Add(new XElement("numatune", new XElement("memory", new XAttribute("mode", "strict"), new XAttribute("placement", "auto"))));
        ApplyOs(def, options);
        def.Clock ??= new DomainClock();
        def.OnPoweroff ??= "destroy";
        def.OnReboot ??= "restart";
        def.OnCrash ??= "destroy";
        if (def.Devices.Emulator is null && options.DefaultEmulator(def.Os.Type) is { } emulator)
            def.Devices.Emulator = emulator;

        ApplyDisks(def);
        ApplyInterfaces(def, options);
        ApplyChars(def);
        ApplyInputs(def);
        ApplyGraphics(def);
        ApplyVideos(def);
        ApplyControllers(def);
    }

    /// <summary>
    /// Fills in a device about to be attached to <paramref name="def"/> (attach-device): disk bus and drive address,
    /// cdrom read-only, NIC MAC and host name, input bus, graphics listen, video model, controller index, serial port,
    /// plus any controller the device needs. Call before adding the device to the definition.
    /// </summary>
    public static void ApplyToNewDevice(DomainDefinition def, DomainDevice device, DomainDefaultsOptions? options = null)
    {
        options ??= DomainDefaultsOptions.TestDriver;
        var devs = def.Devices;
        switch (device)
        {
            case DiskDevice disk:
                disk.TargetBus ??= DiskNames.DefaultBus(disk.TargetDev, def.Os.Type);
                if (disk.Device == "cdrom")
                    disk.ReadOnly = true;
                if (disk.Address is null && DriveAddress(disk) is { } addr)
                    disk.Address = addr;
                if (disk.Address is { Type: "drive" } drive && disk.TargetBus is "scsi" or "fdc" or "ide" or "sata")
                    for (int i = 0; i <= (int)(drive.Get("controller") ?? 0); i++)
                        MaybeAdd(devs, disk.TargetBus, i);
                break;
            case InterfaceDevice nic:
                nic.Mac ??= options.NewMac();
                if (nic.TargetDev is { } dev && GeneratedIfnamePrefixes.Any(p => dev.StartsWith(p, StringComparison.Ordinal)))
                    nic.TargetDev = null;
                if (nic.TargetDev is null && options.InterfaceName is not null && nic.Type != "hostdev")
                {
                    int n = 0;
                    while (devs.Interfaces.Any(i => i.TargetDev == options.InterfaceName(n)))
                        n++;
                    nic.TargetDev = options.InterfaceName(n);
                }
                break;
            case InputDevice input:
                input.Bus ??= input.Type == "tablet" ? "usb" : def.Os.Type == "hvm" ? "ps2" : "xen";
                break;
            case GraphicsDevice g:
                if (g.Listens.Count == 0)
                    g.Listens.Add(new GraphicsListen { Type = g.Type == "spice" && !(g.AutoPort || g.Port > 0 || g.TlsPort > 0) ? "none" : "address" });
                break;
            case VideoDevice v:
                v.ModelType ??= def.Os.Type is "xen" or "linux" ? "xen" : "cirrus";
                v.Vram ??= DefaultVram(def.Type, v.ModelType);
                if (v.ModelType == "qxl")
                    v.Ram ??= 64 * 1024;
                v.Heads ??= 1;
                break;
            case ControllerDevice c:
                c.Index ??= devs.Controllers.Where(o => o.Type == c.Type).Select(o => o.Index ?? -1).DefaultIfEmpty(-1).Max() + 1;
                break;
            case CharDevice ch when ch.Kind is "serial" or "parallel":
                var list = ch.Kind == "serial" ? devs.Serials : devs.Parallels;
                ch.TargetPort ??= list.Select(o => o.TargetPort ?? -1).DefaultIfEmpty(-1).Max() + 1;
                break;
            case CharDevice ch when ch.Kind is "channel" or "console" && ch.TargetType == "virtio":
                MaybeAdd(devs, "virtio-serial", 0);
                break;
        }
    }

    private static void ApplyOs(DomainDefinition def, DomainDefaultsOptions options)
    {
        var os = def.Os;
        os.Arch ??= options.DefaultArch(os.Type);
        os.Machine ??= options.DefaultMachine(os.Type, os.Arch);
        bool deviceBoot = def.Devices.All().Any(d => d.BootOrder is not null);
        if (deviceBoot && os.BootDevices.Count > 0)
            throw XmlModelException.Unsupported("per-device boot elements cannot be used together with os/boot elements");
        if (os.Type == "hvm" && os.BootDevices.Count == 0 && !deviceBoot)
            os.BootDevices.Add("hd");
        if ((os.Loader is not null || os.LoaderAttributes.Count > 0) && !os.LoaderAttributes.ContainsKey("type"))
            os.LoaderAttributes["type"] = "rom";
    }

    private static void ApplyDisks(DomainDefinition def)
    {
        // libvirt inserts each parsed disk next to disks of the same (as written) bus, ordered by target index.
        var parsed = def.Devices.Disks.ToList();
        def.Devices.Disks.Clear();
        foreach (var disk in parsed)
            def.Devices.InsertDisk(disk, disk.TargetBus);
        foreach (var disk in def.Devices.Disks)
        {
            disk.TargetBus ??= DiskNames.DefaultBus(disk.TargetDev, def.Os.Type);
            if (disk.Device == "cdrom")
                disk.ReadOnly = true;
            if (disk.Address is null && DriveAddress(disk) is { } addr)
                disk.Address = addr;
        }
    }

    private static DeviceAddress? DriveAddress(DiskDevice disk)
    {
        int idx = DiskNames.ToIndex(disk.TargetDev);
        if (idx < 0)
            return null;
        uint i = (uint)idx;
        return disk.TargetBus switch
        {
            "scsi" => DeviceAddress.Drive(i / 7, 0, 0, i % 7),
            "ide" => DeviceAddress.Drive(i / 4, i % 4 / 2, 0, i % 2),
            "sata" => DeviceAddress.Drive(i / 6, 0, 0, i % 6),
            "fdc" => DeviceAddress.Drive(i / 2, 0, 0, i % 2),
            _ => null,
        };
    }

    private static void ApplyInterfaces(DomainDefinition def, DomainDefaultsOptions options)
    {
        int generated = 0;
        foreach (var nic in def.Devices.Interfaces)
        {
            nic.Mac ??= options.NewMac();
            // Names libvirt generates itself are not kept in a persistent definition.
            if (nic.TargetDev is { } dev && GeneratedIfnamePrefixes.Any(p => dev.StartsWith(p, StringComparison.Ordinal)))
                nic.TargetDev = null;
            foreach (var ip in nic.ExtraElements.Where(e => e.Name.LocalName is "ip"))
                AddIpFamily(ip);
            if (nic.TargetDev is null && options.InterfaceName is not null && nic.Type != "hostdev")
                nic.TargetDev = options.InterfaceName(generated++);
        }
    }

    private static readonly string[] GeneratedIfnamePrefixes = ["vnet", "macvtap", "macvlan"];

    // libvirt prints a guest IP as address, family, prefix, peer, adding the family it infers.
    private static void AddIpFamily(XElement ip)
    {
        var address = ip.Attribute("address")?.Value ?? "";
        var attrs = ip.Attributes().ToDictionary(a => a.Name.LocalName, a => a.Value);
        attrs.TryAdd("family", address.Contains(':') ? "ipv6" : "ipv4");
        ip.RemoveAttributes();
        foreach (var name in new[] { "address", "family", "prefix", "peer" })
            if (attrs.TryGetValue(name, out var v))
                ip.SetAttributeValue(name, v);
    }

    private static void ApplyChars(DomainDefinition def)
    {
        var devs = def.Devices;
        foreach (var ch in devs.Channels)
            ch.TargetState = null; // live-only
        for (int i = 0; i < devs.Consoles.Count; i++)
            devs.Consoles[i].TargetPort ??= i;

        AddConsoleCompat(def);

        // ISA serial ports take the lowest free numbers first, then the rest count up from the highest port.
        foreach (var s in devs.Serials.Where(s => s.TargetType == "isa-serial" && s.TargetPort is null))
        {
            int port = 0;
            while (devs.Serials.Any(o => o.TargetPort == port))
                port++;
            s.TargetPort = port;
        }
        foreach (var s in devs.Serials.Where(s => s.TargetPort is null))
            s.TargetPort = devs.Serials.Max(o => o.TargetPort ?? -1) + 1;
        foreach (var p in devs.Parallels.Where(p => p.TargetPort is null))
            p.TargetPort = devs.Parallels.Max(o => o.TargetPort ?? -1) + 1;
        foreach (var c in devs.Consoles)
            c.TargetType ??= "serial";
    }

    // libvirt's back-compat rule: an HVM guest's first console is an alias of the first serial port.
    private static void AddConsoleCompat(DomainDefinition def)
    {
        var devs = def.Devices;
        if (def.Os.Type != "hvm")
            return;
        if (devs.Consoles.Count > 0 && devs.Consoles[0].TargetType is null or "serial")
        {
            if (devs.Serials.Count == 0)
            {
                var serial = devs.Consoles[0];
                serial.Kind = "serial";
                serial.TargetType = null;
                serial.TargetPort = 0;
                devs.Serials.Add(serial);
            }
            devs.Consoles[0] = Stub();
        }
        else if (devs.Serials.Count > 0 && devs.Serials[0].TargetType is null or "isa-serial")
            devs.Consoles.Insert(0, Stub());

        static CharDevice Stub() => new("console") { Type = "pty", TargetType = "serial" };
    }

    private static void ApplyInputs(DomainDefinition def)
    {
        foreach (var input in def.Devices.Inputs)
        {
            input.Bus ??= input.Type switch
            {
                "tablet" => "usb",
                _ when def.Os.Type == "hvm" => "ps2",
                _ => "xen",
            };
        }
    }

    private static void ApplyGraphics(DomainDefinition def)
    {
        foreach (var g in def.Devices.Graphics)
        {
            if (g.Type == "vnc" && g.AutoPort)
                g.Port = 0;
            if (g.Listens.Count == 0)
            {
                if (g.Type is "vnc" or "rdp")
                    g.Listens.Add(new GraphicsListen { Type = "address" });
                else if (g.Type == "spice")
                    g.Listens.Add(new GraphicsListen { Type = g.AutoPort || g.Port > 0 || g.TlsPort > 0 ? "address" : "none" });
            }
        }
    }

    private static void ApplyVideos(DomainDefinition def)
    {
        var videos = def.Devices.Videos;
        bool wantsVideo = def.Devices.Graphics.Any(g => g.Type is not "egl-headless" and not "dbus");
        if (videos.Count == 0 && wantsVideo)
            videos.Add(new VideoDevice());
        foreach (var v in videos)
        {
            if (v.ModelType is null or "default")
                v.ModelType = def.Os.Type is "xen" or "linux" or "xenpvh" ? "xen" : "cirrus";
            v.Vram ??= DefaultVram(def.Type, v.ModelType);
            if (v.ModelType == "qxl")
                v.Ram ??= 64 * 1024;
            if (v.ModelType is not "none")
                v.Heads ??= 1;
        }
        if (videos.Count > 0 && !videos.Any(v => v.Primary))
            videos[0].Primary = true;
    }

    private static uint? DefaultVram(string virtType, string model) => model switch
    {
        "vga" or "cirrus" or "vmvga" => virtType switch { "vbox" => 8 * 1024, "vmware" => 4 * 1024, _ => 16 * 1024 },
        "xen" => 4 * 1024,
        "vbox" => 8 * 1024,
        "qxl" => 64 * 1024,
        "bochs" => 16 * 1024,
        _ => null,
    };

    private static void ApplyControllers(DomainDefinition def)
    {
        var devs = def.Devices;
        var parsed = devs.Controllers.ToList();
        devs.Controllers.Clear();
        foreach (var c in parsed)
            devs.InsertController(c);
        foreach (var c in devs.Controllers.Where(c => c.Index is null))
            c.Index = devs.Controllers.Where(o => o.Type == c.Type).Max(o => o.Index ?? -1) + 1;

        AddDiskControllers(devs, "scsi", "scsi");
        AddDiskControllers(devs, "fdc", "fdc");
        AddDiskControllers(devs, "ide", "ide");
        AddDiskControllers(devs, "sata", "sata");
        foreach (var ch in devs.Channels.Where(c => c.TargetType == "virtio").Concat(devs.Consoles.Where(c => c.TargetType == "virtio")))
            MaybeAdd(devs, "virtio-serial", ch.Address is { Type: "virtio-serial" } a ? (int)(a.Get("controller") ?? 0) : 0);
        if (devs.Others.Any(o => o.ElementName == "smartcard"))
            MaybeAdd(devs, "ccid", 0);
    }

    private static void AddDiskControllers(DomainDevices devs, string bus, string controllerType)
    {
        int max = -1;
        foreach (var d in devs.Disks.Where(d => d.TargetBus == bus && d.Address is { Type: "drive" }))
            max = Math.Max(max, (int)(d.Address!.Get("controller") ?? 0));
        for (int i = 0; i <= max; i++)
            MaybeAdd(devs, controllerType, i);
    }

    private static void MaybeAdd(DomainDevices devs, string type, int index)
    {
        if (devs.Controllers.Any(c => c.Type == type && c.Index == index))
            return;
        devs.InsertController(new ControllerDevice { Type = type, Index = index });
    }
}
