using Vireo.Integration.Tests.Fixtures;
using Vireo.Integration.Tests.Infrastructure;

namespace Vireo.Integration.Tests.Remote;

/// <summary>vsh's SCRAM-SHA-256 against a real libvirtd using Cyrus SASL's server: same outcome as the real virsh.</summary>
[Trait("Category", "Integration")]
public sealed class LibvirtdSaslTests : IClassFixture<SaslLibvirtdFixture>, IDisposable
{
    private readonly SaslLibvirtdFixture _libvirtd;
    private readonly RemoteScratch _scratch = new("vireo-sasl-client-");

    public LibvirtdSaslTests(SaslLibvirtdFixture libvirtd) => _libvirtd = libvirtd;

    public void Dispose() => _scratch.Dispose();

    private ProcessResult Run(string program, string authFile) =>
        ProcessRunner.Run(program, ["-c", _libvirtd.TestUri, "list"], stdin: "",
            environment: new Dictionary<string, string?>(ProcessRunner.LibvirtClientEnvironment) { ["LIBVIRT_AUTH_FILE"] = authFile });

    [Fact]
    public void VshLogsInLikeVirsh()
    {
        var auth = _scratch.AuthFile("good.conf", SaslLibvirtdFixture.User, SaslLibvirtdFixture.Password);
        var vsh = Run(RepoPaths.Program("vsh"), auth);
        var virsh = Run(ProcessRunner.VirshPath, auth);
        Assert.True(virsh.Succeeded, virsh.ToString());
        Assert.True(vsh.Succeeded, vsh.ToString());
        Assert.Equal(virsh.Stdout, vsh.Stdout);
    }

    [Fact]
    public void AWrongPasswordFailsWithLibvirtdsMessage()
    {
        var auth = _scratch.AuthFile("bad.conf", SaslLibvirtdFixture.User, "wrong");
        var vsh = Run(RepoPaths.Program("vsh"), auth);
        var virsh = Run(ProcessRunner.VirshPath, auth);
        Assert.Equal(1, vsh.ExitCode);
        Assert.Equal(virsh.Stderr, vsh.Stderr);
        Assert.Contains("authentication failed: authentication failed", vsh.Stderr);
    }
}
