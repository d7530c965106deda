using Vireo.Integration.Tests.Fixtures;
using Vireo.Integration.Tests.Infrastructure;

namespace Vireo.Integration.Tests.Qemu;

/// <summary>
/// domblkinfo --all through the real virsh and through vsh against vireod's qemu driver (no guest boot: an inactive
/// domain): a qcow2 disk, a raw disk and an empty cdrom; both must print the same table, plain and --human.
/// </summary>
[Trait("Category", "Integration")]
public sealed class DomblkinfoAllTests : IClassFixture<VireodFixture>
{
    private readonly VireodFixture _vireod;

    public DomblkinfoAllTests(VireodFixture vireod) => _vireod = vireod;

    [Fact]
    public void VshPrintsWhatVirshPrints()
    {
        if (!File.Exists("/usr/bin/qemu-img"))
        {
            Console.WriteLine("skipped: qemu-img is not installed");
            return;
        }
        var dir = _vireod.WorkDir;
        var qcow2 = Path.Combine(dir, "all.qcow2");
        var raw = Path.Combine(dir, "all.raw");
        ProcessRunner.Run("qemu-img", ["create", "-q", "-f", "qcow2", qcow2, "64M"]).EnsureSuccess();
        File.WriteAllBytes(raw, new byte[3 * 1024 * 1024 + 512]);
        var xml = Path.Combine(dir, "blkall.xml");
        File.WriteAllText(xml, $"""
            <domain type='qemu'>
              <name>blkall</name>
              <memory unit='MiB'>64</memory>
              <os><type arch='x86_64' machine='pc'>hvm</type></os>
              <devices>
                <disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='{qcow2}'/><target dev='vda' bus='virtio'/></disk>
                <disk type='file' device='disk'><driver name='qemu' type='raw'/><source file='{raw}'/><target dev='vdb' bus='virtio'/></disk>
                <disk type='file' device='cdrom'><target dev='hdc' bus='ide'/><readonly/></disk>
              </devices>
            </domain>
            """);
        var uri = _vireod.QemuUri;
        Assert.True(ProcessRunner.Virsh(uri, "define", xml).Succeeded);
        foreach (var extra in new[] { Array.Empty<string>(), ["--human"] })
        {
            string[] args = ["domblkinfo", "blkall", "--all", .. extra];
            var virsh = ProcessRunner.Virsh(uri, args);
            Assert.True(virsh.Succeeded, virsh.ToString());
            Assert.Matches(@"(?m)^ hdc\s+-\s+-\s+-\s*$", virsh.Stdout);
            var vsh = ProcessRunner.Run(RepoPaths.Program("vsh"), ["-c", uri, .. args]);
            Assert.True(vsh.Succeeded, vsh.ToString());
            Assert.Equal(virsh.Stdout, vsh.Stdout);
        }
        Assert.True(ProcessRunner.Virsh(uri, "undefine", "blkall").Succeeded);
    }
}
