using Vireo.Integration.Tests.Fixtures;
using Vireo.Integration.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Vireo.Integration.Tests.Storage;

/// <summary>
/// The real virsh against vireod's qemu:///system storage driver, and the same session against a real libvirtd's
/// storage driver: the normalised transcripts must be equal, the qcow2 volumes vireod made must pass the real
/// qemu-img check, and the refused commands must leave nothing behind.
/// </summary>
[Trait("Category", "Integration")]
public sealed class VirshStorageTests : IClassFixture<VireodFixture>, IClassFixture<LibvirtdStorageFixture>
{
    private readonly VireodFixture _vireod;
    private readonly LibvirtdStorageFixture _libvirtd;
    private readonly ITestOutputHelper _output;

    public VirshStorageTests(VireodFixture vireod, LibvirtdStorageFixture libvirtd, ITestOutputHelper output)
    {
        _vireod = vireod;
        _libvirtd = libvirtd;
        _output = output;
    }

    [Fact]
    public void VireodHasTheDefaultPoolRunningAtLibImages()
    {
        var r = ProcessRunner.Virsh(_vireod.QemuUri, "pool-dumpxml", "default").EnsureSuccess();
        Assert.Contains($"<path>{Path.Combine(_vireod.Root, "lib", "images")}</path>", r.Stdout);
        var info = ProcessRunner.Virsh(_vireod.QemuUri, "pool-info", "default").EnsureSuccess().Stdout;
        Assert.Contains("State:          running", info);
        Assert.Contains("Autostart:      yes", info);
    }

    [Fact]
    public void PoolAndVolumeSessionMatchesLibvirtdAndItsQcow2VolumesPassQemuImgCheck()
    {
        var ourDir = Path.Combine(_vireod.WorkDir, "pool-p1");
        var ours = StorageScenario.Run(_vireod.QemuUri, ourDir);
        _output.WriteLine(ours);

        // what the refused commands must not have made
        Assert.False(File.Exists(Path.Combine(ourDir, "d.img")));
        Assert.False(File.Exists(Path.Combine(_vireod.WorkDir, "x.img")));
        Assert.Equal(10L << 20, new FileInfo(Path.Combine(ourDir, "a.img")).Length); // the duplicate did not replace it
        foreach (var name in new[] { "b.qcow2", "b2.qcow2", "m.qcow2", "ov.qcow2" })
        {
            var check = ProcessRunner.Run("qemu-img", new[] { "check", Path.Combine(ourDir, name) }, timeout: TimeSpan.FromSeconds(60));
            Assert.True(check.Succeeded, check.ToString());
        }
        Assert.Contains("backing file format: qcow2", ProcessRunner.Run("qemu-img", new[] { "info", Path.Combine(ourDir, "ov.qcow2") }, timeout: TimeSpan.FromSeconds(60)).Stdout);

        if (_libvirtd.Unavailable is { } why)
        {
            _output.WriteLine("libvirtd comparison skipped: " + why);
            return;
        }
        var reference = StorageScenario.Run(_libvirtd.Uri, Path.Combine(_libvirtd.WorkDir, "pool-p1"));
        Assert.True(reference == ours, "vireod differs from libvirtd:\n" + TextDiff.Unified(reference, ours, "libvirtd", "vireod"));
    }
}
