using Vireo.Integration.Tests.Fixtures;
using Vireo.Integration.Tests.Infrastructure;

namespace Vireo.Integration.Tests.Clients;

/// <summary>The real virsh on vireod's read-only socket: reading works, every mutating command is refused.</summary>
[Trait("Category", "Integration")]
public sealed class ReadOnlyVirshTests : IClassFixture<VireodFixture>
{
    private readonly VireodFixture _vireod;

    public ReadOnlyVirshTests(VireodFixture vireod) => _vireod = vireod;

    [Theory]
    [InlineData("list --all")]
    [InlineData("dumpxml test")]
    [InlineData("dominfo test")]
    [InlineData("net-list --all")]
    [InlineData("nodeinfo")]
    public void ReadingCommandsWork(string command)
    {
        var r = ProcessRunner.Virsh(_vireod.TestUriReadOnly, ["-r", .. command.Split(' ')]);
        Assert.True(r.ExitCode == 0, $"virsh -r {command}: {r.Stderr}");
    }

    [Theory]
    [InlineData("destroy test", "virDomainDestroy")]
    [InlineData("suspend test", "virDomainSuspend")]
    [InlineData("shutdown test", "virDomainShutdown")]
    [InlineData("setmem test 1024", "virDomainSetMemoryFlags")]
    [InlineData("autostart test", "virDomainSetAutostart")]
    [InlineData("net-destroy default", "virNetworkDestroy")]
    public void MutatingCommandsAreForbidden(string command, string api)
    {
        var r = ProcessRunner.Virsh(_vireod.TestUriReadOnly, ["-r", .. command.Split(' ')]);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains($"operation forbidden: read only access prevents {api}", r.Stderr);
        // nothing changed: the domain and network are still running
        var state = ProcessRunner.Virsh(_vireod.TestUri, "domstate", "test");
        Assert.Equal("running", state.Stdout.Trim());
    }

    [Fact]
    public void ReadOnlySocketRefusesEvenWithoutTheClientsOwnCheck()
    {
        // Opened without -r: the client does not refuse locally, the daemon must (the socket is read-only).
        var r = ProcessRunner.Virsh(_vireod.TestUriReadOnly, "destroy", "test");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("operation forbidden: read only access prevents virDomainDestroy", r.Stderr);
    }
}
