using Vireo.Integration.Tests.Infrastructure;

namespace Vireo.Integration.Tests.FixtureTests;

[Trait("Category", "Integration")]
public sealed class ProcessRunnerTests
{
    [Fact]
    public void ReturnsStatusAndBothStreams()
    {
        var r = ProcessRunner.Run("/bin/sh", new[] { "-c", "echo out; echo err >&2; exit 3" });
        Assert.Equal(3, r.ExitCode);
        Assert.Equal("out\n", r.Stdout);
        Assert.Equal("err\n", r.Stderr);
        Assert.False(r.TimedOut);
    }

    [Fact]
    public void FeedsStdinAndEnvironment()
    {
        var env = new Dictionary<string, string?> { ["VIREO_T"] = "x", ["HOME"] = null };
        var r = ProcessRunner.Run("/bin/sh", new[] { "-c", "read a; echo \"$a $VIREO_T ${HOME:-nohome}\"" }, stdin: "hello\n", environment: env);
        Assert.Equal("hello x nohome\n", r.Stdout);
    }

    [Fact]
    public void KillsAtTheDeadline()
    {
        var r = ProcessRunner.Run("/bin/sleep", new[] { "30" }, timeout: TimeSpan.FromMilliseconds(300));
        Assert.True(r.TimedOut);
        Assert.Equal(-1, r.ExitCode);
    }

    [Fact]
    public void MergesStderrInOrder()
    {
        var r = ProcessRunner.Run("/bin/sh", new[] { "-c", "echo 1; echo 2 >&2; echo 3" }, mergeStderr: true);
        Assert.Equal("1\n2\n3\n", r.Stdout);
    }

    [Fact]
    public void VirshAndPythonAreTheDebianOnes()
    {
        Assert.Contains("9.0.0", ProcessRunner.Run(ProcessRunner.VirshPath, new[] { "--version" }).Stdout);
        var py = ProcessRunner.Python("import libvirt, sys; print(libvirt.getVersion())");
        Assert.True(py.Succeeded, py.ToString());
        Assert.Equal("9000000", py.Stdout.Trim());
    }
}
