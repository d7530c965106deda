using System.Xml.Linq;
using Vireo.Client.Api;
using Vireo.Install.Cli;
using Vireo.Install.Host;
using Vireo.Install.Identity;
using Vireo.Protocol.Errors;

namespace Vireo.Install.Clone;

/// <summary>
/// vireo-clone, as virt-clone: a new domain from a shut-off (or paused) one with a new name, UUID and MACs, its
/// writable disks copied through the storage API (virStorageVolCreateXMLFrom) unless --preserve-data.
/// </summary>
public sealed class VirtClone(TextWriter stdout, TextWriter stderr)
{
    public const string Usage = "usage: vireo-clone --original [NAME] ...";

    private static readonly ArgSpec[] Specs =
    {
        new(new[] { "-h", "--help" }, "help", ArgArity.Flag),
        new(new[] { "--connect" }, "connect", ArgArity.One),
        new(new[] { "-o", "--original" }, "original", ArgArity.One),
        new(new[] { "--original-xml" }, "original-xml", ArgArity.One),
        new(new[] { "--auto-clone" }, "auto-clone", ArgArity.Flag),
        new(new[] { "-n", "--name" }, "name", ArgArity.One),
        new(new[] { "-f", "--file" }, "file", ArgArity.One),
        new(new[] { "--nonsparse" }, "nonsparse", ArgArity.Flag),
        new(new[] { "--preserve-data" }, "preserve-data", ArgArity.Flag),
        new(new[] { "-m", "--mac" }, "mac", ArgArity.One),
        new(new[] { "--print-xml" }, "print-xml", ArgArity.Flag),
        new(new[] { "--replace" }, "replace", ArgArity.Flag),
        new(new[] { "--reflink" }, "reflink", ArgArity.Flag),
        new(new[] { "--check" }, "check", ArgArity.One),
        new(new[] { "-q", "--quiet" }, "quiet", ArgArity.Flag),
        new(new[] { "-d", "--debug" }, "debug", ArgArity.Flag),
    };

    public async Task<int> RunAsync(IReadOnlyList<string> argv)
    {
        ParsedArgs a;
        try
        {
            a = new ArgParser(Specs).Parse(argv);
            if (a.Positionals.Count > 0)
                throw new ArgParseException("unrecognized arguments: " + string.Join(' ', a.Positionals));
        }
        catch (ArgParseException e)
        {
            stderr.WriteLine(Usage);
            stderr.WriteLine("vireo-clone: error: " + e.Message);
            return 2;
        }

        if (a.Has("help"))
        {
            stdout.WriteLine(Usage);
            stdout.WriteLine("Duplicate a virtual machine, changing all its unique configuration (virt-clone compatible); see docs/vireo-clone.md");
            return 0;
        }

        try
        {
            return await CloneAsync(a);
        }
        catch (Exception e) when (e is InstallException or LibvirtException)
        {
            stderr.WriteLine("ERROR    " + e.Message);
            return 1;
        }
    }

