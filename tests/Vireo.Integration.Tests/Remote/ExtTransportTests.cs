using Vireo.Integration.Tests.Fixtures;
using Vireo.Integration.Tests.Infrastructure;

namespace Vireo.Integration.Tests.Remote;

/// <summary>The ext transport: <c>command=</c> names a program whose stdin/stdout carry the RPC stream.</summary>
[Trait("Category", "Integration")]
public sealed class ExtTransportTests : IClassFixture<VireodFixture>, IDisposable
{
    private readonly VireodFixture _vireod;
    private readonly RemoteScratch _scratch = new("vireo-ext-");

    public ExtTransportTests(VireodFixture vireod) => _vireod = vireod;

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public void VshAndVirshSpeakThroughAnExternalCommand()
    {
        var command = _scratch.Script("to-vireod", $"exec nc -U {_vireod.SocketPath}");
        var uri = $"test+ext:///default?command={command}";
        var vsh = ProcessRunner.Run(RepoPaths.Program("vsh"), ["-c", uri, "list"], stdin: "", environment: ProcessRunner.LibvirtClientEnvironment);
        var virsh = ProcessRunner.Virsh(uri, "list");
        Assert.True(vsh.Succeeded, vsh.ToString());
        Assert.True(virsh.Succeeded, virsh.ToString());
        Assert.Equal(virsh.Stdout, vsh.Stdout);
        Assert.Contains(" test ", vsh.Stdout);
    }

    [Fact]
    public void ACommandThatFailsReportsWhatItSaid()
    {
        var command = _scratch.Script("fails", "echo 'no route to the hypervisor' >&2; exit 3");
        var r = ProcessRunner.Run(RepoPaths.Program("vsh"), ["-c", $"test+ext:///default?command={command}", "list"], stdin: "",
            environment: ProcessRunner.LibvirtClientEnvironment);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("no route to the hypervisor", r.Stderr);
    }

    [Fact]
    public void ExtWithoutACommandIsAnInvalidUri()
    {
        var r = ProcessRunner.Run(RepoPaths.Program("vsh"), ["-c", "test+ext:///default", "list"], stdin: "",
            environment: ProcessRunner.LibvirtClientEnvironment);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("for 'ext' transport, command is required", r.Stderr);
    }
}
