using Vireo.Client.Api;
using Vireo.Install.Cli;
using Vireo.Install.Guest;
using Vireo.Install.Host;
using Vireo.Install.Identity;
using Vireo.Install.OsInfo;
using Vireo.Protocol.Errors;

namespace Vireo.Install.Install;

/// <summary>vireo-install's flow, as virt-install's: parse, check, build the XML, print it or create the guest.</summary>
public sealed class VirtInstall(TextWriter stdout, TextWriter stderr)
{
    public const string Usage = "usage: vireo-install --name NAME --memory MB STORAGE INSTALL [options]";

    public async Task<int> RunAsync(IReadOnlyList<string> argv)
    {
        InstallOptions o;
        try
        {
            o = InstallOptions.FromArgs(new ArgParser(InstallArgs.Specs).Parse(argv));
        }
        catch (ArgParseException e)
        {
            stderr.WriteLine(Usage);
            stderr.WriteLine("vireo-install: error: " + e.Message);
            return 2;
        }
        catch (InstallException e)
        {
            return Fail(e.Message);
        }

        try
        {
            return await RunAsync(o);
        }
        catch (InstallException e)
        {
            return Fail(e.Message);
        }
        catch (LibvirtException e)
        {
            return Fail(e.Message);
        }
    }

    private int Fail(string message)
    {
        stderr.WriteLine("ERROR    " + message);
        return 1;
    }

    private async Task<int> RunAsync(InstallOptions o)
    {
        if (o.Help)
        {
            stdout.WriteLine(Usage);
            stdout.WriteLine("Create a new virtual machine from installation media (virt-install compatible); see docs/vireo-install.md");
            return 0;
        }

        if (o.Version)
        {
            stdout.WriteLine("4.1.0");
            return 0;
        }

        if (o.OsVariant == "list")
        {
            foreach (var entry in OsInfoDatabase.Default.ListSorted())
                stdout.WriteLine(string.Join(", ", entry.ShortIds.Distinct().Order(StringComparer.Ordinal)));
            stdout.WriteLine();
            stdout.WriteLine("You can see additional information with:\n\n  osinfo-query os\n");
            return 0;
        }

        if (o.PrintUuid && o.PrintMac == null)
        {
            stdout.WriteLine(Guid.NewGuid().ToString());
            return 0;
        }

        await using var conn = await Connection.OpenAsync(ConnectUri(o));
        var facts = await ConnectionFacts.GatherAsync(conn);
        if (o.PrintMac != null)
            return PrintMac(o, facts);

        ValidateRequired(o);
        if (facts.DomainNames.Contains(o.Name!))
            throw new InstallException($"Guest name '{o.Name}' is already in use.");
        var os = ResolveOs(o);

        var guest0 = facts.Caps.Pick(o.Paravirt ? "xen" : "hvm", o.Arch, o.VirtType ?? (facts.IsQemu ? null : facts.Driver));
        if (guest0 != null)
            await facts.LoadDomainCapsAsync(conn, guest0.Emulator, guest0.Arch, o.Machine,
                o.VirtType ?? (guest0.DomainTypes.Contains("kvm") ? "kvm" : guest0.DomainTypes.FirstOrDefault() ?? "qemu"));
        ApplyOsDefaults(o, os, guest0?.Arch ?? "x86_64");

        bool xmlOnly = o.PrintXml != null || o.DryRun;
        var resolver = new DiskResolver(conn, facts.IsQemu);
        var disks = new List<DiskPlan>();
        foreach (var d in o.Disks)
            if (await resolver.ResolveAsync(d, o.Name!) is { } diskPlan)
                disks.Add(diskPlan);
        if (o.Cdrom != null)
            disks.Add(resolver.ResolveCdrom(o.Cdrom));
        var unattended = o.Unattended != null ? PrepareUnattended(o, os, guest0?.Arch ?? "x86_64", facts) : null;
        var media = o.Location != null ? await new Media.InstallMedia(stdout).PrepareAsync(o, xmlOnly, unattended) : null;
        try
        {
            return await BuildAndCreateAsync(conn, o, facts, os, disks, media, unattended, xmlOnly);
        }
        finally
        {
            // as virt-install: the fetched kernel/initrd are read by QEMU when the install boot starts; after that
            // (or after a failure) they are only clutter in the cache
            if (media != null && !xmlOnly)
                Media.InstallMedia.RemoveBootFiles(media.Kernel);
        }
    }

