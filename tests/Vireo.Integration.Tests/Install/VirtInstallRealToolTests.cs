using System.Text.RegularExpressions;
using Vireo.Integration.Tests.Fixtures;
using Vireo.Integration.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Vireo.Integration.Tests.Install;

/// <summary>
/// The tools users already have, pointed at vireod's QEMU driver: the real virt-install 4.1 installs a guest from an
/// HTTP install tree (kernel and initrd fetched from our test server, new volume in the default pool) that boots to
/// its ready marker, and the real virt-clone copies it. Then vireo-install does the same from HTTP with a cloud-init
/// seed and --unattended (Kickstart injected into the initrd, its kernel arguments equal to virt-install's), and its
/// --check errors and warnings read as virt-install's. Two TCG boots in all.
/// </summary>
[Trait("Category", "Integration")]
public sealed partial class VirtInstallRealToolTests : IClassFixture<VireodFixture>, IDisposable
{
    private readonly VireodFixture _vireod;
    private readonly ITestOutputHelper _output;
    private readonly string _dir;
    private readonly Dictionary<string, string?> _env;

    public VirtInstallRealToolTests(VireodFixture vireod, ITestOutputHelper output)
    {
        _vireod = vireod;
        _output = output;
        _dir = Path.Combine(vireod.WorkDir, "real-" + Guid.NewGuid().ToString("N")[..6]);
        Directory.CreateDirectory(_dir);
        _env = new Dictionary<string, string?>
        {
            ["VIRTINSTALL_OSINFO_DISABLE_REQUIRE"] = "1", ["HOME"] = _dir, ["XDG_CACHE_HOME"] = Path.Combine(_dir, "cache"), ["LC_ALL"] = "C",
        };
    }

    // virt-install uploads kernel/initrd into a pool at /var/lib/libvirt/boot for a qemu:///system URI unless that
    // directory exists on this host; the session path of the same socket keeps them in its own cache, as for a user.
    private string SessionUri => _vireod.QemuUri.Replace("/system?", "/session?", StringComparison.Ordinal);

    [Fact]
    public void RealVirtInstallInstallsFromHttpTreeAndBootsThenRealVirtCloneCopiesIt()
    {
        if (Qemu.QemuGuest.SkipReason is { } why)
        {
            _output.WriteLine("skipped: " + why);
            return;
        }

        using var http = new TestHttpTree(MakeTree());
        var serial = Path.Combine(_dir, "real.serial");
        var r = ProcessRunner.Run("virt-install", new[]
        {
            "--connect", SessionUri, "--name", "realvi", "--memory", "256", "--virt-type", "qemu", "--osinfo", "linux2020",
            "--disk", "size=0.01", "--location", http.Url, "--extra-args", "console=ttyS0", "--graphics", "none",
            "--network", "none", "--serial", "file,path=" + serial, "--noautoconsole",
        }, environment: _env, timeout: TimeSpan.FromMinutes(3));
        _output.WriteLine(r.ToString());
        Assert.True(r.Succeeded, r.ToString());
        try
        {
            WaitForMarker(serial);
            Assert.Contains("GET /images/pxeboot/vmlinuz", http.Requests);
            Assert.Contains("GET /images/pxeboot/initrd.img", http.Requests);
            var live = ProcessRunner.Virsh(_vireod.QemuUri, "dumpxml", "realvi").EnsureSuccess().Stdout;
            Assert.Contains($"<cmdline>console=ttyS0 inst.repo={http.Url}</cmdline>", live); // the tree's .treeinfo says Fedora
            var vol = Path.Combine(_vireod.Root, "lib", "images", "realvi.qcow2");
            Assert.Contains(vol, live);
        }
        finally
        {
            ProcessRunner.Virsh(_vireod.QemuUri, "destroy", "realvi");
        }

        // the stored definition boots the disk now, as virt-install leaves it
        var stored = ProcessRunner.Virsh(_vireod.QemuUri, "dumpxml", "--inactive", "realvi").EnsureSuccess().Stdout;
        Assert.DoesNotContain("<kernel>", stored);

        var clone = ProcessRunner.Run("virt-clone", new[] { "--connect", _vireod.QemuUri, "--original", "realvi", "--auto-clone" },
            environment: _env, timeout: TimeSpan.FromMinutes(2));
        Assert.True(clone.Succeeded, clone.ToString());
        var twin = ProcessRunner.Virsh(_vireod.QemuUri, "dumpxml", "--inactive", "realvi-clone").EnsureSuccess().Stdout;
        var cloneVol = Path.Combine(_vireod.Root, "lib", "images", "realvi-clone.qcow2");
        Assert.Contains(cloneVol, twin);
        ProcessRunner.Run("qemu-img", new[] { "compare", Path.Combine(_vireod.Root, "lib", "images", "realvi.qcow2"), cloneVol }).EnsureSuccess();
        Assert.NotEqual(ProcessRunner.Virsh(_vireod.QemuUri, "domuuid", "realvi").Stdout, ProcessRunner.Virsh(_vireod.QemuUri, "domuuid", "realvi-clone").Stdout);
    }

