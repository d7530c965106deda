using Vireo.Integration.Tests.Fixtures;
using Vireo.Integration.Tests.Infrastructure;

namespace Vireo.Integration.Tests.Storage;

/// <summary>
/// The real virsh against vireod for the pools that need a block device: an ext4 fs pool and an LVM logical pool,
/// each on a loop device made from a temp file (root only). The volume group name is unique to the test and removed
/// whatever happens.
/// </summary>
[Trait("Category", "Integration")]
public sealed class VirshBlockPoolTests : IClassFixture<VireodFixture>, IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);
    private readonly VireodFixture _vireod;
    private readonly List<string> _loops = [];
    private readonly string _vg = "vireo_i" + Guid.NewGuid().ToString("N")[..8];

    public VirshBlockPoolTests(VireodFixture vireod) => _vireod = vireod;

    public void Dispose()
    {
        ProcessRunner.Run("umount", new[] { Path.Combine(_vireod.WorkDir, "fs1") }, timeout: Deadline);
        ProcessRunner.Run("vgremove", new[] { "-f", _vg }, timeout: Deadline);
        foreach (var loop in _loops)
        {
            ProcessRunner.Run("pvremove", new[] { "-ff", "-y", loop }, timeout: Deadline);
            ProcessRunner.Run("losetup", new[] { "-d", loop }, timeout: Deadline);
        }
    }

    private string NewLoop(string name)
    {
        var image = Path.Combine(_vireod.WorkDir, name + ".img");
        using (var f = File.Create(image))
            f.SetLength(64 << 20);
        var loop = ProcessRunner.Run("losetup", new[] { "-f", "--show", image }, timeout: Deadline).EnsureSuccess().Stdout.Trim();
        _loops.Add(loop);
        return loop;
    }

    private string Virsh(params string[] args) => ProcessRunner.Virsh(_vireod.QemuUri, args, Deadline).EnsureSuccess().Stdout;

    [LoopFact]
    public void FsPoolOnALoopDeviceIsBuiltMountedAndHoldsVolumes()
    {
        var loop = NewLoop("fs1");
        var target = Path.Combine(_vireod.WorkDir, "fs1");
        Virsh("pool-define-as", "fs1", "fs", "--source-dev", loop, "--source-format", "ext4", "--target", target);
        Assert.Contains("Pool fs1 built", Virsh("pool-build", "fs1", "--overwrite"));
        Virsh("pool-start", "fs1");
        Assert.Contains($"{loop} {target} ext4", File.ReadAllText("/proc/self/mounts"));
        Assert.Contains("State:          running", Virsh("pool-info", "fs1"));
        Virsh("vol-create-as", "fs1", "d.qcow2", "100M", "--format", "qcow2");
        Assert.Contains($"{target}/d.qcow2", Virsh("vol-list", "fs1", "--details"));
        Assert.True(ProcessRunner.Run("qemu-img", new[] { "check", $"{target}/d.qcow2" }, timeout: Deadline).Succeeded);
        Virsh("pool-destroy", "fs1");
        Assert.DoesNotContain($" {target} ", File.ReadAllText("/proc/self/mounts"));
        Virsh("pool-delete", "fs1");
        Virsh("pool-undefine", "fs1");
        Assert.False(Directory.Exists(target));
    }

    [LoopFact]
    public void LogicalPoolOnALoopDeviceIsAVolumeGroupWhileDefined()
    {
        var loop = NewLoop("lv1");
        Virsh("pool-define-as", "lv1", "logical", "--source-dev", loop, "--source-name", _vg, "--target", "/dev/" + _vg);
        Virsh("pool-build", "lv1");
        Virsh("pool-start", "lv1");
        var info = Virsh("pool-info", "--bytes", "lv1");
        var vgSize = ProcessRunner.Run("vgs", new[] { "--noheadings", "--units", "b", "--nosuffix", "-o", "vg_size", _vg }, timeout: Deadline).EnsureSuccess().Stdout.Trim();
        Assert.Matches($@"Capacity:\s+{vgSize}\b", info);
        Virsh("pool-destroy", "lv1");
        Virsh("pool-delete", "lv1");
        Assert.False(ProcessRunner.Run("vgs", new[] { _vg }, timeout: Deadline).Succeeded);
        Virsh("pool-undefine", "lv1");
    }
}
