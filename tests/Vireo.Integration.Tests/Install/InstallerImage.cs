using Vireo.Integration.Tests.Infrastructure;

namespace Vireo.Integration.Tests.Install;

/// <summary>
/// The test installer (tests/guest/build-installer.sh, cached per machine): installer.iso for --location, and tftp/
/// (pxelinux.0, ldlinux.c32, the installer's kernel and initrd) for PXE installs.
/// </summary>
internal static class InstallerImage
{
    private static readonly Lazy<string> Built = new(Build);

    public static string Dir => Built.Value;

    public static string Iso => Path.Combine(Dir, "installer.iso");

    public static string TftpFiles => Path.Combine(Dir, "tftp");

    /// <summary>A Kickstart-style file as the installer reads it (hostname and extra kernel arguments of the installed system).</summary>
    public static string Kickstart(string hostname, string append) =>
        "# vireo-install end-to-end test\nignoredisk --only-use=vda\nlang en_US.UTF-8\n" +
        $"network --hostname={hostname}\nbootloader --append=\"{append}\"\nreboot\n";

    private static string Build()
    {
        var r = ProcessRunner.Run("/bin/bash", [Path.Combine(RepoPaths.Root, "tests", "guest", "build-installer.sh")], timeout: TimeSpan.FromMinutes(15));
        // a broken installer build is a defect to report, not a missing host capability to skip over
        return r.Succeeded ? r.Stdout.Trim().Split('\n').Last().Trim()
            : throw new InvalidOperationException("tests/guest/build-installer.sh failed: " + r.Stderr);
    }
}
