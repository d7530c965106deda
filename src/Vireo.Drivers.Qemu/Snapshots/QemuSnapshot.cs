using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using Vireo.Model.Xml;
using Vireo.Protocol.Errors;

namespace Vireo.Drivers.Qemu.Snapshots;

/// <summary>
/// One snapshot's metadata in libvirt's domainsnapshot XML: name, description, the domain state it captured,
/// its parent, creation time, where memory and each disk went (internal or no) and the inactive domain XML.
/// </summary>
internal sealed class QemuSnapshot
{
    public required string Name { get; init; }
    public string? Description { get; init; }
    /// <summary>"running", "paused", "shutoff" (virDomainSnapshotState names).</summary>
    public required string State { get; init; }
    public string? Parent { get; set; }
    public long CreationTime { get; init; }
    /// <summary>The VM state is inside the first disk's qcow2 (memory snapshot='internal').</summary>
    public bool MemoryInternal { get; init; }
    public List<(string Disk, string Snapshot)> Disks { get; init; } = [];
    /// <summary>The domain's inactive XML at the time of the snapshot.</summary>
    public XElement? Domain { get; init; }
    /// <summary>libvirt's &lt;cookie&gt; of a snapshot of a running domain (the guest CPU as it ran), see <see cref="SnapshotCookie"/>.</summary>
    public XElement? Cookie { get; init; }
    public bool Current { get; set; }

    public bool IsActiveState => State is "running" or "paused";

    /// <summary>
    /// The XML clients see (virDomainSnapshotGetXMLDesc); <paramref name="internalFormat"/> adds &lt;active&gt;, the
    /// current marker libvirt keeps in its metadata files.
    /// </summary>
    public string ToXml(bool internalFormat)
    {
        var root = new XElement("domainsnapshot", new XElement("name", Name));
        if (Description is not null)
            root.Add(new XElement("description", Description));
        root.Add(new XElement("state", State));
        if (Parent is not null)
            root.Add(new XElement("parent", new XElement("name", Parent)));
        root.Add(new XElement("creationTime", CreationTime.ToString(CultureInfo.InvariantCulture)));
        root.Add(new XElement("memory", new XAttribute("snapshot", MemoryInternal ? "internal" : "no")));
        if (Disks.Count > 0)
            root.Add(new XElement("disks", Disks.Select(d => new XElement("disk", new XAttribute("name", d.Disk), new XAttribute("snapshot", d.Snapshot)))));
        if (Domain is not null)
            root.Add(new XElement(Domain));
        if (Cookie is not null)
            root.Add(new XElement(Cookie));
        if (internalFormat)
            root.Add(new XElement("active", Current ? "1" : "0"));
        return LibvirtXmlWriter.Write(root);
    }

    /// <summary>Reads a metadata file or a redefinition from a client (which must carry state, time and domain).</summary>
    public static QemuSnapshot Parse(string xml)
    {
        var root = ParseRoot(xml);
        string name = root.Element("name")?.Value.Trim() is { Length: > 0 } n ? n
            : throw Invalid("a redefined snapshot must have a name");
        return new QemuSnapshot
        {
            Name = name,
            Description = root.Element("description")?.Value,
            State = root.Element("state")?.Value.Trim() ?? throw Invalid("a redefined snapshot must have a state"),
            Parent = root.Element("parent")?.Element("name")?.Value.Trim(),
            CreationTime = long.TryParse(root.Element("creationTime")?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var t) ? t : 0,
            MemoryInternal = root.Element("memory")?.Attribute("snapshot")?.Value == "internal",
            Disks = root.Element("disks")?.Elements("disk")
                .Select(d => ((string)d.Attribute("name")! ?? "", (string?)d.Attribute("snapshot") ?? "internal")).ToList() ?? [],
            Domain = root.Element("domain"),
            Cookie = root.Element("cookie"),
            Current = root.Element("active")?.Value.Trim() == "1",
        };
    }

    /// <summary>What a client asks for in snapshot-create: name, description, memory and per-disk modes.</summary>
    public static (string? Name, string? Description, string? Memory, Dictionary<string, string> Disks) ParseRequest(string xml)
    {
        var root = ParseRoot(xml);
        var name = root.Element("name")?.Value.Trim();
        var disks = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var d in root.Element("disks")?.Elements("disk") ?? [])
            disks[(string?)d.Attribute("name") ?? ""] = (string?)d.Attribute("snapshot") ?? "internal";
        return (string.IsNullOrEmpty(name) ? null : name, root.Element("description")?.Value,
            (string?)root.Element("memory")?.Attribute("snapshot"), disks);
    }

    private static XElement ParseRoot(string xml)
    {
        XElement root;
        try
        {
            root = XElement.Parse(xml);
        }
        catch (XmlException e)
        {
            throw new LibvirtException(ErrorCode.XmlDetail, ErrorDomain.DomainSnapshot, $"(domain_snapshot_definition):{e.LineNumber}: {e.Message}");
        }
        if (root.Name != "domainsnapshot")
            throw new LibvirtException(ErrorCode.XmlError, ErrorDomain.DomainSnapshot,
                $"XML error: expecting root element of 'domainsnapshot', not '{root.Name.LocalName}'");
        var name = root.Element("name")?.Value.Trim();
        if (name is not null && name.Contains('/'))
            throw Invalid($"invalid snapshot name '{name}': name cannot contain '/'");
        return root;
    }

    private static LibvirtException Invalid(string detail) =>
        new(ErrorCode.InvalidDomainSnapshot, ErrorDomain.DomainSnapshot, "invalid snapshot: " + detail);
}
