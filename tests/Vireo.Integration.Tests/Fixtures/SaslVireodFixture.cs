using Vireo.Integration.Tests.Infrastructure;
using Vireo.Integration.Tests.Remote;

namespace Vireo.Integration.Tests.Fixtures;

/// <summary>
/// vireod (test driver only) demanding SASL on its read-write unix socket and on a loopback TCP listener
/// (<c>auth_unix_rw = auth_tcp = "sasl"</c>), with one user, <see cref="User"/>/<see cref="Password"/>, made by
/// out/bin/vireo-saslpasswd in a database outside the daemon's root (<c>sasl_db_path</c>).
/// </summary>
public sealed class SaslVireodFixture : VireodFixture, IDisposable
{
    public const string User = "fred";
    public const string Password = "correct horse";

    public SaslVireodFixture()
        : this(new RemoteScratch("vireo-sasl-"), RemoteScratch.FreePort())
    {
    }

    private SaslVireodFixture(RemoteScratch scratch, int port)
        : base(Prepare(scratch, port))
    {
        Scratch = scratch;
        TcpPort = port;
    }

    public RemoteScratch Scratch { get; }
    public int TcpPort { get; }
    public string UserDatabase => Scratch.PathOf("sasl-users");

    /// <summary><c>test+tcp://127.0.0.1:PORT/default</c></summary>
    public string TcpUri => $"test+tcp://127.0.0.1:{TcpPort}/default";

    private static string[] Prepare(RemoteScratch scratch, int port)
    {
        var db = scratch.PathOf("sasl-users");
        ProcessRunner.Run(RepoPaths.Program("vireo-saslpasswd"), ["-f", db, "-p", User], stdin: Password + "\n").EnsureSuccess();
        var config = scratch.PathOf("vireod.conf");
        File.WriteAllText(config, $"""
            drivers = ["test"]
            auth_unix_rw = "sasl"
            auth_tcp = "sasl"
            sasl_db_path = "{db}"

            """);
        return ["--config", config, "--listen-tcp", $"127.0.0.1:{port}"];
    }

    public new void Dispose()
    {
        base.Dispose();
        Scratch.Dispose();
    }
}