    [Fact]
    public void VireoInstallFromHttpWithCloudInitAndUnattendedBootsWithTheSeedAttached()
    {
        if (Qemu.QemuGuest.SkipReason is { } why)
        {
            _output.WriteLine("skipped: " + why);
            return;
        }

        using var http = new TestHttpTree(MakeTree());
        var pw = Path.Combine(_dir, "root.pw");
        File.WriteAllText(pw, "hunter2\n");
        var userData = Path.Combine(_dir, "user-data");
        File.WriteAllText(userData, "#cloud-config\nhostname: seeded\n");
        var common = new[]
        {
            "--name", "ourvi", "--memory", "256", "--virt-type", "qemu", "--os-variant", "fedora37", "--disk", "size=0.01",
            "--location", http.Url, "--extra-args", "console=ttyS0", "--unattended", "profile=jeos,admin-password-file=" + pw + ",user-login=alice",
            "--graphics", "none", "--network", "none",
        };

        // the kernel arguments of the install boot, as the real virt-install prints them
        var realXml = ProcessRunner.Run("virt-install", new[] { "--connect", SessionUri }.Concat(common).Concat(new[] { "--print-xml", "1", "--dry-run" }),
            environment: _env, timeout: TimeSpan.FromMinutes(2));
        Assert.True(realXml.Succeeded, realXml.ToString());
        var ourXml = ProcessRunner.Run(RepoPaths.Program("vireo-install"), new[] { "--connect", _vireod.QemuUri }.Concat(common).Concat(new[] { "--print-xml", "1" }),
            environment: _env, timeout: TimeSpan.FromMinutes(1));
        Assert.True(ourXml.Succeeded, ourXml.ToString());
        var cmdline = Cmdline().Match(realXml.Stdout).Value;
        Assert.Equal($"<cmdline>console=ttyS0 inst.ks=file:/fedora.ks inst.repo={http.Url}</cmdline>", cmdline);
        Assert.Equal(cmdline, Cmdline().Match(ourXml.Stdout).Value);

        var serial = Path.Combine(_dir, "ours.serial");
        var r = ProcessRunner.Run(RepoPaths.Program("vireo-install"), new[] { "--connect", _vireod.QemuUri }.Concat(common).Concat(new[]
        {
            "--cloud-init", "user-data=" + userData, "--serial", "file,path=" + serial, "--noautoconsole",
        }), environment: _env, timeout: TimeSpan.FromMinutes(3));
        Assert.True(r.Succeeded, r.ToString());
        try
        {
            var text = WaitForMarker(serial);
            Assert.Contains("GET /images/pxeboot/vmlinuz", http.Requests);
            Assert.Contains("GET /images/pxeboot/initrd.img", http.Requests);

            // the Kickstart rode in the fetched initrd (its text is checked against libosinfo's in UnattendedScriptTests);
            // as with virt-install, that kernel and initrd are deleted once the install boot has started
            var boot = Path.Combine(_dir, "cache", "vireo-install", "boot");
            Assert.Empty(Directory.GetFiles(boot, "vireo-install-initrd-*"));
            Assert.Empty(Directory.GetFiles(boot, "vireo-install-kernel-*"));

            // the NoCloud seed: a CD-ROM the guest sees, with the size of the ISO we wrote, labelled cidata
            var seed = Directory.GetFiles(boot, "vireo-install-cloudinit-*.iso").Single();
            Assert.Contains($"VIREO-DISK sr0 {new FileInfo(seed).Length / 512} sectors", text);
            var iso = ProcessRunner.Run("xorriso", new[] { "-indev", seed, "-pvd_info" }, mergeStderr: true).EnsureSuccess();
            Assert.Matches("(?i)Volume Id *: cidata", iso.Stdout); // ISO 9660 d-characters: we write CIDATA, which NoCloud accepts too
            var live = ProcessRunner.Virsh(_vireod.QemuUri, "dumpxml", "ourvi").EnsureSuccess().Stdout;
            Assert.Contains(seed, live);
        }
        finally
        {
            ProcessRunner.Virsh(_vireod.QemuUri, "destroy", "ourvi");
        }
    }

