using System.Xml.Linq;
using Vireo.Client.Api;
using Vireo.Install.Cli;
using Vireo.Install.Host;
using Vireo.Install.Identity;
using Vireo.Protocol.Errors;

namespace Vireo.Install.Clone;

/// <summary>
/// vireo-clone, as virt-clone 4.1: a new domain from a shut-off one (any other state is refused before anything is
/// made, --preserve-data or not; --original-xml is taken as given) with a new name, UUID and MACs, its
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
        // virt-clone's order of checks: the disk choice, the original, its state, then the new name
        if (!a.Has("auto-clone") && !a.Has("file"))
            throw new InstallException("Either --auto-clone or --file is required, use '--auto-clone or --file' and try again.");
        if (!a.Has("original") && !a.Has("original-xml"))
            throw new InstallException("An original machine name is required, use '--original src_name' and try again.");
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
            await GuestCloner.EnsureShutOffAsync(orig);
            xml = XDocument.Parse(await orig.GetXmlDescAsync(DomainXmlFlags.Inactive | DomainXmlFlags.Secure));
            originalName = orig.Name;
        }

        if (!a.Has("name") && !a.Has("auto-clone"))
            throw new InstallException("A name is required for the new virtual machine, use '--name NEW_VM_NAME' to specify one.");
        var newName = a.Last("name") ?? GuestCloner.UniqueName(originalName + "-clone", facts.DomainNames);
        var files = a.All("file");
        bool preserve = a.Has("preserve-data");
        var plan = GuestCloner.Plan(xml, newName, facts, a.All("mac"), (fi, disk) =>
        {
            if (!File.Exists(disk.Source) && !Directory.Exists(disk.Source))
                throw new InstallException($"Could not determine original disk information: Disk path '{disk.Source}' does not exist.");
            string target = fi < files.Count ? Path.GetFullPath(files[fi]) : a.Has("auto-clone") ? GuestCloner.ClonePath(disk.Source, newName, originalName)
                : throw new InstallException($"Need to clone disk '{disk.Source}': give its new path with --file, or pass --auto-clone");
            if (preserve && !File.Exists(target))
                throw new InstallException($"--preserve-data: '{target}' does not exist");
            return new CloneDiskChoice(preserve ? CloneDiskMode.Preserve : CloneDiskMode.Copy, target);
        }, a.Has("replace"));

        if (a.Has("print-xml"))
        {
            stdout.WriteLine(plan.Xml); // virt-clone print()s XML that already ends in a newline
            return 0;
        }

        await GuestCloner.ExecuteAsync(conn, plan, a.Has("nonsparse"), stdout);

        if (!a.Has("quiet"))
            stdout.WriteLine($"\nClone '{newName}' created successfully.");
        return 0;
    }
}
