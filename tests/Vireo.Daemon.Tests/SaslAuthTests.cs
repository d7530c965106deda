using System.Text;
using Vireo.Client.Api;
using Vireo.Daemon.Config;
using Vireo.Protocol.Errors;
using Vireo.Protocol.Remote;
using Vireo.Protocol.Remote.Messages;
using Vireo.Protocol.Rpc;
using Vireo.Protocol.Sasl;
using Vireo.Protocol.Xdr;

namespace Vireo.Daemon.Tests;

/// <summary>The daemon's SASL gate on a socket configured with auth "sasl", driven packet by packet.</summary>
public sealed class SaslAuthTests : IDisposable
{
    private readonly InProcessDaemon _daemon;
    private readonly string _db;

    public SaslAuthTests()
    {
        _daemon = new InProcessDaemon(c => c.AuthUnixRw = "sasl");
        _db = Path.Combine(_daemon.Paths.Etc, "sasl-users");
        var users = new SaslUserDatabase();
        users.Set("fred", ScramVerifier.FromPassword("pw"));
        users.Save(_db);
    }

    public void Dispose() => _daemon.Dispose();

    private static T Ok<T>(Packet p) where T : IXdrMessage<T>
    {
        Assert.True(p.Header.Status == MessageStatus.Ok, p.Header.Status == MessageStatus.Error ? RawClient.ErrorOf(p).Message : "");
        return XdrCodec.Decode<T>(p.Payload.Span);
    }

    private static async Task LoginAsync(RawClient c, string user, string password)
    {
        Assert.Equal(Scram.Mechanism, Ok<AuthSaslInitRet>(await c.CallAsync(RemoteProcedure.AuthSaslInit)).MechList);
        var scram = new ScramClient(user, password);
        var first = Ok<AuthSaslStepRet>(await c.CallAsync(RemoteProcedure.AuthSaslStart,
            new AuthSaslStartArgs(Scram.Mechanism, false, Encoding.UTF8.GetBytes(scram.First())).Encode));
        Assert.False(first.Complete);
        var reply = await c.CallAsync(RemoteProcedure.AuthSaslStep,
            new AuthSaslStepArgs(false, Encoding.UTF8.GetBytes(scram.Step(Encoding.UTF8.GetString(first.Data)))).Encode);
        if (reply.Header.Status == MessageStatus.Error) throw RawClient.ErrorOf(reply).ToException();
        var final = Ok<AuthSaslStepRet>(reply);
        Assert.True(final.Complete);
        scram.Verify(Encoding.UTF8.GetString(final.Data));
    }

    [Fact]
    public async Task NothingButAuthRunsUntilTheClientLoggedIn()
    {
        using var c = new RawClient(_daemon.Paths.RwSocket);
        Assert.Equal(new[] { 1 }, Ok<AuthListRet>(await c.CallAsync(RemoteProcedure.AuthList)).Types);
        var open = await c.CallAsync(RemoteProcedure.ConnectOpen, new ConnectOpenArgs("test:///default", 0).Encode);
        var e = RawClient.ErrorOf(open);
        Assert.Equal(((int)ErrorCode.Rpc, "authentication required"), (e.Code, e.Message));

        await LoginAsync(c, "fred", "pw");
        Assert.Equal(new[] { 0 }, Ok<AuthListRet>(await c.CallAsync(RemoteProcedure.AuthList)).Types);
        await c.OpenAsync();
        // a second login on the same connection is refused
        Assert.Equal((int)ErrorCode.AuthFailed, RawClient.ErrorOf(await c.CallAsync(RemoteProcedure.AuthSaslInit)).Code);
    }

    [Fact]
    public async Task AWrongPasswordIsAuthFailedAndTheClientMayTryAgain()
    {
        using var c = new RawClient(_daemon.Paths.RwSocket);
        var e = await Assert.ThrowsAsync<LibvirtException>(() => LoginAsync(c, "fred", "nope"));
        Assert.Equal((ErrorCode.AuthFailed, "authentication failed: authentication failed"), (e.Code, e.Message));
        await LoginAsync(c, "fred", "pw");
        await c.OpenAsync();
    }