    private async Task<int> CloneAsync(ParsedArgs a)
    {
        if (!a.Has("original") && !a.Has("original-xml"))
            throw new InstallException("--original or --original-xml is required");
        if (!a.Has("name") && !a.Has("auto-clone"))
            throw new InstallException("A name is required for the new virtual machine, use '--name NEW_VM_NAME' to specify one.");
        var uri = a.Last("connect") ?? Environment.GetEnvironmentVariable("VIREO_DEFAULT_URI") ?? Environment.GetEnvironmentVariable("LIBVIRT_DEFAULT_URI") ?? "qemu:///system";
        await using var conn = await Connection.OpenAsync(uri);
        var facts = await ConnectionFacts.GatherAsync(conn);

        XDocument xml;
        string originalName;
        if (a.Last("original-xml") is { } file)
        {
            xml = XDocument.Parse(File.ReadAllText(file));
            originalName = xml.Root?.Element("name")?.Value ?? "";
        }
        else
        {
            var orig = await conn.LookupDomainByNameAsync(a.Last("original")!);
            var state = (await orig.GetInfoAsync()).State;
            if (state is not (DomainState.Shutoff or DomainState.Paused) && !a.Has("preserve-data"))
                throw new InstallException("Domain to clone must be shutoff.");
            xml = XDocument.Parse(await orig.GetXmlDescAsync(DomainXmlFlags.Inactive | DomainXmlFlags.Secure));
            originalName = orig.Name;
        }

        var root = xml.Root!;
        var newName = a.Last("name") ?? UniqueName(originalName + "-clone", facts.DomainNames);
        if (facts.DomainNames.Contains(newName) && !a.Has("replace"))
            throw new InstallException($"Invalid name for new guest: Guest name '{newName}' is already in use.");
        root.Element("name")!.Value = newName;
        root.Element("uuid")?.Remove();
        root.Element("name")!.AddAfterSelf(new XElement("uuid", Guid.NewGuid().ToString()));

        var macs = a.All("mac");
        var inUse = new HashSet<string>(facts.MacsInUse, StringComparer.OrdinalIgnoreCase);
        int nic = 0;
        foreach (var iface in root.Descendants("interface"))
        {
            iface.Element("target")?.Remove();
            var mac = nic < macs.Count && macs[nic] != "RANDOM" ? macs[nic] : MacGenerator.Generate(facts.IsQemu, inUse);
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

        var files = a.All("file");
        var jobs = new List<(string Source, string Target)>();
        int fi = 0;
        foreach (var disk in root.Descendants("disk"))
        {
            var src = disk.Element("source");
            var path = (string?)src?.Attribute("file") ?? (string?)src?.Attribute("dev");
            bool shared = disk.Element("readonly") != null || disk.Element("shareable") != null || (string?)disk.Attribute("device") is "cdrom" or "floppy";
            if (path == null || shared)
                continue;
            if (!File.Exists(path) && !Directory.Exists(path))
                throw new InstallException($"Could not determine original disk information: Disk path '{path}' does not exist.");
            string target = fi < files.Count ? Path.GetFullPath(files[fi]) : a.Has("auto-clone") ? ClonePath(path, newName, originalName)
                : throw new InstallException($"Need to clone disk '{path}': give its new path with --file, or pass --auto-clone");
            fi++;
            src!.SetAttributeValue(src.Attribute("file") != null ? "file" : "dev", target);
            if (!a.Has("preserve-data"))
                jobs.Add((path, target));
            else if (!File.Exists(target))
                throw new InstallException($"--preserve-data: '{target}' does not exist");
        }

        var newXml = Guest.XmlNode.From(root).ToString();
        if (a.Has("print-xml"))
        {
            stdout.WriteLine(newXml); // virt-clone print()s XML that already ends in a newline
            return 0;
        }

        var created = new List<StorageVolume>();
        try
        {
            foreach (var (source, target) in jobs)
                created.Add(await CloneVolumeAsync(conn, source, target, a.Has("nonsparse")));
            await conn.DefineDomainXmlAsync(newXml);
        }
        catch
        {
            foreach (var v in created)
                try
                {
                    await v.DeleteAsync();
                }
                catch (LibvirtException)
                {
                }

            throw;
        }

        if (!a.Has("quiet"))
            stdout.WriteLine($"\nClone '{newName}' created successfully.");
        return 0;
    }

    private static string UniqueName(string name, IReadOnlyList<string> taken)
    {
        var n = name;
        for (int i = 1; taken.Contains(n); i++)
            n = $"{name}-{i}";
        return n;
    }

    // virt-clone's generated path: the original's with the guest name swapped (or "-clone" added), unique on disk
    private static string ClonePath(string path, string newName, string originalName)
    {
        var dir = Path.GetDirectoryName(path)!;
        var file = Path.GetFileName(path);
        var ext = Path.GetExtension(file);
        var stem = Path.GetFileNameWithoutExtension(file);
        var baseName = stem.Contains(originalName, StringComparison.Ordinal) ? stem.Replace(originalName, newName) : stem + "-clone";
        var candidate = Path.Combine(dir, baseName + ext);
        for (int i = 1; File.Exists(candidate); i++)
            candidate = Path.Combine(dir, $"{baseName}-{i}{ext}");
        return candidate;
    }

    private async Task<StorageVolume> CloneVolumeAsync(Connection conn, string source, string target, bool nonsparse)
    {
        StorageVolume orig;
        try
        {
            orig = await conn.LookupStorageVolumeByPathAsync(source);
        }
        catch (LibvirtException)
        {
            throw new InstallException($"Disk '{source}' is not in a storage pool: cannot clone it through the storage API (define a pool for its directory)");
        }

        var pool = await orig.GetPoolAsync();
        var poolXml = XDocument.Parse(await pool.GetXmlDescAsync());
        var poolDir = poolXml.Root?.Element("target")?.Element("path")?.Value.TrimEnd('/');
        if (poolDir != Path.GetDirectoryName(target))
            throw new InstallException($"Clone path '{target}' is outside the pool '{pool.Name}' ({poolDir}) of '{source}'");
        var volXml = XDocument.Parse(await orig.GetXmlDescAsync());
        var format = (string?)volXml.Root?.Element("target")?.Element("format")?.Attribute("type") ?? "raw";
        var info = await orig.GetInfoAsync();
        var xml = new XElement("volume",
            new XElement("name", Path.GetFileName(target)),
            new XElement("capacity", info.Capacity),
            new XElement("allocation", nonsparse ? info.Capacity : 0),
            new XElement("target", new XElement("format", new XAttribute("type", format))));
        stdout.WriteLine($"Allocating '{Path.GetFileName(target)}'");
        return await pool.CreateVolumeXmlFromAsync(xml.ToString(), orig);
    }
}
