using Vireo.Integration.Tests.Fixtures;
using Vireo.Integration.Tests.Infrastructure;

namespace Vireo.Integration.Tests.Storage;

/// <summary>
/// vol-upload and vol-download with the real virsh against vireod: the bytes go through libvirt's RPC streams into a
/// volume of a dir pool and come back unchanged, whole and as an offset/length window.
/// </summary>
[Trait("Category", "Integration")]
public sealed class VirshVolumeTransferTests : IClassFixture<VireodFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);
    private readonly VireodFixture _vireod;

    public VirshVolumeTransferTests(VireodFixture vireod) => _vireod = vireod;

    private string Virsh(params string[] args) => ProcessRunner.Virsh(_vireod.QemuUri, args, Deadline).EnsureSuccess().Stdout;

    [Fact]
    public void UploadedBytesComeBackByDownloadWholeAndInAWindow()
    {
        var target = Path.Combine(_vireod.WorkDir, "xfer");
        Virsh("pool-define-as", "xfer", "dir", "--target", target);
        Virsh("pool-build", "xfer");
        Virsh("pool-start", "xfer");
        Virsh("vol-create-as", "xfer", "v.raw", "3M", "--format", "raw");

        // 3 MiB minus a bit: more than one 256 KiB stream packet, not a multiple of it.
        var data = new byte[(3 << 20) - 4321];
        new Random(7).NextBytes(data);
        var upload = Path.Combine(_vireod.WorkDir, "upload.bin");
        File.WriteAllBytes(upload, data);
        Virsh("vol-upload", "--pool", "xfer", "v.raw", upload);
        Assert.Equal(data, File.ReadAllBytes(Path.Combine(target, "v.raw")).AsSpan(0, data.Length).ToArray());

        var whole = Path.Combine(_vireod.WorkDir, "whole.bin");
        Virsh("vol-download", "--pool", "xfer", "v.raw", whole);
        var back = File.ReadAllBytes(whole);
        Assert.Equal(3 << 20, back.Length);
        Assert.Equal(data, back.AsSpan(0, data.Length).ToArray());

        var window = Path.Combine(_vireod.WorkDir, "window.bin");
        Virsh("vol-download", "--pool", "xfer", "v.raw", window, "--offset", "1000", "--length", "300000");
        Assert.Equal(data.AsSpan(1000, 300000).ToArray(), File.ReadAllBytes(window));

        var missing = ProcessRunner.Virsh(_vireod.QemuUri, new[] { "vol-download", "--pool", "xfer", "nope.raw", window }, Deadline);
        Assert.False(missing.Succeeded);
        Assert.Contains("Storage volume not found", missing.Stderr);

        Virsh("vol-delete", "--pool", "xfer", "v.raw");
        Virsh("pool-destroy", "xfer");
        Virsh("pool-undefine", "xfer");
    }
}