    /// <summary>--check: vireo-install's messages equal virt-install's for the same command (free space masked).</summary>
    [Fact]
    public void CheckMessagesReadAsVirtInstalls()
    {
        var disk = Path.Combine(_dir, "used.img");
        File.WriteAllBytes(disk, new byte[1 << 20]);
        var xml = Path.Combine(_dir, "user.xml");
        File.WriteAllText(xml, $"<domain type='qemu'><name>diskuser</name><memory>65536</memory><os><type arch='x86_64'>hvm</type></os>" +
                               $"<devices><disk type='file' device='disk'><source file='{disk}'/><target dev='vda' bus='virtio'/></disk></devices></domain>");
        ProcessRunner.Virsh(_vireod.QemuUri, "define", xml).EnsureSuccess();
        try
        {
            foreach (var extra in new[]
                     {
                         new[] { "--disk", disk },
                         new[] { "--disk", disk, "--check", "path_in_use=off", "--dry-run" },
                         new[] { "--disk", "size=100000", "--dry-run" },
                         new[] { "--disk", "size=100000", "--check", "disk_size=off", "--dry-run" },
                         new[] { "--disk", "size=100000,sparse=no", "--dry-run" },
                     })
            {
                var args = new[] { "--connect", _vireod.QemuUri, "--name", "chk", "--memory", "128", "--osinfo", "linux2020", "--virt-type", "qemu",
                    "--graphics", "none", "--network", "none", "--import", "--noautoconsole" }.Concat(extra).ToArray();
                var real = ProcessRunner.Run("virt-install", args, environment: _env, timeout: TimeSpan.FromMinutes(2));
                var ours = ProcessRunner.Run(RepoPaths.Program("vireo-install"), args, environment: _env, timeout: TimeSpan.FromMinutes(1));
                _output.WriteLine(string.Join(' ', extra) + "\n" + real.Stderr + real.Stdout);
                Assert.Equal(real.ExitCode == 0, ours.ExitCode == 0);
                Assert.Equal(Messages(real), Messages(ours));
            }

            Assert.False(File.Exists(Path.Combine(_vireod.Root, "lib", "images", "chk.qcow2")));
            Assert.False(ProcessRunner.Virsh(_vireod.QemuUri, "dominfo", "chk").Succeeded);
        }
        finally
        {
            ProcessRunner.Virsh(_vireod.QemuUri, "undefine", "diskuser");
        }
    }

    // WARNING/ERROR lines and the dry-run verdict, with the pool's free space (which changes as others write) masked
    private static string Messages(ProcessResult r) =>
        string.Join('\n', (r.Stderr + r.Stdout).Split('\n').Select(l => l.TrimEnd())
            .Where(l => l.StartsWith("WARNING", StringComparison.Ordinal) || l.StartsWith("ERROR", StringComparison.Ordinal) || l.StartsWith("Dry run", StringComparison.Ordinal))
            .Select(l => Available().Replace(l, "> N M available")));

    /// <summary>A Fedora-like install tree (.treeinfo, images/pxeboot) holding the test guest's kernel and initrd.</summary>
    private string MakeTree()
    {
        var tree = Path.Combine(_dir, "tree");
        var pxe = Path.Combine(tree, "images", "pxeboot");
        Directory.CreateDirectory(pxe);
        File.Copy(Path.Combine(Qemu.QemuGuest.Dir!, "vmlinuz"), Path.Combine(pxe, "vmlinuz"), true);
        File.Copy(Path.Combine(Qemu.QemuGuest.Dir!, "initrd.img"), Path.Combine(pxe, "initrd.img"), true);
        // virt-install only accepts a tree whose distribution it recognizes
        File.WriteAllText(Path.Combine(tree, ".treeinfo"),
            "[general]\nfamily = Fedora\nversion = 37\narch = x86_64\nname = Fedora 37\n\n[images-x86_64]\nkernel = images/pxeboot/vmlinuz\ninitrd = images/pxeboot/initrd.img\n");
        return tree;
    }

    private string WaitForMarker(string serial)
    {
        var until = DateTime.UtcNow.AddMinutes(3);
        while (true)
        {
            var text = File.Exists(serial) ? File.ReadAllText(serial) : "";
            if (text.Contains("VIREO-GUEST-READY", StringComparison.Ordinal))
                return text;
            Assert.True(DateTime.UtcNow < until, "no ready marker before the deadline; serial:\n" + text + "\n" + _vireod.Describe());
            Thread.Sleep(200); // poll the serial log until the deadline above
        }
    }

    public void Dispose()
    {
        foreach (var name in new[] { "realvi-clone", "realvi", "ourvi" })
        {
            ProcessRunner.Virsh(_vireod.QemuUri, "destroy", name);
            ProcessRunner.Virsh(_vireod.QemuUri, "undefine", name, "--remove-all-storage");
        }
    }

    [GeneratedRegex("<cmdline>[^<]*</cmdline>")]
    private static partial Regex Cmdline();

    [GeneratedRegex("> [0-9]+ M available")]
    private static partial Regex Available();
}
