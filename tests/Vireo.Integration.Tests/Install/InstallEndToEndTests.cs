using System.Xml.Linq;
using Vireo.Integration.Tests.Fixtures;
using Vireo.Integration.Tests.Infrastructure;
using Vireo.Integration.Tests.Network;
using Xunit.Abstractions;

namespace Vireo.Integration.Tests.Install;

/// <summary>
/// The guide's automated installs end to end, all local, on vireod's QEMU driver (TCG): the test installer of
/// tests/guest/build-installer.sh (booted from an ISO's kernel/initrd or over PXE) reads a Kickstart-style file,
/// partitions and formats the guest's new virtio disk, copies a small system onto it, installs extlinux, and
/// reboots; vireo-install --wait sees the install boot end and starts the guest again from its stored definition,
/// which boots the installed system from the disk. Its marker carries the hostname the Kickstart file gave.
/// One install per test (each is two TCG boots); both share the cached installer build.
/// </summary>
[Trait("Category", "Integration")]
public sealed class InstallEndToEndTests : IClassFixture<VireodFixture>
{
    private static readonly TimeSpan InstallLimit = TimeSpan.FromMinutes(6);
    private readonly VireodFixture _vireod;
    private readonly ITestOutputHelper _output;

    public InstallEndToEndTests(VireodFixture vireod, ITestOutputHelper output)
    {
        _vireod = vireod;
        _output = output;
    }

    /// <summary>--location of the installer ISO, the Kickstart file put into its initrd with --initrd-inject (ks=file:/ks.cfg).</summary>
    [Fact]
    public async Task LocationIsoWithInjectedKickstartInstallsASystemThatBootsFromTheDisk()
    {
        if (Qemu.QemuGuest.SkipReason is { } why)
        {
            _output.WriteLine("skipped: " + why);
            return;
        }

        var dir = Path.Combine(_vireod.WorkDir, "e2e-iso");
        Directory.CreateDirectory(dir);
        var ks = Path.Combine(dir, "ks.cfg");
        File.WriteAllText(ks, InstallerImage.Kickstart("iso-installed", "vireo.installed-by=location"));
        var serial = Path.Combine(dir, "serial.log");
        var cache = Path.Combine(dir, "cache");
        var env = new Dictionary<string, string?> { ["VIRTINSTALL_OSINFO_DISABLE_REQUIRE"] = "1", ["XDG_CACHE_HOME"] = cache };
        var install = ProcessRunner.RunAsync(RepoPaths.Program("vireo-install"),
        [
            "--connect", _vireod.QemuUri, "--name", "e2e-iso", "--memory", "256", "--virt-type", "qemu", "--os-variant", "linux2020",
            "--disk", "size=0.05", "--location", InstallerImage.Iso, "--initrd-inject", ks,
            "--extra-args", "console=ttyS0 ks=file:/ks.cfg", "--graphics", "none", "--nonetworks",
            "--serial", "file,path=" + serial, "--noautoconsole", "--wait", "8",
        ], environment: env, timeout: InstallLimit + TimeSpan.FromMinutes(1));
        var transcript = new SerialTranscript(serial);
        try
        {
            // the install boot: direct kernel boot of the ISO's installer, with the Kickstart file in its initrd
            transcript.WaitFor("^VIREO-INSTALLER started", InstallLimit, () => Describe(install), () => Failed(install));
            var live = ProcessRunner.Virsh(_vireod.QemuUri, "dumpxml", "e2e-iso").EnsureSuccess().Stdout;
            Assert.Contains("<cmdline>console=ttyS0 ks=file:/ks.cfg</cmdline>", live);
            Assert.Contains("<on_reboot>destroy</on_reboot>", live);

            var marker = transcript.WaitFor("^VIREO-INSTALLED-SYSTEM (.*)$", InstallLimit, () => Describe(install), () => Failed(install)).Groups[1].Value;
            _output.WriteLine(transcript.Text);
            var r = await install;
            Assert.True(r.Succeeded, r.ToString());
            AssertInstalled(transcript, marker, r, "iso-installed", "vireo.installed-by=location", "file:/ks.cfg");

            // the fetched kernel/initrd are gone from the cache once the install boot has them, as with virt-install
            Assert.Empty(Directory.GetFiles(Path.Combine(cache, "vireo-install", "boot")));
            var stored = ProcessRunner.Virsh(_vireod.QemuUri, "dumpxml", "--inactive", "e2e-iso").EnsureSuccess().Stdout;
            Assert.DoesNotContain("<kernel>", stored);
            Assert.Contains("<boot dev='hd'/>", stored);

            AssertCloneOfRunningGuestRefused(dir);
        }
        finally
        {
            ProcessRunner.Virsh(_vireod.QemuUri, "destroy", "e2e-iso");
        }

        AssertDisk(Path.Combine(_vireod.Root, "lib", "images", "e2e-iso.qcow2"), dir, "vireo.installed-by=location");
        AssertShutOffCloneBootsFromItsOwnDisk(dir);
    }

