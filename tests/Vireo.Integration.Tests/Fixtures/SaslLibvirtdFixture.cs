using Vireo.Integration.Tests.Infrastructure;

namespace Vireo.Integration.Tests.Fixtures;

/// <summary>
/// A private real libvirtd (test driver) whose read-write socket asks for SASL (<c>auth_unix_rw = "sasl"</c>),
/// with Cyrus SASL configured through <c>SASL_CONF_PATH</c> (the temp dir's libvirt.conf: SCRAM-SHA-256 only,
/// a sasldb made by saslpasswd2), and one user <see cref="User"/>/<see cref="Password"/>. Kept away from the
/// host as every <see cref="PrivateLibvirtd"/> is.
/// </summary>
public sealed class SaslLibvirtdFixture : IDisposable
{
    public const string User = "fred";
    public const string Password = "battery staple";
    private readonly PrivateLibvirtd _daemon;

    public SaslLibvirtdFixture()
    {
        if (!File.Exists("/usr/sbin/saslpasswd2")) throw new InvalidOperationException("saslpasswd2 not found: run scripts/setup (Debian package sasl2-bin)");
        _daemon = new PrivateLibvirtd(new PrivateLibvirtdOptions
        {
            Name = "sasl-libvirtd",
            AuthUnixRw = "sasl",
            ExtraEnvironment = new Dictionary<string, string> { ["SASL_CONF_PATH"] = "{TempDir}/sasl" },
            Prepare = dir =>
            {
                var sasl = Directory.CreateDirectory(Path.Combine(dir, "sasl")).FullName;
                var db = Path.Combine(sasl, "passwd.db");
                File.WriteAllText(Path.Combine(sasl, "libvirt.conf"), $"mech_list: scram-sha-256\nsasldb_path: {db}\n");
                ProcessRunner.Run("/usr/sbin/saslpasswd2", ["-f", db, "-a", "libvirt", "-p", User], stdin: Password).EnsureSuccess();
            },
        });
    }

    public string TempDir => _daemon.TempDir;
    public string SocketPath => _daemon.SocketPath;
    public string TestUri => _daemon.UriFor("test:///default");

    public void Dispose() => _daemon.Dispose();
}
