using Vireo.Integration.Tests.Fixtures;

namespace Vireo.Integration.Tests.Remote;

/// <summary>
/// vireod whose read-write socket anyone may open (mode 0666), guarded by an ACL file: user nobody may read
/// everything and start/stop domains named web-*; every other non-root user gets nothing.
/// Domains web-1 and db-1 are defined (as root) for the tests.
/// </summary>
public sealed class AclVireodFixture : VireodFixture, IDisposable
{
    public const string Acl = """
        # subject       permissions                                        object
        allow user:nobody connect:getattr,connect:read,connect:search_*,domain:getattr,domain:read *
        allow user:nobody domain:start,domain:stop                         web-*
        """;

    public AclVireodFixture()
        : this(Prepare())
    {
    }

    private AclVireodFixture(string configDir)
        : base(["--config", Path.Combine(configDir, "vireod.conf")])
    {
        ConfigDir = configDir;
        // the socket must be reachable by other users: open the private root's directories to them
        File.SetUnixFileMode(Root, (UnixFileMode)Convert.ToInt32("755", 8));
        File.SetUnixFileMode(RunDir, (UnixFileMode)Convert.ToInt32("755", 8));
        foreach (var name in new[] { "web-1", "db-1" })
        {
            var xml = Path.Combine(WorkDir, name + ".xml");
            File.WriteAllText(xml, $"<domain type='test'><name>{name}</name><memory>65536</memory><os><type>hvm</type></os></domain>");
            Infrastructure.ProcessRunner.Virsh(TestUri, "define", xml).EnsureSuccess();
        }
    }

    public string ConfigDir { get; }

    public string AuditLog => Path.Combine(Root, "log", "audit.log");

    private static string Prepare()
    {
        var dir = Directory.CreateTempSubdirectory("vireo-acl-").FullName;
        File.WriteAllText(Path.Combine(dir, "access.conf"), Acl);
        File.WriteAllText(Path.Combine(dir, "vireod.conf"), $"""
            unix_sock_rw_perms = "0666"
            access_file = "{dir}/access.conf"
            """);
        return dir;
    }

    public new void Dispose()
    {
        base.Dispose();
        try { Directory.Delete(ConfigDir, recursive: true); } catch (IOException) { }
    }
}
