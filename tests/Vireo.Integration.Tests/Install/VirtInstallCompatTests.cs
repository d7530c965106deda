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
    /// --location of an ISO without a kernel, and of a file that is no ISO at all: the same error as the real
    /// virt-install's for the same command, and nothing is left behind: no definition, no volume, no boot files.
    /// </summary>
    [Fact]
    public void LocationWithoutAnInstallableTreeIsRefusedAsVirtInstallDoesAndLeavesNothing()
    {
        var content = Path.Combine(_dir, "not-an-installer");
        Directory.CreateDirectory(content);
        File.WriteAllText(Path.Combine(content, "README"), "no kernel here\n");
        var iso = Path.Combine(_dir, "no-kernel.iso");
        ProcessRunner.Run("xorriso", ["-as", "mkisofs", "-quiet", "-R", "-V", "DATA", "-o", iso, content]).EnsureSuccess();
        foreach (var media in new[] { iso, Path.Combine(_dir, "Fedora11.iso") })
        {
            var cache = Path.Combine(_dir, "cache-bad");
            var env = new Dictionary<string, string?>(Env) { ["XDG_CACHE_HOME"] = cache };
            string[] args = ["--connect", _vireod.QemuUri, "--name", "badloc", "--memory", "64", "--disk", "size=0.01", "--location", media,
                "--os-variant", "linux2020", "--graphics", "none", "--noautoconsole"];
            var real = ProcessRunner.Run("virt-install", args, environment: Env, timeout: TimeSpan.FromSeconds(120));
            var ours = ProcessRunner.Run(RepoPaths.Program("vireo-install"), args, environment: env, timeout: TimeSpan.FromSeconds(60));
            Assert.Equal(1, ours.ExitCode);
            Assert.Equal(1, real.ExitCode);
            Assert.Contains($"ERROR    Error validating install location: Could not find an installable distribution at URL '{media}'", ours.Stderr);
            Assert.Equal(real.Stderr.Trim(), ours.Stderr.Trim());
            AssertNothingCreated("badloc");
            Assert.Empty(Directory.Exists(cache) ? Directory.GetFiles(cache, "*", SearchOption.AllDirectories) : []);
        }
    }

    /// <summary>A fully allocated disk larger than the pool's free space: virt-install's error, no volume, no definition.</summary>
    [Fact]
    public void DiskLargerThanThePoolIsRefusedAndLeavesNothing()
    {
        var r = Ours("--connect", _vireod.QemuUri, "--name", "toobig", "--memory", "64", "--disk", "size=100000,sparse=no", "--import",
            "--os-variant", "linux2020", "--graphics", "none", "--noautoconsole");
        Assert.Equal(1, r.ExitCode);
        Assert.Matches(@"ERROR    Error: --disk size=100000,sparse=no: There is not enough free space on the storage pool to create the volume\. \(102400000 M requested allocation > \d+ M available\)", r.Stderr);
        AssertNothingCreated("toobig");
    }

    private void AssertNothingCreated(string name)
    {
        Assert.False(ProcessRunner.Virsh(_vireod.QemuUri, "dominfo", name).Succeeded, name + " was defined");
        Assert.Empty(Directory.GetFiles(Path.Combine(_vireod.Root, "lib", "images"), name + "*"));
        Assert.DoesNotContain(name, ProcessRunner.Virsh(_vireod.QemuUri, "vol-list", "default").Stdout);
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
