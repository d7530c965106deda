using System.Xml.Linq;
using Vireo.Model.Xml;

namespace Vireo.Model.Storage;

/// <summary>A storage pool definition (libvirt's pool XML), formatted back exactly as libvirt 9.0 does.</summary>
public sealed class StoragePoolDefinition : ModelElement
{
    /// <summary>Pool types.</summary>
    public static readonly string[] Types =
        ["dir", "fs", "netfs", "logical", "disk", "iscsi", "iscsi-direct", "scsi", "mpath", "rbd", "sheepdog", "gluster", "zfs", "vstorage"];

    /// <summary>Pool type: dir, fs, netfs, logical, disk, iscsi ...</summary>
    public string Type { get; set; } = "dir";

    /// <summary>Unique name.</summary>
    public string Name { get; set; } = "";

    /// <summary>UUID; <see cref="Guid.Empty"/> until defaults generate one.</summary>
    public Guid Uuid { get; set; }

    /// <summary>Total size in bytes.</summary>
    public ulong? CapacityBytes { get; set; }

    /// <summary>Bytes allocated to volumes.</summary>
    public ulong? AllocationBytes { get; set; }

    /// <summary>Bytes still free.</summary>
    public ulong? AvailableBytes { get; set; }

    /// <summary>Where the pool's storage comes from.</summary>
    public StoragePoolSource Source { get; set; } = new();

    /// <summary>Target path on the host (directory, mount point, /dev/VG ...).</summary>
    public string? TargetPath { get; set; }

    /// <summary>Permissions of the target path.</summary>
    public StoragePermissions? TargetPermissions { get; set; }

    /// <summary>True when <see cref="Uuid"/> is set.</summary>
    public bool HasUuid => Uuid != Guid.Empty;

    /// <summary>Parses pool XML; throws <see cref="XmlModelException"/> on bad input.</summary>
    public static StoragePoolDefinition Parse(string xml)
    {
        const int D = XmlModelException.FromStorage;
        var root = XmlInput.LoadRoot(xml, "pool", "storage_pool_definition", D);
        var r = new ElementReader(root, StorageSchema.Pool, D);
        var type = r.Attr("type") ?? throw XmlModelException.Xml("Missing required attribute 'type' in element 'pool'", D);
        if (!Types.Contains(type))
            throw XmlModelException.InvalidAttribute("type", "pool", type);
        var p = new StoragePoolDefinition { Type = type, Name = r.ChildText("name")?.Trim() ?? "" };
        if (p.Name.Length == 0)
            throw XmlModelException.Xml("missing storage pool name: <name> is required", D);
        if (p.Name.Contains('/'))
            throw XmlModelException.Xml($"name {p.Name} cannot contain '/'", D);
        if (r.ChildText("uuid") is { } uuidText)
        {
            if (!Identity.Uuid.TryParse(uuidText, out var uuid))
                throw XmlModelException.Internal("malformed uuid element", D);
            p.Uuid = uuid;
        }
        p.CapacityBytes = StorageSize.Read(r.Child("capacity"), "capacity", D);
        p.AllocationBytes = StorageSize.Read(r.Child("allocation"), "allocation", D);
        p.AvailableBytes = StorageSize.Read(r.Child("available"), "available", D);
        if (r.Child("source") is { } src)
            p.Source = StoragePoolSource.Parse(src);
        if (r.Child("target") is { } tgt)
        {
            var tr = new ElementReader(tgt, StorageSchema.PoolTarget, D);
            p.TargetPath = tr.ChildText("path")?.Trim();
            if (tr.Child("permissions") is { } perms)
                p.TargetPermissions = StoragePermissions.Parse(perms, D);
        }
        // libvirt names a volume group's target after it: /dev/VG (the source name defaults to the pool name)
        if (p.TargetPath is null && type == "logical")
            p.TargetPath = "/dev/" + (p.Source.Name ?? p.Name);
        if (p.TargetPath is null && type is not ("rbd" or "sheepdog" or "gluster" or "iscsi-direct" or "zfs"))
            throw XmlModelException.Xml("missing storage pool target path", D);
        p.TakeExtras(r);
        return p;
    }

    /// <summary>Formats the pool as libvirt 9.0 does (virsh pool-dumpxml); the text ends with a newline.</summary>
    public string ToXml() => LibvirtXmlWriter.Write(ToElement());

    /// <summary>The formatted element tree.</summary>
    public XElement ToElement()
    {
        var b = Builder(StorageSchema.Pool).Attr("type", Type).TextChild("name", Name);
        if (HasUuid)
            b.TextChild("uuid", Identity.Uuid.Format(Uuid));
        if (CapacityBytes is { } c)
            b.Child(StorageSize.Write("capacity", c));
        if (AllocationBytes is { } a)
            b.Child(StorageSize.Write("allocation", a));
        if (AvailableBytes is { } v)
            b.Child(StorageSize.Write("available", v));
        b.Child(Source.ToElement());
        if (TargetPath is not null || TargetPermissions is not null)
        {
            var t = new XElement("target");
            if (TargetPath is not null)
                t.Add(new XElement("path", TargetPath));
            if (TargetPermissions is not null)
                t.Add(TargetPermissions.ToElement());
            b.Child(t);
        }
        return b.Build();
    }

    /// <summary>Deep copy through XML.</summary>
    public StoragePoolDefinition Clone() => Parse(ToXml());
}
