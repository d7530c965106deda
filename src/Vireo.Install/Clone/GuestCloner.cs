using System.Xml.Linq;
using Vireo.Client.Api;
using Vireo.Install.Host;
using Vireo.Install.Identity;
using Vireo.Protocol.Errors;

namespace Vireo.Install.Clone;

/// <summary>What a clone does with one writable disk of the original.</summary>
public enum CloneDiskMode
{
    /// <summary>Copy the volume to a new path (through the storage API).</summary>
    Copy,
    /// <summary>Point at a new path that already holds the data (virt-clone --preserve-data).</summary>
    Preserve,
    /// <summary>Keep the original's path: both guests use the same disk (virt-manager's "Share disk").</summary>
    Share,
}

/// <summary>A writable disk of the original, as the clone dialogs list it.</summary>
public sealed record CloneDiskInfo(string TargetDev, string Source);

/// <summary>The decision for one disk: its mode and, for Copy and Preserve, the new path (null: the generated one).</summary>
public sealed record CloneDiskChoice(CloneDiskMode Mode, string? Path = null);

/// <summary>The clone's XML and the volume copies to make before defining it.</summary>
public sealed record ClonePlan(string Name, string Xml, IReadOnlyList<(string Source, string Target)> Copies);

/// <summary>
/// The clone logic of virt-clone and of virt-manager's Clone dialog: new name and UUID, new MACs, graphics ports back to
/// automatic, writable disks copied (virStorageVolCreateXMLFrom), preserved or shared. Read-only, shareable, cdrom and
/// floppy disks are always shared.
/// </summary>
public static class GuestCloner
{
    /// <summary>The original's disks that need a decision (writable disks with a source).</summary>
    public static IReadOnlyList<CloneDiskInfo> WritableDisks(XElement root) =>
        root.Descendants("disk").Where(d => !IsAlwaysShared(d) && SourceOf(d) is not null)
            .Select(d => new CloneDiskInfo((string?)d.Element("target")?.Attribute("dev") ?? "", SourceOf(d)!)).ToList();

    /// <summary>
    /// Builds the clone of <paramref name="original"/> (an inactive, secure domain XML). <paramref name="macs"/> gives
    /// MACs per interface in order ("RANDOM" or missing: generated); <paramref name="choose"/> decides per writable disk.
    /// </summary>
    public static ClonePlan Plan(XDocument original, string newName, ConnectionFacts facts, IReadOnlyList<string> macs,
        Func<int, CloneDiskInfo, CloneDiskChoice> choose, bool replace = false)
    {
        var doc = new XDocument(original);
        var root = doc.Root!;
        string originalName = root.Element("name")?.Value ?? "";
        if (facts.DomainNames.Contains(newName) && !replace)
            throw new InstallException($"Invalid name for new guest: Guest name '{newName}' is already in use.");
        root.Element("name")!.Value = newName;
        root.Element("uuid")?.Remove();
        root.Element("name")!.AddAfterSelf(new XElement("uuid", Guid.NewGuid().ToString()));

        var inUse = new HashSet<string>(facts.MacsInUse, StringComparer.OrdinalIgnoreCase);
        int nic = 0;
        foreach (var iface in root.Descendants("interface"))
        {
            iface.Element("target")?.Remove();
            var mac = nic < macs.Count && macs[nic] is { Length: > 0 } given && given != "RANDOM" ? given : MacGenerator.Generate(facts.IsQemu, inUse);
            nic++;
            if (inUse.Contains(mac))
                throw new InstallException($"The MAC address '{mac}' is in use by another virtual machine.");
            inUse.Add(mac);
            var m = iface.Element("mac");
            if (m == null)
                iface.AddFirst(m = new XElement("mac"));
            m.SetAttributeValue("address", mac);
        }

        foreach (var g in root.Descendants("graphics"))
            if ((string?)g.Attribute("port") is { } port && port != "-1")
                g.SetAttributeValue("port", "-1");

        var copies = new List<(string, string)>();
        int index = 0;
        foreach (var disk in root.Descendants("disk"))
        {
            var path = SourceOf(disk);
            if (path == null || IsAlwaysShared(disk))
                continue;
            var choice = choose(index++, new CloneDiskInfo((string?)disk.Element("target")?.Attribute("dev") ?? "", path));
            if (choice.Mode == CloneDiskMode.Share)
                continue;
            var target = choice.Path ?? ClonePath(path, newName, originalName);
            var src = disk.Element("source")!;
            src.SetAttributeValue(src.Attribute("file") != null ? "file" : "dev", target);
            if (choice.Mode == CloneDiskMode.Copy)
                copies.Add((path, target));
        }
        return new ClonePlan(newName, Guest.XmlNode.From(root).ToString(), copies);
    }

