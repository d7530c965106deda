using System.Xml.Linq;
using Vireo.Model.Xml;

namespace Vireo.Model.Storage;

/// <summary>A storage volume definition (libvirt's volume XML), formatted back exactly as libvirt 9.0 does.</summary>
public sealed class StorageVolumeDefinition : ModelElement
{
    /// <summary>Volume types.</summary>
    public static readonly string[] Types = ["file", "block", "dir", "network", "netdir", "ploop"];

    /// <summary>Volume type; null until defaults pick one.</summary>
    public string? Type { get; set; }

    /// <summary>Name within the pool.</summary>
    public string Name { get; set; } = "";

    /// <summary>Unique key (for file-backed pools, the path).</summary>
    public string? Key { get; set; }

    /// <summary>Logical size in bytes.</summary>
    public ulong CapacityBytes { get; set; }

    /// <summary>Bytes actually allocated; null until defaults set it to the capacity.</summary>
    public ulong? AllocationBytes { get; set; }

    /// <summary>Path of the volume on the host.</summary>
    public string? TargetPath { get; set; }

    /// <summary>Image format: raw, qcow2, vmdk ...</summary>
    public string? TargetFormat { get; set; }

    /// <summary>Permissions of the volume file.</summary>
    public StoragePermissions? TargetPermissions { get; set; }

    /// <summary>Other &lt;target&gt; children (compat, features, encryption, nocow, clusterSize) kept verbatim.</summary>
    public List<XElement> TargetExtra { get; } = [];

    /// <summary>Backing file path (copy-on-write images).</summary>
    public string? BackingStorePath { get; set; }

    /// <summary>Backing file format.</summary>
    public string? BackingStoreFormat { get; set; }

    /// <summary>Backing file permissions.</summary>
    public StoragePermissions? BackingStorePermissions { get; set; }

    /// <summary>Parses volume XML; throws <see cref="XmlModelException"/> on bad input.</summary>
    public static StorageVolumeDefinition Parse(string xml)
    {
        const int D = XmlModelException.FromStorage;
        var root = XmlInput.LoadRoot(xml, "volume", "storage_volume_definition", D);
        var r = new ElementReader(root, StorageSchema.Volume, D);
        var v = new StorageVolumeDefinition { Type = r.Enum("type", Types), Name = r.ChildText("name")?.Trim() ?? "" };
        if (v.Name.Length == 0)
            throw XmlModelException.Xml("missing volume name element", D);
        if (v.Name.Contains('/'))
            throw XmlModelException.Xml($"volume name '{v.Name}' cannot contain '/'", D);
        v.Key = r.ChildText("key");
        v.CapacityBytes = StorageSize.Read(r.Child("capacity"), "capacity", D) ?? throw XmlModelException.Xml("missing capacity element", D);
        v.AllocationBytes = StorageSize.Read(r.Child("allocation"), "allocation", D);
        r.Children("physical"); // reported by the driver, never taken from input
        if (r.Child("target") is { } tgt)
        {
            var tr = new ElementReader(tgt, StorageSchema.VolumeTarget, D);
            v.TargetPath = tr.ChildText("path")?.Trim();
            v.TargetFormat = tr.Child("format")?.Attribute("type")?.Value;
            if (tr.Child("permissions") is { } perms)
                v.TargetPermissions = StoragePermissions.Parse(perms, D);
            tr.Children("timestamps"); // output-only
            v.TargetExtra.AddRange(tr.LeftoverChildren().Select(c => new XElement(c)));
        }
        if (r.Child("backingStore") is { } bs)
        {
            var br = new ElementReader(bs, StorageSchema.BackingStore, D);
            v.BackingStorePath = br.ChildText("path")?.Trim() ?? throw XmlModelException.Xml("missing backing store path", D);
            v.BackingStoreFormat = br.Child("format")?.Attribute("type")?.Value;
            if (br.Child("permissions") is { } perms)
                v.BackingStorePermissions = StoragePermissions.Parse(perms, D);
            br.Children("timestamps");
        }
        v.TakeExtras(r);
        return v;
    }

    /// <summary>Formats the volume as libvirt 9.0 does (virsh vol-dumpxml); the text ends with a newline.</summary>
    public string ToXml() => LibvirtXmlWriter.Write(ToElement());

    /// <summary>The formatted element tree.</summary>
    public XElement ToElement()
    {
        var b = Builder(StorageSchema.Volume).Attr("type", Type).TextChild("name", Name).TextChild("key", Key);
        b.Child(StorageSize.Write("capacity", CapacityBytes));
        if (AllocationBytes is { } a)
            b.Child(StorageSize.Write("allocation", a));
        var t = new ElementBuilder(StorageSchema.VolumeTarget, null, TargetExtra).TextChild("path", TargetPath);
        if (TargetFormat is not null)
            t.Child(new XElement("format", new XAttribute("type", TargetFormat)));
        t.Child(TargetPermissions?.ToElement());
        b.Child(t.Build());
        if (BackingStorePath is not null)
        {
            var bs = new XElement("backingStore", new XElement("path", BackingStorePath));
            if (BackingStoreFormat is not null)
                bs.Add(new XElement("format", new XAttribute("type", BackingStoreFormat)));
            if (BackingStorePermissions is not null)
                bs.Add(BackingStorePermissions.ToElement());
            b.Child(bs);
        }
        return b.Build();
    }

    /// <summary>Deep copy through XML.</summary>
    public StorageVolumeDefinition Clone() => Parse(ToXml());
}
