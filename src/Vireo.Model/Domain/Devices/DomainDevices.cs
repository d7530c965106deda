using System.Xml.Linq;
using Vireo.Model.Identity;
using Vireo.Model.Xml;

namespace Vireo.Model.Domain.Devices;

/// <summary>The &lt;devices&gt; element: typed lists per device kind plus verbatim devices, formatted in libvirt's order.</summary>
public sealed class DomainDevices
{
    /// <summary>Device model binary (&lt;emulator&gt;).</summary>
    public string? Emulator { get; set; }

    /// <summary>Disks, in libvirt's order.</summary>
    public List<DiskDevice> Disks { get; } = [];
    /// <summary>Controllers.</summary>
    public List<ControllerDevice> Controllers { get; } = [];
    /// <summary>Network interfaces.</summary>
    public List<InterfaceDevice> Interfaces { get; } = [];
    /// <summary>Serial ports.</summary>
    public List<CharDevice> Serials { get; } = [];
    /// <summary>Parallel ports.</summary>
    public List<CharDevice> Parallels { get; } = [];
    /// <summary>Consoles.</summary>
    public List<CharDevice> Consoles { get; } = [];
    /// <summary>Channels.</summary>
    public List<CharDevice> Channels { get; } = [];
    /// <summary>Input devices.</summary>
    public List<InputDevice> Inputs { get; } = [];
    /// <summary>Graphics consoles.</summary>
    public List<GraphicsDevice> Graphics { get; } = [];
    /// <summary>Video adapters.</summary>
    public List<VideoDevice> Videos { get; } = [];
    /// <summary>The memory balloon, if any.</summary>
    public MemballoonDevice? Memballoon { get; set; }
    /// <summary>Devices kept verbatim (sound, rng, hostdev, watchdog, tpm, filesystem ...), in input order.</summary>
    public List<OtherDevice> Others { get; } = [];

    /// <summary>Every device in libvirt's output order (consoles as stored, without the serial alias).</summary>
    public IEnumerable<DomainDevice> All()
    {
        foreach (var name in DomainSchema.Devices.Children)
            foreach (var d in ListFor(name))
                yield return d;
    }

    /// <summary>Adds a device at the end of its kind (disks and controllers are placed as libvirt's attach does).</summary>
    public void Add(DomainDevice device)
    {
        switch (device)
        {
            case DiskDevice d: InsertDisk(d, d.TargetBus); break;
            case ControllerDevice c: InsertController(c); break;
            case InterfaceDevice n: Interfaces.Add(n); break;
            case InputDevice i: Inputs.Add(i); break;
            case GraphicsDevice g: Graphics.Add(g); break;
            case VideoDevice v: Videos.Add(v); break;
            case MemballoonDevice m:
                if (Memballoon is not null)
                    throw XmlModelException.Unsupported("domain already has a memballoon device");
                Memballoon = m;
                break;
            case CharDevice ch: CharList(ch.Kind).Add(ch); break;
            case OtherDevice o: Others.Add(o); break;
            default: throw new ArgumentException("unknown device kind", nameof(device));
        }
    }

    /// <summary>Removes exactly this device object; returns whether it was found.</summary>
    public bool Remove(DomainDevice device)
    {
        if (device is MemballoonDevice m)
        {
            if (!ReferenceEquals(m, Memballoon))
                return false;
            Memballoon = null;
            return true;
        }
        return device switch
        {
            DiskDevice d => Disks.Remove(d),
            ControllerDevice c => Controllers.Remove(c),
            InterfaceDevice n => Interfaces.Remove(n),
            InputDevice i => Inputs.Remove(i),
            GraphicsDevice g => Graphics.Remove(g),
            VideoDevice v => Videos.Remove(v),
            CharDevice ch => CharList(ch.Kind).Remove(ch),
            OtherDevice o => Others.Remove(o),
            _ => false,
        };
    }

    /// <summary>Disk whose target (e.g. "vda") or source path matches.</summary>
    public DiskDevice? FindDisk(string targetOrSource) =>
        Disks.FirstOrDefault(d => d.TargetDev == targetOrSource) ?? Disks.FirstOrDefault(d => d.SourcePath == targetOrSource);

    /// <summary>Interface with this MAC address.</summary>
    public InterfaceDevice? FindInterface(MacAddress mac) => Interfaces.FirstOrDefault(i => i.Mac == mac);

    /// <summary>The device in this definition that <paramref name="wanted"/> (from detach-device XML) designates, as libvirt matches it.</summary>
    public DomainDevice? FindMatch(DomainDevice wanted)
    {
        switch (wanted)
        {
            case DiskDevice d:
                return Disks.FirstOrDefault(x => x.TargetDev == d.TargetDev);
            case InterfaceDevice n:
                return Interfaces.FirstOrDefault(x => (n.Mac is null || x.Mac == n.Mac) && x.Type == n.Type
                    && (n.Address is null || SameAddress(x.Address, n.Address)));
            case ControllerDevice c:
                return Controllers.FirstOrDefault(x => x.Type == c.Type && (c.Index is null || x.Index == c.Index));
            case MemballoonDevice:
                return Memballoon;
            default:
                var key = Normalized(wanted);
                return All().FirstOrDefault(x => x.ElementName == wanted.ElementName && Normalized(x) == key);
        }
    }

