using System.Text.RegularExpressions;
using Vireo.Integration.Tests.Fixtures;
using Vireo.Integration.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Vireo.Integration.Tests.Install;

/// <summary>
/// The guide's virt-install command lines (Examples 2.1–2.3, chapter 3), paths under a temp root, through the real
/// virt-install 4.1 and through out/bin/vireo-install, both against vireod (test driver, then qemu driver):
/// the --print-xml output must be the same once UUIDs and MACs (random by design) are masked. Then guests are
/// really created through vireod (volumes in its default pool, definitions) and cloned with vireo-clone.
/// </summary>
[Trait("Category", "Integration")]
public sealed partial class VirtInstallCompatTests : IClassFixture<VireodFixture>
{
    private static readonly Dictionary<string, string?> Env = new() { ["VIRTINSTALL_OSINFO_DISABLE_REQUIRE"] = "1", ["HOME"] = Path.GetTempPath() };
    private readonly VireodFixture _vireod;
    private readonly ITestOutputHelper _output;
    private readonly string _dir;

    public VirtInstallCompatTests(VireodFixture vireod, ITestOutputHelper output)
    {
        _vireod = vireod;
        _output = output;
        _dir = Path.Combine(vireod.WorkDir, "install");
        Directory.CreateDirectory(_dir);
        File.WriteAllBytes(Path.Combine(_dir, "Fedora11.iso"), new byte[1 << 20]);
    }

    /// <summary>The guide's lines; "$D" is the temp directory.</summary>
    public static TheoryData<string, string> GuideCommands => new()
    {
        { "test", "--accelerate --hvm --network network:default --name rhel3support --ram=756 --file=$D/rhel3support.img --file-size=6 --vnc --cdrom=$D/Fedora11.iso" },
        { "test", "--name Fedora11 --ram 512 --file=$D/Fedora11.img --file-size=3 --vnc --cdrom=$D/Fedora11.iso" },
        { "test", "--accelerate --hvm --network=bridge:installation --pxe --name EL10 --ram=756 --vcpus=4 --os-type=linux --os-variant=rhel5.0 --file=$D/EL10.img --file-size=1" },
        { "test", "--hvm -s 5 -f $D/windows2003spi1.dsk -n windows2003sp1 -c $D/Fedora11.iso --vnc -r 1024" },
        { "test", "--name f37 --memory 1024 --disk $D/f37.img,size=2 --import --os-variant fedora37" },
        { "qemu", "--name Fedora11 --ram 512 --file=$D/Fedora11.img --file-size=3 --vnc --cdrom=$D/Fedora11.iso" },
        { "qemu", "--accelerate --hvm --network=bridge:installation --pxe --name EL10 --ram=756 --vcpus=4 --os-variant=rhel5.0 --file=$D/EL10.img --file-size=1" },
        { "qemu", "--name deb --memory 512 --disk $D/deb.img,size=1 --import --os-variant debian11 --graphics none --virt-type qemu" },
        { "qemu", "--name f37 --disk $D/f37.img,size=2 --cdrom $D/Fedora11.iso --os-variant fedora37" },
    };