    /// <summary>
    /// virt-clone 4.1 clones only a shut-off guest, --preserve-data or not: the real tool and vireo-clone, run the same
    /// way against the running guest, fail with the same words, and no domain or volume appears.
    /// </summary>
    private void AssertCloneOfRunningGuestRefused(string dir)
    {
        var env = new Dictionary<string, string?>(ProcessRunner.LibvirtClientEnvironment)
        {
            ["HOME"] = dir, ["XDG_CACHE_HOME"] = Path.Combine(dir, "cache"), ["LC_ALL"] = "C",
        };
        var images = Path.Combine(_vireod.Root, "lib", "images");
        var domainsBefore = ProcessRunner.Virsh(_vireod.QemuUri, "list", "--all", "--name").EnsureSuccess().Stdout;
        var filesBefore = Directory.GetFiles(images).Order().ToList();
        var existing = Path.Combine(images, "e2e-iso.qcow2");
        foreach (var args in new[]
        {
            new[] { "--connect", _vireod.QemuUri, "--original", "e2e-iso", "--auto-clone" },
            new[] { "--connect", _vireod.QemuUri, "--original", "e2e-iso", "--name", "e2e-keep", "--file", existing, "--preserve-data" },
        })
        {
            var real = ProcessRunner.Run("virt-clone", args, environment: env, timeout: TimeSpan.FromMinutes(2));
            var ours = ProcessRunner.Run(RepoPaths.Program("vireo-clone"), args, environment: env, timeout: TimeSpan.FromMinutes(2));
            _output.WriteLine($"virt-clone: {real}\nvireo-clone: {ours}");
            Assert.Equal(1, real.ExitCode);
            Assert.Equal(real.ExitCode, ours.ExitCode);
            Assert.Contains("Domain to clone must be shutoff.", real.Stderr);
            Assert.Equal(real.Stderr, ours.Stderr);
            Assert.Equal(real.Stdout, ours.Stdout);
        }
        Assert.Equal(domainsBefore, ProcessRunner.Virsh(_vireod.QemuUri, "list", "--all", "--name").EnsureSuccess().Stdout);
        Assert.Equal(filesBefore, Directory.GetFiles(images).Order().ToList());
    }

