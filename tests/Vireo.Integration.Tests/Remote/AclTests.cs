using Vireo.Integration.Tests.Infrastructure;

namespace Vireo.Integration.Tests.Remote;

/// <summary>
/// The ACL on the unix socket, with the real virsh run as other users (setpriv): nobody may read and start/stop
/// web-* only; uid 4242 may do nothing; root may do everything. Every mutating attempt is in LOG/audit.log.
/// </summary>
[Trait("Category", "Integration")]
public sealed class AclTests : IClassFixture<AclVireodFixture>
{
    private readonly AclVireodFixture _d;

    public AclTests(AclVireodFixture d) => _d = d;

    /// <summary>virsh as another uid/gid (no supplementary groups), with a HOME it may write.</summary>
    private ProcessResult VirshAs(int uid, params string[] args)
    {
        var env = new Dictionary<string, string?>(ProcessRunner.LibvirtClientEnvironment) { ["HOME"] = "/tmp", ["XDG_CACHE_HOME"] = "/tmp", ["XDG_CONFIG_HOME"] = "/tmp" };
        return ProcessRunner.Run("setpriv", new[] { $"--reuid={uid}", $"--regid={uid}", "--clear-groups", "virsh", "-c", _d.TestUri }.Concat(args), environment: env);
    }

    [RootFact]
    public void AllowedUserMayReadAndStartStopOnlyWebDomains()
    {
        var list = VirshAs(65534, "list", "--all");
        Assert.True(list.ExitCode == 0, list + "\n" + _d.Describe());
        Assert.Contains("web-1", list.Stdout);

        VirshAs(65534, "start", "web-1").EnsureSuccess();
        Assert.Equal("running", ProcessRunner.Virsh(_d.TestUri, "domstate", "web-1").EnsureSuccess().Stdout.Trim());
        VirshAs(65534, "destroy", "web-1").EnsureSuccess();

        var start = VirshAs(65534, "start", "db-1");
        Assert.NotEqual(0, start.ExitCode);
        Assert.Contains("access denied", start.Stderr);
        Assert.Contains("domain:start", start.Stderr);
        Assert.Equal("shut off", ProcessRunner.Virsh(_d.TestUri, "domstate", "db-1").EnsureSuccess().Stdout.Trim());

        var undefine = VirshAs(65534, "undefine", "web-1");
        Assert.Contains("access denied", undefine.Stderr);
        Assert.Contains("web-1", ProcessRunner.Virsh(_d.TestUri, "list", "--all").EnsureSuccess().Stdout);

        var audit = File.ReadAllLines(_d.AuditLog);
        Assert.Contains(audit, l => l.Contains("uid=65534") && l.Contains("op=virDomainCreate") && l.Contains("'web-1'") && l.Contains("result=success"));
        Assert.Contains(audit, l => l.Contains("uid=65534") && l.Contains("op=virDomainDestroy") && l.Contains("'web-1'") && l.Contains("result=success"));
        Assert.Contains(audit, l => l.Contains("uid=65534") && l.Contains("op=virDomainCreate") && l.Contains("'db-1'") && l.Contains("result=denied"));
        Assert.Contains(audit, l => l.Contains("uid=65534") && l.Contains("op=virDomainUndefine") && l.Contains("result=denied"));
    }

    [RootFact]
    public void UserWithoutRulesIsRefusedAtConnect()
    {
        var r = VirshAs(4242, "list");
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("access denied", r.Stderr);
        Assert.Contains(File.ReadAllLines(_d.AuditLog), l => l.Contains("uid=4242") && l.Contains("result=denied"));
    }

    [Fact]
    public void RootMayDoEverythingAndIsAudited()
    {
        ProcessRunner.Virsh(_d.TestUri, "start", "db-1").EnsureSuccess();
        ProcessRunner.Virsh(_d.TestUri, "destroy", "db-1").EnsureSuccess();
        var uid = Posix.IsRoot ? "uid=0" : "uid=";
        Assert.Contains(File.ReadAllLines(_d.AuditLog), l => l.Contains(uid) && l.Contains("op=virDomainDestroy") && l.Contains("'db-1'") && l.Contains("result=success"));
    }
}