    [Theory]
    [MemberData(nameof(GuideCommands))]
    public void PrintXmlMatchesRealVirtInstall(string driver, string commandLine)
    {
        var uri = driver == "test" ? _vireod.TestUri : _vireod.QemuUri;
        var args = new List<string> { "--connect", uri };
        args.AddRange(commandLine.Replace("$D", _dir).Split(' '));
        args.Add("--print-xml");
        args.Add("--dry-run"); // without it virt-install creates the storage even when only printing
        var real = ProcessRunner.Run("virt-install", args, environment: Env, timeout: TimeSpan.FromSeconds(120));
        var ours = ProcessRunner.Run(RepoPaths.Program("vireo-install"), args, environment: Env, timeout: TimeSpan.FromSeconds(60));
        _output.WriteLine(real.CommandLine);
        Assert.True(real.Succeeded, real.ToString());
        Assert.True(ours.Succeeded, ours.ToString());
        var expected = Normalize(real.Stdout);
        var actual = Normalize(ours.Stdout);
        if (expected != actual)
            _output.WriteLine(TextDiff.Unified(expected, actual));
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void OsinfoListIsVirtInstallsList()
    {
        var real = ProcessRunner.Run("virt-install", new[] { "--osinfo", "list" }, environment: Env).EnsureSuccess().Stdout;
        var ours = Ours("--osinfo", "list").EnsureSuccess().Stdout;
        Assert.True(real.Split('\n').Length > 100, real);
        Assert.Equal(real, ours);
    }

    [Fact]
    public void UnknownOsVariantAndTakenNameAreClearErrors()
    {
        var bad = Ours("--connect", _vireod.TestUri, "--name", "x", "--memory", "64", "--disk", "none", "--import", "--os-variant", "fedora999", "--print-xml");
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("Unknown OS name 'fedora999'", bad.Stderr);
        Assert.Contains("fedora", bad.Stderr[bad.Stderr.IndexOf("Close names", StringComparison.Ordinal)..]);
        var taken = Ours("--connect", _vireod.TestUri, "--name", "test", "--memory", "64", "--disk", "none", "--import", "--print-xml");
        Assert.Contains("Guest name 'test' is already in use.", taken.Stderr);
    }

    [Fact]
    public void PrintMacIsInTheVendorRangeAndPrintUuidIsAUuid()
    {
        var qemu = Ours("--connect", _vireod.QemuUri, "--print-mac").EnsureSuccess().Stdout.Trim();
        Assert.Matches("^52:54:00(:[0-9a-f]{2}){3}$", qemu);
        var xen = Ours("--connect", _vireod.QemuUri, "--print-mac=xen").EnsureSuccess().Stdout.Trim();
        Assert.Matches("^00:16:3e:[0-7][0-9a-f](:[0-9a-f]{2}){2}$", xen);
        Assert.True(Guid.TryParse(Ours("--print-uuid").EnsureSuccess().Stdout.Trim(), out _));
    }

    [Fact]
    public void CreatesGuestWithNewVolumeInDefaultPoolThenClonesIt()
    {
        var r = Ours("--connect", _vireod.QemuUri, "--name", "inst1", "--memory", "128", "--disk", "size=0.01", "--import",
            "--os-variant", "linux2020", "--graphics", "none", "--noreboot", "--noautoconsole");
        Assert.True(r.Succeeded, r.ToString());
        var vol = Path.Combine(_vireod.Root, "lib", "images", "inst1.qcow2");
        Assert.True(File.Exists(vol), r.ToString());
        var info = ProcessRunner.Run("qemu-img", new[] { "info", vol }).EnsureSuccess().Stdout;
        Assert.Contains("file format: qcow2", info);
        Assert.Contains("virtual size: 10.2 MiB", info); // 0.01 GiB, rounded down to whole sectors
        var xml = ProcessRunner.Virsh(_vireod.QemuUri, "dumpxml", "inst1").EnsureSuccess().Stdout;
        Assert.Contains(vol, xml);
        Assert.Contains("<target dev='vda' bus='virtio'/>", xml);

        // the same name again: refused, nothing new left behind
        var again = Ours("--connect", _vireod.QemuUri, "--name", "inst1", "--memory", "128", "--disk", "size=0.01", "--import", "--os-variant", "linux2020");
        Assert.Contains("Guest name 'inst1' is already in use.", again.Stderr);
        Assert.False(File.Exists(Path.Combine(_vireod.Root, "lib", "images", "inst1-1.qcow2")));

        // the new XML as the real virt-clone 4.1 prints it for the same guest
        var realXml = ProcessRunner.Run("virt-clone", new[] { "--connect", _vireod.QemuUri, "--original", "inst1", "--auto-clone", "--print-xml" }, environment: Env);
        var ourXml = ProcessRunner.Run(RepoPaths.Program("vireo-clone"), new[] { "--connect", _vireod.QemuUri, "--original", "inst1", "--auto-clone", "--print-xml" });
        Assert.True(realXml.Succeeded, realXml.ToString());
        Assert.Equal(Normalize(realXml.Stdout), Normalize(ourXml.Stdout));

        var clone = ProcessRunner.Run(RepoPaths.Program("vireo-clone"), new[] { "--connect", _vireod.QemuUri, "--original", "inst1", "--auto-clone" });
        Assert.True(clone.Succeeded, clone.ToString());
        var twin = ProcessRunner.Virsh(_vireod.QemuUri, "dumpxml", "inst1-clone").EnsureSuccess().Stdout;
        var cloneVol = Path.Combine(_vireod.Root, "lib", "images", "inst1-clone.qcow2");
        Assert.Contains(cloneVol, twin);
        Assert.True(File.Exists(cloneVol));
        Assert.NotEqual(Mac(xml), Mac(twin));
        Assert.NotEqual(ProcessRunner.Virsh(_vireod.QemuUri, "domuuid", "inst1").Stdout, ProcessRunner.Virsh(_vireod.QemuUri, "domuuid", "inst1-clone").Stdout);
    }

    /// <summary>
    /// The guide's install flow end to end on vireod's QEMU driver (TCG): --location on a local install tree holding
    /// the test guest's kernel/initrd, a new disk in the default pool, --initrd-inject of a Kickstart-style file; the
    /// install boot reaches the guest's ready marker, and the stored definition then boots from the disk.
    /// </summary>
    [Fact]
    public void LocationInstallBootsTheInstallerThenTheDefinitionBootsFromDisk()
    {
        if (Qemu.QemuGuest.SkipReason is { } why)
        {
            _output.WriteLine("skipped: " + why);
            return;
        }

        var tree = Path.Combine(_dir, "tree", "images", "pxeboot");
        Directory.CreateDirectory(tree);
        File.Copy(Path.Combine(Qemu.QemuGuest.Dir!, "vmlinuz"), Path.Combine(tree, "vmlinuz"), true);
        File.Copy(Path.Combine(Qemu.QemuGuest.Dir!, "initrd.img"), Path.Combine(tree, "initrd.img"), true);
        var ks = Path.Combine(_dir, "ks.cfg");
        File.WriteAllText(ks, "# kickstart\n");
        var serial = Path.Combine(_dir, "e2e.serial");
        var env = new Dictionary<string, string?>(Env) { ["XDG_CACHE_HOME"] = Path.Combine(_dir, "cache") };
        var r = ProcessRunner.Run(RepoPaths.Program("vireo-install"), new[]
        {
            "--connect", _vireod.QemuUri, "--name", "e2e", "--memory", "256", "--virt-type", "qemu", "--os-variant", "linux2020",
            "--disk", "size=0.01", "--location", Path.Combine(_dir, "tree"), "--initrd-inject", ks,
            "--extra-args", "console=ttyS0 ks=file:/ks.cfg", "--graphics", "none", "--nonetworks",
            "--serial", "file,path=" + serial, "--noautoconsole",
        }, environment: env, timeout: TimeSpan.FromSeconds(120));
        Assert.True(r.Succeeded, r.ToString());
        try
        {
            var until = DateTime.UtcNow.AddMinutes(3);
            while (!(File.Exists(serial) && File.ReadAllText(serial).Contains("VIREO-GUEST-READY", StringComparison.Ordinal)))
            {
                Assert.True(DateTime.UtcNow < until, "no ready marker before the deadline; serial:\n" + (File.Exists(serial) ? File.ReadAllText(serial) : ""));
                Thread.Sleep(200); // poll the serial log until the deadline above
            }

            var live = ProcessRunner.Virsh(_vireod.QemuUri, "dumpxml", "e2e").EnsureSuccess().Stdout;
            Assert.Contains("<cmdline>console=ttyS0 ks=file:/ks.cfg</cmdline>", live);
            var injected = File.ReadAllBytes(Directory.GetFiles(Path.Combine(_dir, "cache", "vireo-install", "boot"), "*initrd*").Single());
            Assert.Contains("ks.cfg", System.Text.Encoding.ASCII.GetString(injected[^1024..]));
            var stored = ProcessRunner.Virsh(_vireod.QemuUri, "dumpxml", "--inactive", "e2e").EnsureSuccess().Stdout;
            Assert.DoesNotContain("<kernel>", stored);
            Assert.Contains("<boot dev='hd'/>", stored);
        }
        finally
        {
            ProcessRunner.Virsh(_vireod.QemuUri, "destroy", "e2e");
        }
    }

    private static string Mac(string xml) => MacRegex().Match(xml).Value;

    private static ProcessResult Ours(params string[] args) =>
        ProcessRunner.Run(RepoPaths.Program("vireo-install"), args, environment: Env, timeout: TimeSpan.FromSeconds(60));

    private static string Normalize(string xml) =>
        MacRegex().Replace(UuidRegex().Replace(xml, "<uuid>UUID</uuid>"), "MAC");

    [GeneratedRegex("<uuid>[0-9a-f-]{36}</uuid>")]
    private static partial Regex UuidRegex();

    [GeneratedRegex("(?<=address=[\"'])[0-9a-f]{2}(:[0-9a-f]{2}){5}")]
    private static partial Regex MacRegex();
}
