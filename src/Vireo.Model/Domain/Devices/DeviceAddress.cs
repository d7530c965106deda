using System.Globalization;
using System.Xml.Linq;
using Vireo.Model.Xml;

namespace Vireo.Model.Domain.Devices;

/// <summary>A device's &lt;address&gt; (pci, drive, usb, virtio-serial, ccid, ...); numbers are normalised the way libvirt prints them.</summary>
public sealed class DeviceAddress : ModelElement
{
    /// <summary>Address types libvirt knows.</summary>
    public static readonly string[] Types =
        ["pci", "drive", "virtio-serial", "ccid", "usb", "spapr-vio", "virtio-s390", "ccw", "virtio-mmio", "isa", "dimm", "unassigned"];

    /// <summary>Address type, e.g. "pci" or "drive".</summary>
    public string Type { get; set; } = "pci";

    /// <summary>Address fields in input order (domain, bus, slot, function, controller, target, unit, port ...).</summary>
    public Dictionary<string, string> Fields { get; } = new(StringComparer.Ordinal);

    /// <summary>Reads a numeric field (decimal or 0x hex); null when absent.</summary>
    public uint? Get(string name) =>
        Fields.TryGetValue(name, out var v) && ElementReader.TryParseUInt(v, allowHex: true, out var n) ? n : null;

    /// <summary>A PCI address with libvirt's formatting.</summary>
    public static DeviceAddress Pci(uint domain, uint bus, uint slot, uint function) => new()
    {
        Type = "pci",
        Fields = { ["domain"] = Hex(domain, 4), ["bus"] = Hex(bus, 2), ["slot"] = Hex(slot, 2), ["function"] = "0x" + function.ToString(CultureInfo.InvariantCulture) },
    };

    /// <summary>A drive address (IDE/SCSI/SATA/FDC disks).</summary>
    public static DeviceAddress Drive(uint controller, uint bus, uint target, uint unit) => new()
    {
        Type = "drive",
        Fields =
        {
            ["controller"] = Dec(controller), ["bus"] = Dec(bus), ["target"] = Dec(target), ["unit"] = Dec(unit),
        },
    };

    internal static DeviceAddress Parse(XElement e)
    {
        var r = new ElementReader(e, DomainSchema.Address);
        var a = new DeviceAddress { Type = r.Enum("type", Types) ?? throw XmlModelException.Xml("No type specified for device address") };
        foreach (var attr in e.Attributes())
        {
            var n = attr.Name.LocalName;
            if (n == "type" || attr.IsNamespaceDeclaration || !DomainSchema.Address.HasAttribute(n))
                continue;
            r.Attr(n);
            a.Fields[n] = Normalize(a.Type, n, attr.Value);
        }
        a.TakeExtras(r);
        return a;
    }

    internal XElement ToElement()
    {
        var e = new XElement("address", new XAttribute("type", Type));
        var order = FieldOrder(Type);
        foreach (var name in order)
        {
            if (Fields.TryGetValue(name, out var v))
                e.SetAttributeValue(name, v);
            else if (Filled(Type, name) is { } def)
                e.SetAttributeValue(name, def);
        }
        foreach (var (k, v) in Fields)
            if (!order.Contains(k))
                e.SetAttributeValue(k, v);
        foreach (var x in ExtraElements)
            e.Add(new XElement(x));
        return e;
    }

    // Fields libvirt always prints for a type, with the value it prints when the input left them out.
    private static string? Filled(string type, string field) => (type, field) switch
    {
        ("pci", "domain") => "0x0000",
        ("pci", "bus") or ("pci", "slot") => "0x00",
        ("pci", "function") => "0x0",
        ("drive", _) or ("ccid", _) => "0",
        ("virtio-serial", "controller") or ("virtio-serial", "bus") => "0",
        _ => null,
    };

    private static string[] FieldOrder(string type) => type switch
    {
        "pci" => ["domain", "bus", "slot", "function", "multifunction"],
        "drive" => ["controller", "bus", "target", "unit"],
        "virtio-serial" => ["controller", "bus", "port"],
        "ccid" => ["controller", "slot"],
        "usb" => ["bus", "port"],
        "spapr-vio" => ["reg"],
        "ccw" => ["cssid", "ssid", "devno"],
        "isa" => ["iobase", "irq"],
        "dimm" => ["slot", "base"],
        _ => [],
    };

    /// <summary>Deep copy.</summary>
    public DeviceAddress Clone() => Parse(ToElement());

    // libvirt re-prints numbers in fixed formats: pci domain 0x%04x, bus/slot 0x%02x, function 0x%x, spapr-vio reg 0x%08x ...
    private static string Normalize(string type, string field, string value)
    {
        if (!ElementReader.TryParseUInt(value, allowHex: true, out var n))
        {
            if (type == "pci" && field == "multifunction")
                return value;
            if (ulong.TryParse(value.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? value[2..] : value,
                    NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var big) && field == "base")
                return "0x" + big.ToString("x", CultureInfo.InvariantCulture);
            throw XmlModelException.Xml($"Invalid value for attribute '{field}' in element 'address': '{value}'.");
        }
        return (type, field) switch
        {
            ("pci", "domain") => Hex(n, 4),
            ("pci", "bus") or ("pci", "slot") => Hex(n, 2),
            ("pci", "function") => "0x" + n.ToString("x", CultureInfo.InvariantCulture),
            ("spapr-vio", "reg") => Hex(n, 8),
            ("ccw", "devno") => Hex(n, 4),
            ("ccw", _) or ("isa", _) or ("dimm", "base") => "0x" + n.ToString("x", CultureInfo.InvariantCulture),
            _ => Dec(n),
        };
    }

    private static string Hex(uint n, int width) => "0x" + n.ToString("x" + width.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    private static string Dec(uint n) => n.ToString(CultureInfo.InvariantCulture);
}
