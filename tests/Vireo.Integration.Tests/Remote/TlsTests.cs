using Vireo.Integration.Tests.Infrastructure;

namespace Vireo.Integration.Tests.Remote;

/// <summary>
/// The real virsh 9.0 and our vsh reach vireod over TLS with certificates from vireo-pki; a client whose DN is
/// not allowed, a revoked one, an expired one, one from another CA and one without a certificate are refused.
/// </summary>
[Trait("Category", "Integration")]
public sealed class TlsTests : IClassFixture<TlsVireodFixture>
{
    /// <summary>What virsh 9.0 says when the server closes the connection instead of confirming (it refused our certificate).</summary>
    private const string Refused = "Unable to read TLS confirmation";
    private readonly TlsVireodFixture _d;

    public TlsTests(TlsVireodFixture d) => _d = d;

    private static ProcessResult Vsh(string uri, params string[] args) =>
        ProcessRunner.Run(RepoPaths.Program("vsh"), new[] { "-c", uri }.Concat(args), environment: ProcessRunner.LibvirtClientEnvironment);

    [Fact]
    public void VirshListsDefinesAndStartsOverTls()
    {
        string uri = _d.TlsUri("alice");
        var list = ProcessRunner.Virsh(uri, "list", "--all");
        Assert.True(list.ExitCode == 0, list + "\n" + _d.Describe());
        Assert.Contains(" test ", list.Stdout);

        var xml = Path.Combine(_d.WorkDir, "tlsdom.xml");
        File.WriteAllText(xml, "<domain type='test'><name>tlsdom</name><memory>65536</memory><os><type>hvm</type></os></domain>");
        ProcessRunner.Virsh(uri, "define", xml).EnsureSuccess();
        ProcessRunner.Virsh(uri, "start", "tlsdom").EnsureSuccess();
        var state = ProcessRunner.Virsh(uri, "domstate", "tlsdom").EnsureSuccess();
        Assert.Equal("running", state.Stdout.Trim());
        // the same daemon seen through its unix socket agrees
        Assert.Contains("tlsdom", ProcessRunner.Virsh(_d.TestUri, "list").EnsureSuccess().Stdout);
        ProcessRunner.Virsh(uri, "destroy", "tlsdom").EnsureSuccess();
        ProcessRunner.Virsh(uri, "undefine", "tlsdom").EnsureSuccess();
    }

    [Fact]
    public void VshListsOverTls()
    {
        var r = Vsh(_d.TlsUri("alice"), "list", "--all");
        Assert.True(r.ExitCode == 0, r + "\n" + _d.Describe());
        Assert.Equal(ProcessRunner.Virsh(_d.TlsUri("alice"), "list", "--all").EnsureSuccess().Stdout, r.Stdout);
    }

    // GnuTLS sends no certificate that the CA names in the server's request do not cover: eve's is never seen.
    [Theory]
    [InlineData("mallory", "", "is not on the list of allowed clients")]
    [InlineData("revoked", "", "has been revoked")]
    [InlineData("eve", "&no_verify=1", "did not send a certificate")]
    public void VirshIsRefused(string client, string extra, string logged)
    {
        int before = LogCount(logged);
        var r = ProcessRunner.Virsh(_d.TlsUri(client, extra), "list");
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains(Refused, r.Stderr);
        AssertLoggedAgain(logged, before);
    }

    [Theory]
    [InlineData("mallory", "", "is not on the list of allowed clients")]
    [InlineData("revoked", "", "has been revoked")]
    [InlineData("eve", "&no_verify=1", "is not trusted")]
    [InlineData("expired", "", "has expired")]
    [InlineData("nocert", "", "did not send a certificate")]
    public void VshIsRefused(string client, string extra, string logged)
    {
        int before = LogCount(logged);
        var r = Vsh(_d.TlsUri(client, extra), "list");
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains(Refused, r.Stderr);
        AssertLoggedAgain(logged, before);
    }

    [Fact]
    public void VshRefusesAServerFromAnotherCa()
    {
        // eve's directory trusts only the other CA, so without no_verify the server's certificate is rejected by the client
        var r = Vsh(_d.TlsUri("eve"), "list");
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("authentication failed: Failed to verify peer's certificate", r.Stderr);
    }

    [Fact]
    public void VirshRefusesAServerFromAnotherCa()
    {
        var r = ProcessRunner.Virsh(_d.TlsUri("eve"), "list");
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("authentication failed: Failed to verify peer's certificate", r.Stderr);
    }

    [Fact]
    public void ACertificateRevokedWhileTheDaemonRunsIsRefusedFromItsNextConnection()
    {
        // "late" has the DN the allow-list admits for "revoked", but its own serial: accepted until vireo-pki revokes it
        var late = _d.ClientDir("late");
        TlsVireodFixture.Pki("create-client", "--ca-dir", Path.Combine(_d.PkiDir, "CA"), "--cn", "revoked", "--out", late);
        var before = Vsh(_d.TlsUri("late"), "list", "--name");
        Assert.True(before.ExitCode == 0, before + "\n" + _d.Describe());

        int refusals = LogCount("has been revoked");
        TlsVireodFixture.Pki("revoke", "--ca-dir", Path.Combine(_d.PkiDir, "CA"), Path.Combine(late, "clientcert.pem"));
        var after = Vsh(_d.TlsUri("late"), "list", "--name");
        Assert.NotEqual(0, after.ExitCode);
        Assert.Contains(Refused, after.Stderr);
        AssertLoggedAgain("has been revoked", refusals);
        Assert.True(LogCount("reloaded CRL") > 0, _d.Describe());
    }

    private int LogCount(string text)
    {
        var log = Path.Combine(_d.Root, "log", "vireod.log");
        return File.Exists(log) ? File.ReadLines(log).Count(l => l.Contains(text)) : 0;
    }

    /// <summary>The daemon logged the refusal reason once more than before this client tried.</summary>
    private void AssertLoggedAgain(string text, int before) =>
        PollDeadline(() => LogCount(text) > before, $"vireod.log never said '{text}' again:\n{_d.Describe()}");

    /// <summary>Polls (deadline 10 s) until the condition holds: the daemon logs after it closed the connection.</summary>
    private static void PollDeadline(Func<bool> condition, string message)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, message);
            Thread.Sleep(50); // poll until the deadline
        }
    }
}
