using Vireo.Integration.Tests.Fixtures;
using Vireo.Integration.Tests.Infrastructure;

namespace Vireo.Integration.Tests.Remote;

/// <summary>
/// vsh over TLS against the real libvirtd configured with certificates from vireo-pki: same output as virsh for
/// an allowed client, and refused, as virsh is, for a DN off tls_allowed_dn_list and a revoked certificate.
/// </summary>
[Trait("Category", "Integration")]
public sealed class LibvirtdTlsTests : IClassFixture<TlsLibvirtdFixture>
{
    private readonly TlsLibvirtdFixture _d;

    public LibvirtdTlsTests(TlsLibvirtdFixture d) => _d = d;

    private static ProcessResult Vsh(string uri, params string[] args) =>
        ProcessRunner.Run(RepoPaths.Program("vsh"), new[] { "-c", uri }.Concat(args), environment: ProcessRunner.LibvirtClientEnvironment);

    [Theory]
    [InlineData("list", "--all")]
    [InlineData("domstate", "--reason", "test")]
    [InlineData("nodeinfo")]
    [InlineData("net-list", "--all")]
    [InlineData("uri")]
    public void VshPrintsWhatVirshPrints(params string[] command)
    {
        string uri = _d.TlsUri("alice");
        var virsh = ProcessRunner.Virsh(uri, command);
        Assert.True(virsh.ExitCode == 0, virsh + "\n" + _d.Describe());
        var vsh = Vsh(uri, command);
        Assert.True(vsh.ExitCode == 0, vsh + "\n" + _d.Describe());
        Assert.Equal(virsh.Stdout, vsh.Stdout);
    }

    [Fact]
    public void VshDefinesAndStartsADomainOverTls()
    {
        // libvirtd's test:///default lives as long as one connection: one vsh session does the whole sequence
        var xml = Path.Combine(_d.TempDir, "home", "tlsdom.xml");
        File.WriteAllText(xml, "<domain type='test'><name>tlsdom</name><memory>65536</memory><os><type>hvm</type></os></domain>");
        var r = ProcessRunner.Run(RepoPaths.Program("vsh"), ["-c", _d.TlsUri("alice")],
            stdin: $"define {xml}\nstart tlsdom\ndomstate tlsdom\nlist --name\n", environment: ProcessRunner.LibvirtClientEnvironment);
        Assert.True(r.ExitCode == 0, r + "\n" + _d.Describe());
        Assert.Contains("Domain 'tlsdom' started", r.Stdout);
        Assert.Contains("running", r.Stdout);
    }

    [Theory]
    [InlineData("mallory")]
    [InlineData("revoked")]
    public void VshIsRefusedLikeVirsh(string client)
    {
        var virsh = ProcessRunner.Virsh(_d.TlsUri(client), "list");
        var vsh = Vsh(_d.TlsUri(client), "list");
        Assert.NotEqual(0, virsh.ExitCode);
        Assert.NotEqual(0, vsh.ExitCode);
        Assert.Contains("Unable to read TLS confirmation", virsh.Stderr);
        Assert.Contains("Unable to read TLS confirmation", vsh.Stderr);
    }
}