    private async Task<int> BuildAndCreateAsync(Connection conn, InstallOptions o, ConnectionFacts facts, OsVariant os,
        List<DiskPlan> disks, Media.PreparedMedia? media, Unattended.UnattendedResult? unattended, bool xmlOnly)
    {
        if (unattended != null && o.Location == null)
            disks.Add(Media.UnattendedCdrom.Plan(unattended, xmlOnly));
        if (media?.Cdrom != null)
            disks.Add(media.Cdrom);
        if (o.CloudInit != null)
            disks.Add(Media.CloudInitSeed.Plan(o, xmlOnly));

        var plan = GuestBuilder.Build(o, facts, os, disks, media?.Kernel);
        await InstallChecks.RunAsync(conn, o, plan, stderr);
        if (o.PrintXml == null && !o.Quiet)
            Warnings(o, plan);

        var installXml = plan.HasInstallPhase ? DomainXmlWriter.Install(plan) : null;
        var finalXml = DomainXmlWriter.Final(plan);
        if (o.PrintXml != null)
            return PrintXml(o.PrintXml, installXml, finalXml);
        if (o.DryRun)
        {
            stdout.WriteLine("Dry run completed successfully");
            return 0;
        }

        await new GuestCreator(conn, stdout).CreateAsync(o, plan, installXml, finalXml);
        return 0;
    }

    // --location: the script goes into the initrd and its kernel arguments onto the command line; --cdrom: onto a CD-ROM
    private Unattended.UnattendedResult PrepareUnattended(InstallOptions o, OsVariant os, string arch, ConnectionFacts facts)
    {
        if (o.Location == null && o.Cdrom == null)
            throw new InstallException("--unattended requires install media: --location or --cdrom");
        if (o.Location == null && !os.IsWindows)
            stderr.WriteLine("WARNING  Attempting unattended method=cdrom injection for a non-windows OS. If this doesn't work, try passing install media to --location");
        bool network = o.Location != null && (o.Location.StartsWith("http://", StringComparison.Ordinal)
                                              || o.Location.StartsWith("https://", StringComparison.Ordinal) || o.Location.StartsWith("ftp://", StringComparison.Ordinal));
        return Unattended.UnattendedInstall.Prepare(Unattended.UnattendedOptions.Parse(o.Unattended!), os, o.Name!, arch,
            facts.IsQemu && os.SupportsVirtioDisk, o.Location != null ? "initrd" : "cdrom", network ? o.Location : null, stderr);
    }

    private static string ConnectUri(InstallOptions o)
    {
        if (o.Connect != null)
            return o.Connect;
        foreach (var env in new[] { "VIREO_DEFAULT_URI", "LIBVIRT_DEFAULT_URI" })
            if (Environment.GetEnvironmentVariable(env) is { Length: > 0 } v)
                return v;
        return "qemu:///system";
    }

    private int PrintMac(InstallOptions o, ConnectionFacts facts)
    {
        bool qemu = o.PrintMac switch
        {
            "qemu" or "kvm" or "1" or "" => true,
            "xen" => false,
            _ => throw new InstallException($"--print-mac: unknown hypervisor '{o.PrintMac}' (qemu or xen)"),
        };
        stdout.WriteLine(MacGenerator.Generate(qemu, facts.MacsInUse));
        if (o.PrintUuid)
            stdout.WriteLine(Guid.NewGuid().ToString());
        return 0;
    }

    private static void ValidateRequired(InstallOptions o)
    {
        if (string.IsNullOrEmpty(o.Name))
            throw new InstallException("--name is required");
        var msg = "";
        if (o.MemoryMiB == null && o.OsVariant == null)
            msg += "\n--memory amount in MiB is required";
        if (o.Disks.Count == 0 && !o.NoDisks && o.OsVariant == null)
            msg += "\n--disk storage must be specified (override with --disk none)";
        if (!o.HasInstallMethod)
            msg += "\nAn install method must be specified\n(--location URL, --cdrom CD/ISO, --pxe, --import, --boot hd|cdrom|...)";
        if (msg.Length > 0)
            throw new InstallException(msg);
    }

