using Vireo.Integration.Tests.Fixtures;
using Vireo.Integration.Tests.Infrastructure;

namespace Vireo.Integration.Tests.Remote;

/// <summary>
/// The ssh transport through a real OpenSSH server on loopback (public-key login, the remote side runs nc -U):
/// vsh reaches vireod and a real libvirtd, and the real virsh reaches vireod, the same way.
/// </summary>
[Trait("Category", "Integration")]
public sealed class SshTransportTests : IClassFixture<SshdFixture>, IClassFixture<VireodFixture>, IClassFixture<LibvirtdFixture>
{
    private readonly SshdFixture _sshd;
    private readonly VireodFixture _vireod;
    private readonly LibvirtdFixture _libvirtd;

    public SshTransportTests(SshdFixture sshd, VireodFixture vireod, LibvirtdFixture libvirtd)
    {
        _sshd = sshd;
        _vireod = vireod;
        _libvirtd = libvirtd;
    }

    private ProcessResult Vsh(string uri, params string[] args) =>
        ProcessRunner.Run(RepoPaths.Program("vsh"), ["-c", uri, .. args], stdin: "", environment: _sshd.ClientEnvironment);

    private ProcessResult Virsh(string uri, params string[] args) =>
        ProcessRunner.Run(ProcessRunner.VirshPath, ["-c", uri, .. args], stdin: "", environment: _sshd.ClientEnvironment);

    [Fact]
    public void VshReachesVireodOverSsh()
    {
        var r = Vsh(_sshd.Uri("test:///default", _vireod.SocketPath), "list");
        Assert.True(r.Succeeded, r + _sshd.Describe());
        Assert.Contains(" test ", r.Stdout);
        Assert.Equal(ProcessRunner.Virsh(_vireod.TestUri, "list").Stdout, r.Stdout);
    }

    [Fact]
    public void VshReachesARealLibvirtdOverSsh()
    {
        var r = Vsh(_sshd.Uri("test:///default", _libvirtd.SocketPath), "dominfo", "test");
        Assert.True(r.Succeeded, r + _sshd.Describe());
        Assert.Contains("Name:           test", r.Stdout);
    }

    [Fact]
    public void RealVirshReachesVireodOverSsh()
    {
        // proxy=netcat: libvirt 9 would otherwise prefer virt-ssh-helper, which ignores socket=
        var r = Virsh(_sshd.Uri("test:///default", _vireod.SocketPath) + "&proxy=netcat", "list");
        Assert.True(r.Succeeded, r + _sshd.Describe());
        Assert.Equal(ProcessRunner.Virsh(_vireod.TestUri, "list").Stdout, r.Stdout);
    }

    [Fact]
    public void AKeyTheServerDoesNotKnowIsRefusedWithSshsMessage()
    {
        var stranger = _sshd.Scratch.PathOf("stranger_ed25519");
        if (!File.Exists(stranger))
            ProcessRunner.Run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", stranger]).EnsureSuccess();
        var uri = _sshd.Uri("test:///default", _vireod.SocketPath).Replace(_sshd.KeyFile, stranger);
        var r = Vsh(uri, "list");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("Permission denied (publickey)", r.Stderr);
    }
}