    /// <summary>virt-clone 4.1's refusal for an original that is not shut off (running, paused, crashed...).</summary>
    public const string MustBeShutOff = "Domain to clone must be shutoff.";

    /// <summary>
    /// virt-clone 4.1 clones only a shut-off domain: its disks could change under the copy otherwise. The check is on
    /// the state alone (--preserve-data and shared disks do not lift it), before anything is made.
    /// </summary>
    public static async Task EnsureShutOffAsync(Domain original)
    {
        if ((await original.GetInfoAsync().ConfigureAwait(false)).State != DomainState.Shutoff)
            throw new InstallException(MustBeShutOff);
    }

    /// <summary>Copies the volumes, then defines the clone; on failure the copies made are deleted again.</summary>
    public static async Task<Domain> ExecuteAsync(Connection conn, ClonePlan plan, bool nonsparse, TextWriter? log = null)
    {
        var created = new List<StorageVolume>();
        try
        {
            foreach (var (source, target) in plan.Copies)
                created.Add(await CloneVolumeAsync(conn, source, target, nonsparse, log).ConfigureAwait(false));
            return await conn.DefineDomainXmlAsync(plan.Xml).ConfigureAwait(false);
        }
        catch
        {
            foreach (var v in created)
            {
                try
                {
                    await v.DeleteAsync().ConfigureAwait(false);
                }
                catch (LibvirtException)
                {
                }
            }
            throw;
        }
    }

    /// <summary>NAME, NAME-1, NAME-2 ... whichever is free.</summary>
    public static string UniqueName(string name, IReadOnlyList<string> taken)
    {
        var n = name;
        for (int i = 1; taken.Contains(n); i++)
            n = $"{name}-{i}";
        return n;
    }

    /// <summary>virt-clone's generated path: the original's with the guest name swapped (or "-clone" added), unique on disk.</summary>
    public static string ClonePath(string path, string newName, string originalName)
    {
        var dir = Path.GetDirectoryName(path)!;
        var file = Path.GetFileName(path);
        var ext = Path.GetExtension(file);
        var stem = Path.GetFileNameWithoutExtension(file);
        var baseName = stem.Contains(originalName, StringComparison.Ordinal) && originalName.Length > 0 ? stem.Replace(originalName, newName) : stem + "-clone";
        var candidate = Path.Combine(dir, baseName + ext);
        for (int i = 1; File.Exists(candidate); i++)
            candidate = Path.Combine(dir, $"{baseName}-{i}{ext}");
        return candidate;
    }

    private static string? SourceOf(XElement disk) =>
        (string?)disk.Element("source")?.Attribute("file") ?? (string?)disk.Element("source")?.Attribute("dev");

    private static bool IsAlwaysShared(XElement disk) =>
        disk.Element("readonly") != null || disk.Element("shareable") != null || (string?)disk.Attribute("device") is "cdrom" or "floppy";

    private static async Task<StorageVolume> CloneVolumeAsync(Connection conn, string source, string target, bool nonsparse, TextWriter? log)
    {
        StorageVolume orig;
        try
        {
            orig = await conn.LookupStorageVolumeByPathAsync(source).ConfigureAwait(false);
        }
        catch (LibvirtException)
        {
            throw new InstallException($"Disk '{source}' is not in a storage pool: cannot clone it through the storage API (define a pool for its directory)");
        }

        var pool = await orig.GetPoolAsync().ConfigureAwait(false);
        var poolXml = XDocument.Parse(await pool.GetXmlDescAsync().ConfigureAwait(false));
        var poolDir = poolXml.Root?.Element("target")?.Element("path")?.Value.TrimEnd('/');
        if (poolDir != Path.GetDirectoryName(target))
            throw new InstallException($"Clone path '{target}' is outside the pool '{pool.Name}' ({poolDir}) of '{source}'");
        var volXml = XDocument.Parse(await orig.GetXmlDescAsync().ConfigureAwait(false));
        var format = (string?)volXml.Root?.Element("target")?.Element("format")?.Attribute("type") ?? "raw";
        var info = await orig.GetInfoAsync().ConfigureAwait(false);
        var xml = new XElement("volume",
            new XElement("name", Path.GetFileName(target)),
            new XElement("capacity", info.Capacity),
            new XElement("allocation", nonsparse ? info.Capacity : 0),
            new XElement("target", new XElement("format", new XAttribute("type", format))));
        log?.WriteLine($"Allocating '{Path.GetFileName(target)}'");
        return await pool.CreateVolumeXmlFromAsync(xml.ToString(), orig).ConfigureAwait(false);
    }
}
