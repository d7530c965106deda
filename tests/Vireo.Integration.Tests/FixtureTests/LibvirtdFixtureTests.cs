using Vireo.Integration.Tests.Fixtures;
using Vireo.Integration.Tests.Infrastructure;

namespace Vireo.Integration.Tests.FixtureTests;

/// <summary>The private libvirtd answers the real virsh and python3-libvirt, and keeps away from the host.</summary>
[Trait("Category", "Integration")]
public sealed class LibvirtdFixtureTests : IClassFixture<LibvirtdFixture>
{
    private readonly LibvirtdFixture _libvirtd;

    public LibvirtdFixtureTests(LibvirtdFixture libvirtd) => _libvirtd = libvirtd;

    [Fact]
    public void VirshListsTheTestDomain()
    {
        var r = ProcessRunner.Virsh(_libvirtd.TestUri, "list", "--all");
        Assert.True(r.Succeeded, r.ToString());
        Assert.Contains(" 1    test   running", r.Stdout);
    }

    [Fact]
    public void UriPointsAtThePrivateSocket()
    {
        Assert.StartsWith("test+unix:///default?socket=", _libvirtd.TestUri);
        Assert.EndsWith("?socket=" + _libvirtd.SocketPath, _libvirtd.TestUri);
        Assert.StartsWith(_libvirtd.TempDir + "/", _libvirtd.SocketPath);
        Assert.True(File.Exists(_libvirtd.SocketPath));
        Assert.Null(_libvirtd.RoSocketPath);
    }

    [Fact]
    public void RunsUnprivilegedWhenTestsRunAsRoot()
    {
        var status = File.ReadAllLines($"/proc/{_libvirtd.Pid}/status");
        var uid = status.First(l => l.StartsWith("Uid:", StringComparison.Ordinal)).Split('\t', StringSplitOptions.RemoveEmptyEntries)[1];
        if (Posix.IsRoot)
        {
            Assert.Equal("65534", uid);   // nobody
        }

        Assert.Equal("/usr/sbin/libvirtd", File.ReadAllText($"/proc/{_libvirtd.Pid}/cmdline").Split('\0')[0]);
    }

    [Fact]
    public void PythonLibvirtSeesTheTestDriver()
    {
        const string Script = """
            import sys, libvirt
            c = libvirt.open(sys.argv[1])
            print(c.getType(), c.lookupByName('test').UUIDString(), c.getLibVersion())
            c.close()
            """;
        var r = ProcessRunner.Python(Script, _libvirtd.TestUri);
        Assert.True(r.Succeeded, r.ToString());
        Assert.Equal("TEST 6695eb01-f6a4-8304-79aa-97f2502e193f 9000000", r.Stdout.Trim());
    }

    [Fact]
    public void StateLivesAsLongAsTheConnection()
    {
        // one session sees its own change; the next connection gets a fresh test:///default
        var r = ProcessRunner.Virsh(_libvirtd.TestUri, "destroy test; domstate test");
        Assert.True(r.Succeeded, r.ToString());
        Assert.Contains("shut off", r.Stdout);
        _libvirtd.WaitForFreshTestDefault();   // throws unless the next connection sees 'test' running again
    }
}
