using Vireo.Integration.Tests.Fixtures;
using Vireo.Integration.Tests.Infrastructure;

namespace Vireo.Integration.Tests.Clients;

/// <summary>python-libvirt (Debian python3-libvirt 9.0) as a client of vireod.</summary>
[Trait("Category", "Integration")]
public sealed class PythonLibvirtTests : IClassFixture<VireodFixture>
{
    private readonly VireodFixture _vireod;

    public PythonLibvirtTests(VireodFixture vireod) => _vireod = vireod;

    [Fact]
    public void OpenListLookupInfoCreateDestroyAndLifecycleEvents()
    {
        var script = Path.Combine(RepoPaths.Root, "tests", "Vireo.Integration.Tests", "Python", "lifecycle_events.py");
        var r = ProcessRunner.Python(File.ReadAllText(script), _vireod.TestUri, "py-events-" + Guid.NewGuid().ToString("N")[..8]);
        Assert.True(r.ExitCode == 0, $"python-libvirt check failed:\n{r.Stdout}\n{r.Stderr}\n{_vireod.Describe()}");
        Assert.Contains("ok: events", r.Stdout);
    }
}
