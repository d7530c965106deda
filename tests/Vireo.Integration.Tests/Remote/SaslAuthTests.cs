using Vireo.Integration.Tests.Fixtures;
using Vireo.Integration.Tests.Infrastructure;

namespace Vireo.Integration.Tests.Remote;

/// <summary>
/// SASL (SCRAM-SHA-256) on vireod: the real virsh (Cyrus SASL's SCRAM plugin) and vsh authenticate with the
/// right password from a libvirt auth.conf and are refused with a wrong one; nothing runs before auth.
/// </summary>
[Trait("Category", "Integration")]
public sealed class SaslAuthTests : IClassFixture<SaslVireodFixture>
{
    private readonly SaslVireodFixture _vireod;

    public SaslAuthTests(SaslVireodFixture vireod) => _vireod = vireod;

    private static Dictionary<string, string?> EnvWithAuthFile(string authFile) =>
        new(ProcessRunner.LibvirtClientEnvironment) { ["LIBVIRT_AUTH_FILE"] = authFile };

    private ProcessResult Virsh(string uri, string authFile, params string[] args) =>
        ProcessRunner.Run(ProcessRunner.VirshPath, ["-c", uri, .. args], stdin: "", environment: EnvWithAuthFile(authFile));

    private ProcessResult Vsh(string uri, string authFile, params string[] args) =>
        ProcessRunner.Run(RepoPaths.Program("vsh"), ["-c", uri, .. args], stdin: "", environment: EnvWithAuthFile(authFile));

    private string GoodAuth => _vireod.Scratch.AuthFile("auth-good.conf", SaslVireodFixture.User, SaslVireodFixture.Password);
    private string BadAuth => _vireod.Scratch.AuthFile("auth-bad.conf", SaslVireodFixture.User, "wrong horse");

    [Fact]
    public void RealVirshAuthenticatesOnTheUnixSocket()
    {
        var r = Virsh(_vireod.TestUri, GoodAuth, "list");
        Assert.True(r.Succeeded, r + _vireod.Describe());
        Assert.Contains(" test ", r.Stdout);
        Assert.Contains("SASL SCRAM-SHA-256 authenticated user 'fred'", _vireod.Output);
    }

    [Fact]
    public void RealVirshWithAWrongPasswordIsRefused()
    {
        var r = Virsh(_vireod.TestUri, BadAuth, "list");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("error: authentication failed: authentication failed", r.Stderr);
    }

    [Fact]
    public void RealVirshWithAnUnknownUserIsRefusedTheSameWay()
    {
        var r = Virsh(_vireod.TestUri, _vireod.Scratch.AuthFile("auth-nobody.conf", "mallory", SaslVireodFixture.Password), "list");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("error: authentication failed: authentication failed", r.Stderr);
    }

    [Fact]
    public void RealVirshRefusesScramOnPlainTcpForLackOfASecurityLayer()
    {
        // libvirt's client demands an SSF of 56 on a connection that is neither TLS nor unix, which SCRAM cannot
        // give (libvirtd's own sasl docs: SCRAM only with TLS or unix sockets): the client refuses before any secret leaves.
        var r = Virsh(_vireod.TcpUri, GoodAuth, "list");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("No worthy mechs found", r.Stderr);
    }

    [Fact]
    public void VshAuthenticatesOverTcpAndOnTheUnixSocket()
    {
        foreach (var uri in new[] { _vireod.TcpUri, _vireod.TestUri })
        {
            var r = Vsh(uri, GoodAuth, "list");
            Assert.True(r.Succeeded, uri + "\n" + r + _vireod.Describe());
            Assert.Contains(" test ", r.Stdout);
        }
    }

    [Fact]
    public void VshWithAWrongPasswordIsRefused()
    {
        var r = Vsh(_vireod.TcpUri, BadAuth, "list");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("error: authentication failed: authentication failed", r.Stderr);
    }

    [Fact]
    public void VshWithoutCredentialsOrTerminalFailsClearly()
    {
        var r = Vsh(_vireod.TcpUri, _vireod.Scratch.PathOf("no-such-auth.conf"), "list");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("Failed to collect auth credentials", r.Stderr);
    }

    [Fact]
    public void NoProcedureRunsBeforeAuthentication()
    {
        // a raw client sends CONNECT_OPEN (proc 1) straight away, skipping AUTH_LIST/AUTH_SASL_*
        const string script = """
            import socket, struct, sys
            s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
            body = struct.pack(">IIiiIi", 0x20008086, 1, 1, 0, 1, 0) + struct.pack(">II", 0, 0)
            s.sendall(struct.pack(">I", len(body) + 4) + body)
            n = struct.unpack(">I", s.recv(4))[0]
            data = b""
            while len(data) < n - 4: data += s.recv(n - 4 - len(data))
            status = struct.unpack(">i", data[20:24])[0]
            code, domain, present, length = struct.unpack(">iiII", data[24:40])
            print(status, code, data[40:40 + length].decode())
            """;
        var r = ProcessRunner.Python(script, _vireod.TcpPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(r.Succeeded, r.ToString());
        Assert.Equal("1 39 authentication required", r.Stdout.Trim()); // REMOTE_ERROR, VIR_ERR_RPC
    }

    [Fact]
    public void TheReadOnlySocketNeedsNoSasl()
    {
        var r = ProcessRunner.Virsh(_vireod.TestUriReadOnly, "-r", "list");
        Assert.True(r.Succeeded, r.ToString());
    }

    [Fact]
    public void TheUserDatabaseHoldsSaltedVerifiersOnly()
    {
        var text = File.ReadAllText(_vireod.UserDatabase);
        Assert.DoesNotContain(SaslVireodFixture.Password, text);
        Assert.Matches(@"(?m)^fred:SCRAM-SHA-256:4096:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$", text);
        Assert.Equal((UnixFileMode)Convert.ToInt32("600", 8), File.GetUnixFileMode(_vireod.UserDatabase));
    }

    [Fact]
    public void SaslPasswdAddsListsAndDeletesUsers()
    {
        var db = _vireod.Scratch.PathOf("other-users");
        var tool = RepoPaths.Program("vireo-saslpasswd");
        ProcessRunner.Run(tool, ["-f", db, "-p", "alice"], stdin: "pw1\n").EnsureSuccess();
        ProcessRunner.Run(tool, ["-f", db, "-p", "bob"], stdin: "pw2\n").EnsureSuccess();
        Assert.Equal("alice: SCRAM-SHA-256\nbob: SCRAM-SHA-256\n", ProcessRunner.Run(tool, ["-f", db, "-l"]).EnsureSuccess().Stdout);
        ProcessRunner.Run(tool, ["-f", db, "-d", "alice"]).EnsureSuccess();
        Assert.Equal("bob: SCRAM-SHA-256\n", ProcessRunner.Run(tool, ["-f", db, "-l"]).Stdout);
        var missing = ProcessRunner.Run(tool, ["-f", db, "-d", "alice"]);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("user 'alice' not found", missing.Stderr);
        var bad = ProcessRunner.Run(tool, ["-f", db, "-p", "a:b"], stdin: "x\n");
        Assert.Equal(1, bad.ExitCode);
        Assert.Equal("bob: SCRAM-SHA-256\n", ProcessRunner.Run(tool, ["-f", db, "-l"]).Stdout);
    }
}
