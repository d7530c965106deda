using System.Xml.Linq;

namespace Vireo.Install.Host;

/// <summary>The parts of virConnectGetCapabilities that virt-install uses: host arch and the guest list.</summary>
public sealed class HostCapabilities
{
    public string HostArch { get; private init; } = "x86_64";
    public IReadOnlyList<CapsGuest> Guests { get; private init; } = Array.Empty<CapsGuest>();

    public static HostCapabilities Parse(string xml)
    {
        var root = XDocument.Parse(xml).Root!;
        var guests = new List<CapsGuest>();
        foreach (var g in root.Elements("guest"))
        {
            var arch = g.Element("arch");
            if (arch == null)
                continue;
            var machines = arch.Elements("machine").Select(m => m.Value.Trim()).ToList();
            var domainTypes = arch.Elements("domain").Select(d => (string?)d.Attribute("type") ?? "").ToList();
            var features = (g.Element("features")?.Elements() ?? Enumerable.Empty<XElement>())
                .Where(f => (string?)f.Attribute("default") != "off").Select(f => f.Name.LocalName).ToHashSet();
            guests.Add(new CapsGuest(g.Element("os_type")?.Value.Trim() ?? "hvm", (string?)arch.Attribute("name") ?? "",
                arch.Element("emulator")?.Value.Trim(), domainTypes, machines, features));
        }

        return new HostCapabilities
        {
            HostArch = root.Element("host")?.Element("cpu")?.Element("arch")?.Value.Trim() ?? "x86_64",
            Guests = guests,
        };
    }

    /// <summary>
    /// The guest virt-install picks: the requested OS type and arch (default: the host's arch when a guest offers
    /// it, else the first guest of that OS type) and, if asked, a domain type it supports.
    /// </summary>
    public CapsGuest? Pick(string osType, string? arch, string? virtType)
    {
        var ofType = Guests.Where(g => g.OsType == osType && (virtType == null || g.DomainTypes.Contains(virtType))).ToList();
        if (arch != null)
            return ofType.FirstOrDefault(g => g.Arch == arch);
        return ofType.FirstOrDefault(g => g.Arch == HostArch) ?? ofType.FirstOrDefault();
    }
}