    private static bool SameAddress(DeviceAddress? a, DeviceAddress b) =>
        a is not null && a.ToElement().ToString() == b.ToElement().ToString();

    private static string Normalized(DomainDevice d)
    {
        var e = d.ToElement(DomainXmlFormatFlags.Secure | DomainXmlFormatFlags.Inactive);
        e.Elements("address").Remove();
        e.Elements("alias").Remove();
        return e.ToString(SaveOptions.DisableFormatting);
    }

    /// <summary>Inserts a disk as libvirt does: before the first disk on the same bus with a higher index, else after the last on that bus.</summary>
    public void InsertDisk(DiskDevice disk, string? bus)
    {
        int insertAt = -1;
        int newIndex = DiskNames.ToIndex(disk.TargetDev);
        for (int i = Disks.Count - 1; i >= 0; i--)
        {
            if (Disks[i].TargetBus != bus)
                continue;
            if (DiskNames.ToIndex(Disks[i].TargetDev) > newIndex)
                insertAt = i;
            else if (insertAt == -1)
                insertAt = i + 1;
        }
        Disks.Insert(insertAt < 0 ? Disks.Count : insertAt, disk);
    }

    /// <summary>Inserts a controller as libvirt does: grouped by type, ordered by index, a USB master before its companions.</summary>
    public void InsertController(ControllerDevice controller)
    {
        int insertAt = -1;
        bool isCompanion = controller.ExtraElements.Any(e => e.Name.LocalName == "master");
        for (int i = Controllers.Count - 1; i >= 0; i--)
        {
            var cur = Controllers[i];
            if (cur.Type != controller.Type)
                continue;
            if (controller.Index is null)
            {
                insertAt = i + 1;
                break;
            }
            bool curCompanion = cur.ExtraElements.Any(e => e.Name.LocalName == "master");
            if ((cur.Index ?? -1) > controller.Index)
                insertAt = i;
            else if (!isCompanion && curCompanion && cur.Index == controller.Index)
                insertAt = i;
            else if (insertAt == -1)
                insertAt = i + 1;
        }
        Controllers.Insert(insertAt < 0 ? Controllers.Count : insertAt, controller);
    }

    internal static DomainDevices Parse(XElement e)
    {
        _ = new ElementReader(e, DomainSchema.Devices); // rejects elements that are not devices
        var devs = new DomainDevices();
        foreach (var c in e.Elements())
        {
            if (c.Name.LocalName == "emulator")
            {
                devs.Emulator = c.Value;
                continue;
            }
            var d = DomainDevice.FromElement(c);
            if (d is MemballoonDevice && devs.Memballoon is not null)
                throw XmlModelException.Xml("only a single memballoon device is supported");
            switch (d)
            {
                case DiskDevice disk: devs.Disks.Add(disk); break;
                case ControllerDevice ctl: devs.Controllers.Add(ctl); break;
                default: devs.Add(d); break;
            }
        }
        return devs;
    }

    internal XElement ToElement(DomainXmlFormatFlags flags, string osType)
    {
        var e = FormatHint.Block(new XElement("devices"));
        if (Emulator is not null)
            e.Add(new XElement("emulator", Emulator));
        foreach (var name in DomainSchema.Devices.Children)
        {
            if (name == "console")
            {
                foreach (var c in ConsolesForFormat(flags, osType))
                    e.Add(c);
                continue;
            }
            foreach (var d in ListFor(name))
                e.Add(d.ToElement(flags));
        }
        return e;
    }

    // libvirt treats an HVM guest's serial-type console as an alias of the serial port with the same index
    // and prints it from that serial port; with no console at all it still prints one for the first serial port.
    private IEnumerable<XElement> ConsolesForFormat(DomainXmlFormatFlags flags, string osType)
    {
        bool hvm = osType == "hvm";
        for (int n = 0; n < Consoles.Count; n++)
        {
            var c = Consoles[n];
            if (hvm && (c.TargetType is null or "serial") && n < Serials.Count)
                yield return Serials[n].ToElement(flags, "console", "serial");
            else
                yield return c.ToElement(flags);
        }
        if (hvm && Consoles.Count == 0 && Serials.Count > 0)
            yield return Serials[0].ToElement(flags, "console", "serial");
    }

    private IEnumerable<DomainDevice> ListFor(string name) => name switch
    {
        "disk" => Disks,
        "controller" => Controllers,
        "interface" => Interfaces,
        "serial" => Serials,
        "parallel" => Parallels,
        "console" => Consoles,
        "channel" => Channels,
        "input" => Inputs,
        "graphics" => Graphics,
        "video" => Videos,
        "memballoon" => Memballoon is null ? [] : [Memballoon],
        "emulator" => [],
        _ => Others.Where(o => o.ElementName == name),
    };

    private List<CharDevice> CharList(string kind) => kind switch
    {
        "serial" => Serials,
        "parallel" => Parallels,
        "console" => Consoles,
        _ => Channels,
    };
}
