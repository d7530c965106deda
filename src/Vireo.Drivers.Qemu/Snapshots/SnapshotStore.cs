using Vireo.Drivers.Qemu.State;

namespace Vireo.Drivers.Qemu.Snapshots;

/// <summary>
/// Snapshot metadata on disk as libvirt keeps it: LIB/qemu/snapshot/DOMAIN/NAME.xml, one file per snapshot in the
/// internal format (with &lt;active&gt; marking the current one), each written atomically. Read fresh on every call,
/// so there is no second copy to keep in step and a restarted daemon sees the same tree.
/// </summary>
internal sealed class SnapshotStore(string libDir)
{
    public string Dir(string domain) => Path.Combine(libDir, "snapshot", domain);

    public string File(string domain, string name) => Path.Combine(Dir(domain), name + ".xml");

    /// <summary>Every snapshot of a domain, oldest first (creation time, then name), so parents precede children.</summary>
    public List<QemuSnapshot> Load(string domain)
    {
        var dir = Dir(domain);
        if (!Directory.Exists(dir))
            return [];
        var list = new List<QemuSnapshot>();
        foreach (var f in Directory.GetFiles(dir, "*.xml"))
        {
            try
            {
                list.Add(QemuSnapshot.Parse(System.IO.File.ReadAllText(f)));
            }
            catch (Exception e) when (e is IOException or Vireo.Protocol.Errors.LibvirtException)
            {
                // A damaged file hides that one snapshot only, as libvirt skips unparsable metadata.
            }
        }
        return list.OrderBy(s => s.CreationTime).ThenBy(s => s.Name, StringComparer.Ordinal).ToList();
    }

    public void Save(string domain, QemuSnapshot snap) => AtomicFile.Write(File(domain, snap.Name), snap.ToXml(internalFormat: true));

    public void Remove(string domain, string name) => System.IO.File.Delete(File(domain, name));

    /// <summary>Removes all metadata of a domain (undefine with --snapshots-metadata).</summary>
    public void RemoveAll(string domain)
    {
        if (Directory.Exists(Dir(domain)))
            Directory.Delete(Dir(domain), recursive: true);
    }
}