    private static OsVariant ResolveOs(InstallOptions o)
    {
        var db = OsInfoDatabase.Default;
        if (o.OsVariant != null)
        {
            var name = o.OsVariant.StartsWith("name=", StringComparison.Ordinal) ? o.OsVariant[5..]
                : o.OsVariant.StartsWith("short-id=", StringComparison.Ordinal) ? o.OsVariant[9..] : o.OsVariant;
            if (name.StartsWith("id=", StringComparison.Ordinal) || name.StartsWith("http", StringComparison.Ordinal))
                return db.ById(name.StartsWith("id=", StringComparison.Ordinal) ? name[3..] : name)
                       ?? throw new InstallException($"Unknown libosinfo ID '{name}'");
            if (name is "detect=on,require=off" or "detect=on")
                return db.ById(OsInfoDatabase.GenericId)!;
            if (db.Lookup(name) is { } os)
                return os;
            var close = db.Suggest(name);
            throw new InstallException($"Unknown OS name '{name}'. See `--osinfo list` for valid values."
                                       + (close.Count > 0 ? " Close names: " + string.Join(", ", close) : ""));
        }

        if (Environment.GetEnvironmentVariable("VIRTINSTALL_OSINFO_DISABLE_REQUIRE") != "1" && !o.Paravirt)
            throw new InstallException(
                "\n--os-variant/--osinfo OS name is required, but no value was\nset or detected.\n\n" +
                "This is now a fatal error. Specifying an OS name is required\nfor modern, performant, and secure virtual machine defaults.\n\n" +
                "If you expected virt-install to detect an OS name from the\ninstall media, you can set a fallback OS name with:\n\n" +
                "  --osinfo detect=on,name=OSNAME\n\nYou can see a full list of possible OS name values with:\n\n   virt-install --osinfo list\n\n" +
                "If your Linux distro is not listed, try one of generic values\nsuch as: linux2022, linux2020, linux2018, linux2016\n\n" +
                "If you just need to get the old behavior back, you can use:\n\n  --osinfo detect=on,require=off\n\n" +
                "Or export VIRTINSTALL_OSINFO_DISABLE_REQUIRE=1\n");
        return db.ById(OsInfoDatabase.GenericId)!;
    }

    // virt-install fills what is not given from osinfo's recommended resources (and says so)
    private void ApplyOsDefaults(InstallOptions o, OsVariant os, string arch)
    {
        if (o.MemoryMiB == null)
        {
            var ram = os.RecommendedRam(arch);
            if (ram <= 0)
                throw new InstallException("\n--memory amount in MiB is required");
            o.MemoryMiB = ram / (1024 * 1024);
            if (!o.Quiet && o.PrintXml == null)
                stdout.WriteLine($"Using {os.ShortId} default --memory {o.MemoryMiB}");
        }

        if (o.Disks.Count == 0 && !o.NoDisks)
        {
            var storage = os.RecommendedStorage(arch);
            if (storage <= 0)
                throw new InstallException("\n--disk storage must be specified (override with --disk none)");
            var text = $"size={storage / (1024L * 1024 * 1024)}";
            if (!o.Quiet && o.PrintXml == null)
                stdout.WriteLine($"Using {os.ShortId} default --disk {text}");
            o.Disks.Add(SubOptions.Parse("--disk", text, "path"));
        }
    }

    private void Warnings(InstallOptions o, GuestPlan plan)
    {
        var minRam = plan.Os.MinimumRam(plan.Arch);
        if (minRam > 0 && plan.MemoryKiB * 1024 < minRam)
            stderr.WriteLine($"WARNING  Requested memory {plan.MemoryKiB / 1024} MiB is less than the recommended {minRam / (1024 * 1024)} MiB for OS {plan.Os.ShortId}");
        else if (minRam == 0 && plan.MemoryKiB / 1024 < 17)
            stderr.WriteLine($"WARNING  Requested memory {plan.MemoryKiB / 1024} MiB is abnormally low. Were you trying to specify GiB?");
        if (o.Pxe && plan.Nics.Count == 0)
            stderr.WriteLine("WARNING  The guest's network configuration may not support PXE");
        if (plan.Os.IsGeneric && plan.OsType == "hvm")
            stderr.WriteLine($"WARNING  Using --osinfo generic, VM performance may suffer. Specify an accurate OS for optimal results.");
    }

    private int PrintXml(string step, string? installXml, string finalXml)
    {
        var start = installXml ?? finalXml;
        var final = installXml != null ? finalXml : null;
        switch (step)
        {
            case "1":
                stdout.WriteLine(start); // virt-install print()s the XML, which ends in a newline already
                return 0;
            case "2":
                if (final == null)
                    throw new InstallException("Requested installation does not have XML step 2");
                stdout.WriteLine(final);
                return 0;
            case "all":
                stdout.Write(start);
                stdout.WriteLine(final ?? "");
                return 0;
            default:
                throw new InstallException($"Unknown XML step request '{step}', must be 1, 2, or all");
        }
    }
}