    /// <summary>
    /// Shut off, the installed guest clones: the twin gets a new UUID and MAC and its own copy of the disk, and boots
    /// the installed system from that copy (one more TCG boot, its serial console in a file of its own).
    /// </summary>
    private void AssertShutOffCloneBootsFromItsOwnDisk(string dir)
    {
        var uri = _vireod.QemuUri;
        // give the original a NIC first, so there is a MAC for the clone to replace (it was installed with --nonetworks)
        var orig = XDocument.Parse(ProcessRunner.Virsh(uri, "dumpxml", "--inactive", "e2e-iso").EnsureSuccess().Stdout);
        orig.Root!.Element("devices")!.Add(new XElement("interface", new XAttribute("type", "user"),
            new XElement("mac", new XAttribute("address", "52:54:00:e2:15:01")), new XElement("model", new XAttribute("type", "virtio"))));
        var origFile = Path.Combine(dir, "e2e-iso.xml");
        File.WriteAllText(origFile, orig.ToString());
        ProcessRunner.Virsh(uri, "define", origFile).EnsureSuccess();

        var clone = ProcessRunner.Run(RepoPaths.Program("vireo-clone"),
            ["--connect", uri, "--original", "e2e-iso", "--name", "e2e-twin", "--auto-clone"], timeout: TimeSpan.FromMinutes(3));
        Assert.True(clone.Succeeded, clone.ToString());
        Assert.Contains("Clone 'e2e-twin' created successfully.", clone.Stdout);

        var origDisk = Path.Combine(_vireod.Root, "lib", "images", "e2e-iso.qcow2");
        var twinDisk = Path.Combine(_vireod.Root, "lib", "images", "e2e-twin.qcow2");
        var twinXml = ProcessRunner.Virsh(uri, "dumpxml", "--inactive", "e2e-twin").EnsureSuccess().Stdout;
        var twin = XDocument.Parse(twinXml);
        orig = XDocument.Parse(ProcessRunner.Virsh(uri, "dumpxml", "--inactive", "e2e-iso").EnsureSuccess().Stdout);
        Assert.NotEqual(orig.Root!.Element("uuid")!.Value, twin.Root!.Element("uuid")!.Value);
        var origMac = (string?)orig.Descendants("interface").Single().Element("mac")?.Attribute("address");
        var twinMac = (string?)twin.Descendants("interface").Single().Element("mac")?.Attribute("address");
        Assert.Equal("52:54:00:e2:15:01", origMac);
        Assert.Matches("(?i)^52:54:00(:[0-9a-f]{2}){3}$", twinMac);
        Assert.NotEqual(origMac, twinMac);
        // its own disk: a second file (not a link to the first) holding the same data, and the only disk it uses
        var sources = twin.Descendants("disk").Select(d => (string?)d.Element("source")?.Attribute("file")).OfType<string>().ToList();
        Assert.Equal([twinDisk], sources);
        Assert.NotEqual(Inode(origDisk), Inode(twinDisk));
        ProcessRunner.Run("qemu-img", ["compare", origDisk, twinDisk]).EnsureSuccess();

        // the twin's serial console goes to a file of its own (the clone kept the original's path)
        var oldSerial = Path.Combine(dir, "serial.log");
        var twinSerial = Path.Combine(dir, "twin-serial.log");
        Assert.Contains(oldSerial, twinXml);
        var twinFile = Path.Combine(dir, "e2e-twin.xml");
        File.WriteAllText(twinFile, twinXml.Replace(oldSerial, twinSerial, StringComparison.Ordinal));
        ProcessRunner.Virsh(uri, "define", twinFile).EnsureSuccess();
        try
        {
            ProcessRunner.Virsh(uri, "start", "e2e-twin").EnsureSuccess();
            var transcript = new SerialTranscript(twinSerial);
            var marker = transcript.WaitFor("^VIREO-INSTALLED-SYSTEM (.*)$", InstallLimit, () => "e2e-twin: " + ProcessRunner.Virsh(uri, "domstate", "e2e-twin"))
                .Groups[1].Value;
            _output.WriteLine(transcript.Text);
            Assert.StartsWith("hostname=iso-installed cmdline=BOOT_IMAGE=vmlinuz ", marker);
            Assert.Contains("vireo.installed-by=location", marker);
            Assert.DoesNotContain("VIREO-INSTALLER", transcript.Text); // no installer ran: the system came off the copied disk
            var live = ProcessRunner.Virsh(uri, "domblklist", "e2e-twin").EnsureSuccess().Stdout;
            Assert.Contains(twinDisk, live);
            Assert.DoesNotContain(origDisk, live);
            Assert.Equal("shut off", ProcessRunner.Virsh(uri, "domstate", "e2e-iso").Stdout.Trim());
        }
        finally
        {
            ProcessRunner.Virsh(uri, "destroy", "e2e-twin");
        }
    }

    private static (ulong Device, ulong Inode) Inode(string path)
    {
        var r = ProcessRunner.Run("stat", ["-L", "-c", "%d %i", path]).EnsureSuccess().Stdout.Split(' ', StringSplitOptions.TrimEntries);
        return (ulong.Parse(r[0]), ulong.Parse(r[1]));
    }

