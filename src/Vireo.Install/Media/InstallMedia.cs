using Vireo.Install.Cli;
using Vireo.Install.Guest;

namespace Vireo.Install.Media;

/// <summary>What --location yields: the kernel boot of the install phase, and the ISO to keep attached (if any).</summary>
public sealed record PreparedMedia(KernelBoot Kernel, DiskPlan? Cdrom);

/// <summary>
/// --location: an install tree (local directory, ISO image, or http/https/ftp URL) in which the kernel and initrd are
/// found at the places distributions put them; they are copied into a boot directory the local daemon reads
/// (~/.cache/vireo-install/boot, as virt-install's ~/.cache/virt-manager/boot), --initrd-inject files appended
/// to the initrd as a cpio archive, and --extra-args become the kernel command line.
/// </summary>
public sealed class InstallMedia(TextWriter stdout)
{
    /// <summary>(kernel, initrd) relative paths tried in order: Fedora/RHEL, Debian, Ubuntu, SUSE, isolinux, a bare tree.</summary>
    public static readonly (string Kernel, string Initrd)[] KnownPaths =
    {
        ("images/pxeboot/vmlinuz", "images/pxeboot/initrd.img"),
        ("install.amd/vmlinuz", "install.amd/initrd.gz"),
        ("install/vmlinuz", "install/initrd.gz"),
        ("casper/vmlinuz", "casper/initrd"),
        ("boot/x86_64/loader/linux", "boot/x86_64/loader/initrd"),
        ("isolinux/vmlinuz", "isolinux/initrd.img"),
        ("vmlinuz", "initrd.img"),
    };

    public async Task<PreparedMedia> PrepareAsync(InstallOptions o, bool xmlOnly, Unattended.UnattendedResult? unattended = null)
    {
        var location = o.Location!;
        ITreeSource tree;
        DiskPlan? cdrom = null;
        if (location.StartsWith("http://", StringComparison.Ordinal) || location.StartsWith("https://", StringComparison.Ordinal)
                                                                         || location.StartsWith("ftp://", StringComparison.Ordinal))
        {
            tree = new HttpTree(location, stdout);
        }
        else if (Directory.Exists(location))
        {
            tree = new DirectoryTree(location);
        }
        else if (File.Exists(location))
        {
            try
            {
                tree = new IsoTree(location);
            }
            catch (InstallException)
            {
                // a file that is no ISO 9660 image: virt-install says the same as for an ISO without a kernel
                throw NotInstallable(location);
            }

            cdrom = new DiskPlan { Device = "cdrom", Path = Path.GetFullPath(location), Format = "raw", InstallMedia = true };
        }
        else
        {
            throw new InstallException($"Error validating install location: Validating install media '{location}' failed: No such file or directory");
        }

        using (tree)
        {
            (string Kernel, string Initrd)? found = null;
            foreach (var candidate in KnownPaths)
                if (await tree.ExistsAsync(candidate.Kernel) && await tree.ExistsAsync(candidate.Initrd))
                {
                    found = candidate;
                    break;
                }

            if (found == null)
                throw NotInstallable(location);

            var dir = BootDirectory();
            var stamp = Guid.NewGuid().ToString("N")[..8];
            var kernelPath = Path.Combine(dir, $"vireo-install-kernel-{stamp}");
            var initrdPath = Path.Combine(dir, $"vireo-install-initrd-{stamp}");
            // virt-install appends the unattended script's arguments after --extra-args
            var args = unattended?.Cmdline is { } extra ? (o.ExtraArgs != null ? o.ExtraArgs + " " + extra : extra) : o.ExtraArgs;
            var boot = new KernelBoot(kernelPath, initrdPath, args);
            if (!xmlOnly)
            {
                Directory.CreateDirectory(dir);
                try
                {
                    await tree.CopyToAsync(found.Value.Kernel, kernelPath);
                    await tree.CopyToAsync(found.Value.Initrd, initrdPath);
                    var injections = o.InitrdInject.Select(f => File.Exists(f)
                        ? (Path.GetFileName(f), File.ReadAllBytes(f))
                        : throw new InstallException($"--initrd-inject: file '{f}' does not exist")).ToList();
                    if (unattended != null)
                        injections.AddRange(unattended.Files);
                    if (injections.Count > 0)
                        InjectFiles(initrdPath, injections);
                }
                catch
                {
                    RemoveBootFiles(boot);
                    throw;
                }
            }

            return new PreparedMedia(boot, cdrom);
        }
    }

    private static InstallException NotInstallable(string location) =>
        new($"Error validating install location: Could not find an installable distribution at URL '{location}'\n\n" +
            "The location must be the root directory of an install tree.\nSee virt-install man page for various distro examples.");

    public static string BootDirectory()
    {
        var cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } x ? x
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(cache, "vireo-install", "boot");
    }

    /// <summary>Deletes the boot files <see cref="PrepareAsync"/> copied (missing ones are fine).</summary>
    public static void RemoveBootFiles(KernelBoot boot)
    {
        File.Delete(boot.Kernel);
        if (boot.Initrd != null)
            File.Delete(boot.Initrd);
    }

    private static void InjectFiles(string initrd, IReadOnlyList<(string, byte[])> entries)
    {
        using var s = new FileStream(initrd, FileMode.Append);
        // the kernel expects each concatenated archive to start 4-byte aligned
        while (s.Position % 4 != 0)
            s.WriteByte(0);
        CpioNewc.Write(s, entries);
    }
}