    [Fact]
    public async Task AStepWithoutAStartIsRefused()
    {
        using var c = new RawClient(_daemon.Paths.RwSocket);
        var step = await c.CallAsync(RemoteProcedure.AuthSaslStep, new AuthSaslStepArgs(false, "c=biws,r=x,p=AAAA"u8.ToArray()).Encode);
        Assert.Equal((int)ErrorCode.AuthFailed, RawClient.ErrorOf(step).Code);
    }

    [Fact]
    public async Task TheReadOnlySocketKeepsAuthNone()
    {
        using var c = new RawClient(_daemon.Paths.RoSocket);
        Assert.Equal(new[] { 0 }, Ok<AuthListRet>(await c.CallAsync(RemoteProcedure.AuthList)).Types);
        Assert.Equal((int)ErrorCode.AuthFailed, RawClient.ErrorOf(await c.CallAsync(RemoteProcedure.AuthSaslInit)).Code);
    }

    [Fact]
    public async Task TheClientLibraryLogsInWithAnAuthFile()
    {
        var auth = Path.Combine(_daemon.Root, "auth.conf");
        File.WriteAllText(auth, "[credentials-x]\nauthname=fred\npassword=pw\n[auth-libvirt-localhost]\ncredentials=x\n");
        await using var conn = await Connection.OpenAsync($"test+unix:///default?socket={_daemon.Paths.RwSocket}&authfile={auth}");
        Assert.True(conn.IsAlive);
        File.WriteAllText(auth, "[credentials-x]\nauthname=fred\npassword=bad\n[auth-libvirt-default]\ncredentials=x\n");
        var e = await Assert.ThrowsAsync<LibvirtException>(() => Connection.OpenAsync($"test+unix:///default?socket={_daemon.Paths.RwSocket}&authfile={auth}"));
        Assert.Equal("authentication failed: authentication failed", e.Message);
    }

    [Fact]
    public async Task UsersOffTheAllowedListAreRefusedEvenWithTheRightPassword()
    {
        using var daemon = new InProcessDaemon(c => { c.AuthUnixRw = "sasl"; c.SaslAllowedUsernames = ["ops-*"]; });
        var users = new SaslUserDatabase();
        users.Set("ops-1", ScramVerifier.FromPassword("a"));
        users.Set("eve", ScramVerifier.FromPassword("b"));
        users.Save(Path.Combine(daemon.Paths.Etc, "sasl-users"));
        using (var ok = new RawClient(daemon.Paths.RwSocket)) await LoginAsync(ok, "ops-1", "a");
        using var denied = new RawClient(daemon.Paths.RwSocket);
        var e = await Assert.ThrowsAsync<LibvirtException>(() => LoginAsync(denied, "eve", "b"));
        Assert.Equal(ErrorCode.AuthFailed, e.Code);
    }

    [Theory]
    [InlineData("auth_tcp = \"polkit\"")]
    [InlineData("auth_unix_rw = \"sasl2\"")]
    public void UnsupportedAuthSchemesAreConfigErrors(string line)
    {
        var file = Path.Combine(_daemon.Root, "bad.conf");
        File.WriteAllText(file, line + "\n");
        var e = Assert.Throws<FormatException>(() => DaemonConfig.Load(file));
        Assert.Contains("unsupported auth type", e.Message);
    }

    [Fact]
    public void AllowedUsernameListTakesGlobs()
    {
        var file = Path.Combine(_daemon.Root, "list.conf");
        File.WriteAllText(file, "sasl_allowed_username_list = [\"admin\", \"ops-*\"]\nauth_tcp = \"sasl\"\n");
        var config = DaemonConfig.Load(file);
        Assert.Equal(["admin", "ops-*"], config.SaslAllowedUsernames!);
        Assert.Equal("sasl", config.AuthTcp);
    }
}