    /// <summary>
    /// --pxe on a vireod network whose dnsmasq serves pxelinux over TFTP: pxelinux loads the installer, which takes
    /// its Kickstart file from the same TFTP server (ks=tftp://…), as a PXE install server does.
    /// </summary>
    [NetnsVireodFact]
    public async Task PxeInstallFromTheNetworksTftpServerInstallsASystemThatBootsFromTheDisk()
    {
        using var d = new NetnsVireod();
        var files = Directory.GetFiles(InstallerImage.TftpFiles).ToDictionary(f => Path.GetFileName(f), f => f);
        d.CreatePxeNetwork("pxe", "virbr8", "192.168.161", "pxelinux.0", files, new Dictionary<string, string>
        {
            ["ks.cfg"] = InstallerImage.Kickstart("pxe-installed", "vireo.installed-by=pxe"),
            ["pxelinux.cfg/default"] = "DEFAULT install\nPROMPT 0\nTIMEOUT 0\nLABEL install\n  KERNEL vmlinuz\n  APPEND initrd=initrd.img console=ttyS0 ks=tftp://192.168.161.1/ks.cfg\n",
        });

        var serial = Path.Combine(d.Root, "pxe-install.log");
        var env = new Dictionary<string, string?>(ProcessRunner.LibvirtClientEnvironment) { ["VIRTINSTALL_OSINFO_DISABLE_REQUIRE"] = "1" };
        var install = ProcessRunner.RunAsync(RepoPaths.Program("vireo-install"),
        [
            "--connect", d.Uri, "--name", "e2e-pxe", "--memory", "256", "--virt-type", "qemu", "--os-variant", "linux2020",
            "--disk", "size=0.05", "--pxe", "--network", "network=pxe,mac=52:54:00:5e:03:01", "--graphics", "none",
            "--serial", "file,path=" + serial, "--noautoconsole", "--wait", "8",
        ], environment: env, timeout: InstallLimit + TimeSpan.FromMinutes(1));
        var transcript = new SerialTranscript(serial);
        try
        {
            transcript.WaitFor("^VIREO-INSTALLER kickstart tftp://", InstallLimit, () => Describe(install) + d.Describe(), () => Failed(install));
            Assert.Contains("52:54:00:5e:03:01", d.Virsh("net-dhcp-leases", "pxe").Stdout);
            var live = d.Virsh("dumpxml", "e2e-pxe").Stdout;
            Assert.Contains("<boot dev='network'/>", live);
            Assert.DoesNotContain("<kernel>", live); // the installer's kernel came over TFTP

            var marker = transcript.WaitFor("^VIREO-INSTALLED-SYSTEM (.*)$", InstallLimit, () => Describe(install) + d.Describe(), () => Failed(install)).Groups[1].Value;
            _output.WriteLine(transcript.Text);
            var r = await install;
            Assert.True(r.Succeeded, r.ToString());
            AssertInstalled(transcript, marker, r, "pxe-installed", "vireo.installed-by=pxe", "tftp://192.168.161.1/ks.cfg");
            var stored = d.Virsh("dumpxml", "--inactive", "e2e-pxe").Stdout;
            Assert.Contains("<boot dev='hd'/>", stored);
            Assert.DoesNotContain("<boot dev='network'/>", stored);
        }
        finally
        {
            d.Virsh("destroy", "e2e-pxe");
        }

        AssertDisk(Path.Combine(d.Root, "lib", "images", "e2e-pxe.qcow2"), d.Root, "vireo.installed-by=pxe");
    }

    /// <summary>The installed system's marker line, and the install as the serial console and vireo-install told it.</summary>
    private static void AssertInstalled(SerialTranscript transcript, string marker, ProcessResult install, string hostname, string append, string ks)
    {
        // the Kickstart file's hostname went into the installed system; extlinux (BOOT_IMAGE=) booted it with its --append
        Assert.StartsWith($"hostname={hostname} cmdline=BOOT_IMAGE=vmlinuz ", marker);
        Assert.Contains(append, marker);
        transcript.WaitFor("^VIREO-INSTALLED-COUNTER 2", TimeSpan.FromMinutes(1), () => "");
        var text = transcript.Text;
        Assert.Contains("VIREO-INSTALLER kickstart " + ks, text);
        Assert.Contains("VIREO-INSTALLER partitioned and formatted /dev/vda1", text);
        Assert.DoesNotContain("VIREO-INSTALLER FAILED", text);
        Assert.Contains("Restarting guest.", install.Stdout);
        Assert.Contains("Domain creation completed.", install.Stdout);
    }

    private static void AssertDisk(string volume, string scratch, string append)
    {
        var disk = InstalledDisk.Read(volume, scratch);
        Assert.True(disk.HasBootSignature, "no MBR boot signature");
        Assert.Equal(((byte)0x80, (byte)0x83, 2048u), disk.FirstPartition); // active Linux partition from sector 2048
        foreach (var f in new[] { "vmlinuz", "initrd.img", "extlinux.conf", "ldlinux.sys", "ldlinux.c32" })
            Assert.Contains(" " + f, disk.BootListing);
        Assert.Contains("APPEND initrd=initrd.img console=ttyS0 " + append, disk.ExtlinuxConf);
    }

    private static bool Failed(Task<ProcessResult> install) => install.IsCompleted && !install.Result.Succeeded;

    private static string Describe(Task<ProcessResult> install) =>
        install.IsCompleted ? "vireo-install ended: " + install.Result : "vireo-install still waiting";
}
