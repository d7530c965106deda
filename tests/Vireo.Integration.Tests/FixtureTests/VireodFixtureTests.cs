using Vireo.Integration.Tests.Fixtures;

namespace Vireo.Integration.Tests.FixtureTests;

[Trait("Category", "Integration")]
public sealed class VireodFixtureTests
{
    [Fact]
    public void MissingBinaryFailsAtOnceWithAClearMessage()
    {
        var e = Assert.Throws<InvalidOperationException>(() => new VireodAt("/nonexistent/vireod"));
        Assert.Contains("vireod not built at", e.Message);
    }

    [Fact]
    public void ADaemonThatDiesEarlyFailsFastWithItsOutput()
    {
        // a script that exits at once stands in for a crashing vireod
        var fake = Path.Combine(Path.GetTempPath(), "vireo-fake-vireod-" + Guid.NewGuid().ToString("N")[..8]);
        File.WriteAllText(fake, "#!/bin/sh\necho \"fake vireod: bad flags $*\" >&2\nexit 7\n");
        File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        try
        {
            var e = Assert.Throws<InvalidOperationException>(() => new VireodAt(fake));
            Assert.Contains("exited with status 7", e.Message);
            Assert.Contains("fake vireod: bad flags --root", e.Message);
        }
        finally
        {
            File.Delete(fake);
        }
    }

    private sealed class VireodAt : VireodFixture
    {
        public VireodAt(string path)
            : base(path, Array.Empty<string>())
        {
        }
    }
}
