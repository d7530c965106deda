using System.Xml.Linq;
using Vireo.Web.Api;

namespace Vireo.Web.Xml;

/// <summary>What the Details window shows of a domain's XML: the overview fields and one item per device (16.7).</summary>
public sealed class DomainXmlView
{
    private readonly XElement _root;

    public DomainXmlView(string xml)
    {
        Xml = xml;
        _root = XDocument.Parse(xml).Root ?? throw new FormatException("empty domain XML");
    }

    public string Xml { get; }
    public string Hypervisor => (string?)_root.Attribute("type") ?? "";
    public string OsType => (string?)_root.Element("os")?.Element("type") ?? "";
    public string Arch => (string?)_root.Element("os")?.Element("type")?.Attribute("arch") ?? "";
    public string Machine => (string?)_root.Element("os")?.Element("type")?.Attribute("machine") ?? "";
    public List<string> Boot => _root.Element("os")?.Elements("boot").Select(b => (string?)b.Attribute("dev") ?? "").ToList() ?? [];

    /// <summary>The libosinfo id from the metadata virt-install writes (libosinfo:os id=...), if any.</summary>
    public string? OsVariant =>
        _root.Element("metadata")?.Descendants().FirstOrDefault(e => e.Name.LocalName == "os")?.Attribute("id")?.Value;

    public IEnumerable<XElement> Devices => _root.Element("devices")?.Elements() ?? [];

    /// <summary>Target names of the disks (vda, hdc ...), to choose the next free one.</summary>
    public HashSet<string> DiskTargets =>
        Devices.Where(d => d.Name == "disk").Select(d => (string?)d.Element("target")?.Attribute("dev") ?? "").ToHashSet();

    public bool HasSerial => Devices.Any(d => d.Name == "serial" || d.Name == "console");

    public List<GraphicsInfo> Graphics => Devices.Where(d => d.Name == "graphics").Select(g => new GraphicsInfo(
        (string?)g.Attribute("type") ?? "",
        int.TryParse((string?)g.Attribute("port"), out int p) ? p : -1,
        (string?)g.Attribute("listen") ?? (string?)g.Element("listen")?.Attribute("address") ?? "127.0.0.1",
        g.Attribute("passwd") is not null)).ToList();

    /// <summary>The Hardware tab's device list, each with its XML (which is what removing it sends).</summary>
    public List<HardwareItem> Hardware()
    {
        var items = new List<HardwareItem>();
        var counters = new Dictionary<string, int>();
        foreach (var d in Devices)
        {
            string kind = d.Name.LocalName;
            if (kind is "emulator") continue;
            counters[kind] = counters.GetValueOrDefault(kind) + 1;
            items.Add(new HardwareItem(kind, Title(d, counters[kind]), Summary(d), d.ToString(SaveOptions.None)));
        }
        return items;
    }

    private static string Title(XElement d, int n)
    {
        string? type = (string?)d.Attribute("type");
        return d.Name.LocalName switch
        {
            "disk" => $"{Cap((string?)d.Attribute("device") ?? "disk")} {((string?)d.Element("target")?.Attribute("dev") ?? "").ToUpperInvariant()}".Trim(),
            "interface" => $"NIC :{Tail((string?)d.Element("mac")?.Attribute("address"))}",
            "graphics" => $"Display {(type ?? "").ToUpperInvariant()}",
            "serial" => $"Serial {n}",
            "console" => $"Console {n}",
            "controller" => $"Controller {Cap(type ?? "")} {(string?)d.Attribute("index")}",
            "video" => "Video " + ((string?)d.Element("model")?.Attribute("type") ?? ""),
            "input" => $"Input {Cap(type ?? "")}",
            _ => $"{Cap(d.Name.LocalName)} {n}",
        };
    }

    private static string Summary(XElement d)
    {
        var src = d.Element("source");
        return d.Name.LocalName switch
        {
            "disk" => $"{(string?)src?.Attribute("file") ?? (string?)src?.Attribute("dev") ?? (string?)src?.Attribute("volume") ?? "(no media)"}, bus {(string?)d.Element("target")?.Attribute("bus")}",
            "interface" => $"{(string?)d.Attribute("type")} {(string?)src?.Attribute("network") ?? (string?)src?.Attribute("bridge") ?? ""}, model {(string?)d.Element("model")?.Attribute("type") ?? "default"}, MAC {(string?)d.Element("mac")?.Attribute("address")}",
            "graphics" => $"port {(string?)d.Attribute("port") ?? "auto"}, listen {(string?)d.Attribute("listen") ?? "default"}{(d.Attribute("passwd") is null ? "" : ", password set")}",
            "serial" or "console" => $"{(string?)d.Attribute("type")}{((string?)src?.Attribute("path") is { } p ? " " + p : "")}",
            _ => string.Join(' ', d.Attributes().Select(a => $"{a.Name}={a.Value}")),
        };
    }

    private static string Cap(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
    private static string Tail(string? mac) => mac is { Length: >= 8 } ? mac[^8..] : mac ?? "";
}
