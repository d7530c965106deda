using System.Xml.Linq;
using Vireo.Model.Storage;
using Vireo.Model.Xml;
using Vireo.Storage.Host;

namespace Vireo.Storage.Volumes;

/// <summary>
/// A volume as the pool's last look at it found it: the definition (name, key, path, format, sizes, backing store)
/// plus what only a live volume has (physical size, timestamps).
/// </summary>
internal sealed class Volume(StorageVolumeDefinition def)
{
    public StorageVolumeDefinition Def { get; set; } = def;

    /// <summary>Bytes the file or device occupies as seen from outside (st_size, or the device size).</summary>
    public ulong Physical { get; set; }

    /// <summary>stat of the volume, for &lt;timestamps&gt;.</summary>
    public FileStatus? Status { get; set; }

    /// <summary>stat of the backing store, for its &lt;permissions&gt; and &lt;timestamps&gt;.</summary>
    public FileStatus? BackingStatus { get; set; }

    public string Name => Def.Name;
    public string Key => Def.Key ?? Path;
    public string Path => Def.TargetPath ?? "";

    /// <summary>virStorageVolType: 0 file, 1 block, 2 dir.</summary>
    public int InfoType => Def.Type switch { "block" => 1, "dir" => 2, "network" => 3, "netdir" => 4, "ploop" => 5, _ => 0 };

    /// <summary>virsh vol-dumpxml: libvirt's volume XML with &lt;physical&gt; and the timestamps of the volume and its backing store.</summary>
    public string ToXml()
    {
        var e = Def.ToElement();
        e.Element("allocation")?.AddAfterSelf(new XElement("physical", new XAttribute("unit", "bytes"), Physical));
        if (Status is not null)
            AddTimestamps(e.Element("target"), Status);
        if (BackingStatus is not null)
            AddTimestamps(e.Element("backingStore"), BackingStatus);
        return LibvirtXmlWriter.Write(e);
    }

    // <timestamps> goes after <permissions> (or <format>/<path>), before encryption, compat and the rest
    private static void AddTimestamps(XElement? parent, FileStatus st)
    {
        if (parent is null)
            return;
        var ts = new XElement("timestamps",
            new XElement("atime", st.Atime.ToString()), new XElement("mtime", st.Mtime.ToString()),
            new XElement("ctime", st.Ctime.ToString()), new XElement("btime", "0"));
        var anchor = parent.Element("permissions") ?? parent.Element("format") ?? parent.Element("path");
        if (anchor is null)
            parent.AddFirst(ts);
        else
            anchor.AddAfterSelf(ts);
    }

    /// <summary>Permissions as libvirt reports them from stat: mode, owner, group.</summary>
    public static StoragePermissions PermissionsOf(FileStatus st) => new() { Mode = st.Permissions, Owner = st.Uid, Group = st.Gid };
}
