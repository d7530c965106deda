using System.Xml.Linq;
using Vireo.Model.Xml;

namespace Vireo.Model.Storage;

/// <summary>A pool's &lt;source&gt;: remote host, devices, directory, volume group name and format; the rest kept verbatim.</summary>
public sealed class StoragePoolSource : ModelElement
{
    /// <summary>Remote hosts (netfs, iscsi, rbd ...): name and optional port.</summary>
    public List<(string Name, int? Port)> Hosts { get; } = [];

    /// <summary>Source devices (disk, fs, logical, iscsi target IQN).</summary>
    public List<string> Devices { get; } = [];

    /// <summary>Exported directory (netfs) or source path.</summary>
    public string? Dir { get; set; }

    /// <summary>Source name (logical: the volume group; rbd: the pool).</summary>
    public string? Name { get; set; }

    /// <summary>Format type (nfs, ext4, lvm2, gpt, auto ...).</summary>
    public string? Format { get; set; }

    internal static StoragePoolSource Parse(XElement e)
    {
        var r = new ElementReader(e, StorageSchema.PoolSource, XmlModelException.FromStorage);
        var s = new StoragePoolSource();
        foreach (var h in r.Children("host"))
        {
            var name = h.Attribute("name")?.Value ?? throw XmlModelException.Xml("missing storage pool host name", XmlModelException.FromStorage);
            int? port = null;
            if (h.Attribute("port")?.Value is { } p)
                port = int.TryParse(p, out var n) && n >= 0 ? n : throw XmlModelException.Xml($"Invalid port number: {p}", XmlModelException.FromStorage);
            s.Hosts.Add((name, port));
        }
        foreach (var d in r.Children("device"))
            s.Devices.Add(d.Attribute("path")?.Value ?? throw XmlModelException.Xml("missing storage pool source device path", XmlModelException.FromStorage));
        s.Dir = r.Child("dir")?.Attribute("path")?.Value;
        s.Name = r.ChildText("name");
        s.Format = r.Child("format")?.Attribute("type")?.Value;
        s.TakeExtras(r);
        return s;
    }

    internal XElement ToElement()
    {
        var b = Builder(StorageSchema.PoolSource);
        foreach (var (name, port) in Hosts)
            b.Child(new XElement("host", new XAttribute("name", name), port is null ? null : new XAttribute("port", port)));
        foreach (var d in Devices)
            b.Child(new XElement("device", new XAttribute("path", d)));
        if (Dir is not null)
            b.Child(new XElement("dir", new XAttribute("path", Dir)));
        b.TextChild("name", Name);
        if (Format is not null)
            b.Child(new XElement("format", new XAttribute("type", Format)));
        return b.Block().Build();
    }
}
