using System.Globalization;
using System.Xml.Linq;
using Vireo.Model.Xml;

namespace Vireo.Model.Domain;

/// <summary>The &lt;os&gt; element: guest OS type, architecture, machine, firmware, direct kernel boot and boot order.</summary>
public sealed class DomainOs : ModelElement
{
    /// <summary>OS types libvirt knows.</summary>
    public static readonly string[] OsTypes = ["hvm", "xen", "linux", "exe", "uml", "xenpvh"];

    /// <summary>Boot device names.</summary>
    public static readonly string[] BootDevs = ["fd", "cdrom", "hd", "network"];

    /// <summary>Architectures libvirt knows (virArch).</summary>
    public static readonly string[] Arches =
    [
        "alpha", "armv6l", "armv7l", "armv7b", "aarch64", "cris", "i686", "ia64", "lm32", "loongarch64", "m68k",
        "microblaze", "microblazeel", "mips", "mipsel", "mips64", "mips64el", "openrisc", "parisc", "parisc64",
        "ppc", "ppcle", "ppc64", "ppc64le", "ppcemb", "riscv32", "riscv64", "s390", "s390x", "sh4", "sh4eb",
        "sparc", "sparc64", "unicore32", "x86_64", "xtensa", "xtensaeb",
    ];

    /// <summary>OS type: hvm (full virtualization), xen/linux (Xen paravirt), exe (containers).</summary>
    public string Type { get; set; } = "hvm";

    /// <summary>Guest architecture, e.g. x86_64; null until defaults pick the host's.</summary>
    public string? Arch { get; set; }

    /// <summary>Machine type, e.g. pc-i440fx-7.2 or q35.</summary>
    public string? Machine { get; set; }

    /// <summary>Firmware loader path (&lt;loader&gt; text).</summary>
    public string? Loader { get; set; }

    /// <summary>&lt;loader&gt; attributes (readonly, secure, type, stateless).</summary>
    public Dictionary<string, string> LoaderAttributes { get; } = new(StringComparer.Ordinal);

    /// <summary>Kernel for direct boot.</summary>
    public string? Kernel { get; set; }

    /// <summary>Initrd for direct boot.</summary>
    public string? Initrd { get; set; }

    /// <summary>Kernel command line.</summary>
    public string? Cmdline { get; set; }

    /// <summary>Device tree blob.</summary>
    public string? Dtb { get; set; }

    /// <summary>Boot devices in order (fd, cdrom, hd, network).</summary>
    public List<string> BootDevices { get; } = [];

    /// <summary>&lt;bootmenu enable=&gt;.</summary>
    public bool? BootMenuEnabled { get; set; }

    /// <summary>&lt;bootmenu timeout=&gt; in milliseconds.</summary>
    public int? BootMenuTimeout { get; set; }

    internal static DomainOs Parse(XElement e, string virtType)
    {
        var r = new ElementReader(e, DomainSchema.Os);
        var os = new DomainOs();
        var type = r.Child("type") ?? throw XmlModelException.Xml("an os <type> must be specified");
        var tr = new ElementReader(type, DomainSchema.OsType);
        os.Type = type.Value.Trim();
        if (!OsTypes.Contains(os.Type))
            throw XmlModelException.Unsupported($"unknown OS type '{os.Type}'");
        // Xen calls its paravirt guests "linux"; libvirt reads that as "xen" (and prints "linux" back).
        if (virtType == "xen" && os.Type == "linux")
            os.Type = "xen";
        os.Arch = tr.Attr("arch");
        if (os.Arch is not null && !Arches.Contains(os.Arch))
            throw XmlModelException.Unsupported($"Unknown architecture {os.Arch}");
        os.Machine = tr.Attr("machine");
        // Like libvirt, only read the boot options the OS type has; the rest is dropped.
        bool kernelOptions = os.Type is "hvm" or "xen" or "xenpvh" or "uml";
        bool hvm = os.Type == "hvm";
        if (!kernelOptions)
        {
            foreach (var n in new[] { "loader", "kernel", "initrd", "cmdline", "dtb", "root", "nvram" })
                r.Children(n);
        }
        if (!hvm)
        {
            foreach (var n in new[] { "boot", "bootmenu", "smbios", "bios", "acpi" })
                r.Children(n);
        }
        if (kernelOptions && r.Child("loader") is { } loader)
        {
            os.Loader = loader.Value.Length > 0 ? loader.Value : null;
            foreach (var (k, v) in new ElementReader(loader, DomainSchema.Loader).LeftoverAttributes())
                os.LoaderAttributes[k] = v;
        }
        if (kernelOptions)
        {
            os.Kernel = r.ChildText("kernel");
            os.Initrd = r.ChildText("initrd");
            os.Cmdline = r.ChildText("cmdline");
            os.Dtb = r.ChildText("dtb");
        }
        foreach (var b in hvm ? r.Children("boot") : new List<XElement>())
        {
            var dev = new ElementReader(b, DomainSchema.Boot).Attr("dev") ?? throw XmlModelException.Xml("missing boot device");
            if (!BootDevs.Contains(dev))
                throw XmlModelException.InvalidAttribute("dev", "boot", dev);
            os.BootDevices.Add(dev);
        }
        if (hvm && r.Child("bootmenu") is { } menu)
        {
            var mr = new ElementReader(menu, DomainSchema.BootMenu);
            os.BootMenuEnabled = mr.YesNo("enable");
            var timeout = mr.Attr("timeout");
            if (timeout is not null)
            {
                if (!int.TryParse(timeout, NumberStyles.None, CultureInfo.InvariantCulture, out var t) || t > 65535)
                    throw XmlModelException.Xml("invalid value for boot menu timeout, must be in range [0,65535]");
                os.BootMenuTimeout = t;
            }
        }
        os.TakeExtras(r);
        return os;
    }

    internal XElement ToElement(string virtType)
    {
        var b = Builder(DomainSchema.Os);
        var type = virtType == "xen" && Type == "xen" ? "linux" : Type;
        b.Child(new ElementBuilder(DomainSchema.OsType).Attr("arch", Arch).Attr("machine", Machine).Text(type).Build());
        if (Loader is not null || LoaderAttributes.Count > 0)
            b.Child(new ElementBuilder(DomainSchema.Loader, LoaderAttributes).Text(Loader).Build());
        b.TextChild("kernel", Kernel).TextChild("initrd", Initrd).TextChild("cmdline", Cmdline).TextChild("dtb", Dtb);
        foreach (var dev in BootDevices)
            b.Child(new XElement("boot", new XAttribute("dev", dev)));
        if (BootMenuEnabled is not null || BootMenuTimeout is not null)
            b.Child(new ElementBuilder(DomainSchema.BootMenu).YesNo("enable", BootMenuEnabled).Attr("timeout", BootMenuTimeout).Build());
        return b.Build();
    }
}
