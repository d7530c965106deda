using Vireo.Integration.Tests.Infrastructure;

namespace Vireo.Integration.Tests.Fixtures;

/// <summary>
/// A private, real libvirtd 9.0 (Debian) serving only the built-in <c>test</c> driver on a UNIX socket (see
/// <see cref="PrivateLibvirtd"/> for how it is kept away from the host); the reference implementation our daemon
/// is compared against. Use as <c>IClassFixture&lt;LibvirtdFixture&gt;</c>.
/// <para>
/// libvirtd's <c>test:///default</c> is reset when its last connection closes: run a sequence that must
/// see its own changes in one connection (one virsh session, one python connection).
/// </para>
/// </summary>
public class LibvirtdFixture : IDisposable
{
    /// <summary>The daemon binary.</summary>
    public const string LibvirtdPath = PrivateLibvirtd.LibvirtdPath;

    private readonly PrivateLibvirtd _daemon = new(new PrivateLibvirtdOptions
    {
        Name = "libvirtd",
        ExtraConfig = "keepalive_interval = 5\nkeepalive_count = 5\n",
    });

    /// <summary>The private directory holding config, log, sockets and state; removed on dispose (unless VIREO_KEEP_TMP=1).</summary>
    public string TempDir => _daemon.TempDir;

    /// <summary>A directory the daemon may write (it runs as nobody when the tests run as root), e.g. for save images.</summary>
    public string WorkDir => _daemon.WorkDir;

    /// <summary>The libvirtd.conf in use.</summary>
    public string ConfigPath => _daemon.ConfigPath;

    /// <summary>libvirtd's own log (warnings and errors).</summary>
    public string LogPath => _daemon.LogPath;

    /// <summary>libvirtd's pid file.</summary>
    public string PidPath => _daemon.PidPath;

    /// <summary>The read-write UNIX socket.</summary>
    public string SocketPath => _daemon.SocketPath;

    /// <summary>The read-only socket: an unprivileged libvirtd has none, so this is null.</summary>
    public string? RoSocketPath => null;

    /// <summary><c>test+unix:///default?socket=...</c></summary>
    public string TestUri => UriFor("test:///default");

    /// <summary>libvirtd's pid.</summary>
    public int Pid => _daemon.Pid;

    /// <summary>
    /// A <c>test+unix</c> URI for a custom test-driver node file. The daemon reads the file itself, so it
    /// is first copied into <see cref="WorkDir"/> (readable by nobody).
    /// </summary>
    public string TestUriFor(string nodeXmlPath)
    {
        var copy = Path.Combine(WorkDir, Path.GetFileName(nodeXmlPath));
        File.Copy(nodeXmlPath, copy, overwrite: true);
        File.SetUnixFileMode(copy, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        return UriFor("test://" + copy);
    }

    /// <summary>
    /// Waits (polling, bounded) until test:///default is in its initial state again, i.e. libvirtd has
    /// processed the close of the previous connection and reset the driver: domain 'test' is running.
    /// Call before a session that must start from the initial state.
    /// </summary>
    public void WaitForFreshTestDefault(TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        ProcessResult r;
        do
        {
            r = ProcessRunner.Virsh(TestUri, new[] { "domstate", "test" }, TimeSpan.FromSeconds(30));
            if (r.Succeeded && r.Stdout.Trim() == "running")
            {
                return;
            }
        }
        while (DateTime.UtcNow < deadline && !r.TimedOut);

        throw new TimeoutException("libvirtd's test:///default did not return to its initial state (domain test running):\n" + r + Describe());
    }

    /// <summary>Turns a plain driver URI (<c>test:///default</c>) into one reaching this daemon's socket.</summary>
    public string UriFor(string driverUri) => _daemon.UriFor(driverUri);

    /// <summary>Process state, stdout/stderr and the log file, for failure messages.</summary>
    public string Describe() => _daemon.Describe();

    public void Dispose()
    {
        _daemon.Dispose();
        GC.SuppressFinalize(this);
    }
}
