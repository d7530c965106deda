using Vireo.Integration.Tests.Fixtures;

namespace Vireo.Integration.Tests.Qemu;

/// <summary>
/// A private, real libvirtd 9.0 with only its qemu driver loaded, serving <c>qemu:///session</c>: the reference
/// for host facts (capabilities). Kept away from the host as every <see cref="PrivateLibvirtd"/> is (as nobody,
/// session mode: no networks, no firewall). Start no guests through it.
/// </summary>
public sealed class LibvirtdQemuFixture : IDisposable
{
    private const string QemuModule = "/usr/lib/x86_64-linux-gnu/libvirt/connection-driver/libvirt_driver_qemu.so";
    private readonly PrivateLibvirtd? _daemon;

    public LibvirtdQemuFixture()
    {
        if (!File.Exists(PrivateLibvirtd.LibvirtdPath) || !File.Exists(QemuModule) || !File.Exists("/usr/bin/qemu-system-x86_64"))
        {
            Unavailable = $"libvirtd, its qemu driver ({QemuModule}) or qemu-system-x86_64 is not installed: run scripts/setup";
            return;
        }
        _daemon = new PrivateLibvirtd(new PrivateLibvirtdOptions
        {
            Name = "libvirtd-qemu",
            DriverModules = [QemuModule],
            StartTimeout = TimeSpan.FromSeconds(60),
        });
    }

    /// <summary>Why the reference cannot run here, or null.</summary>
    public string? Unavailable { get; }

    public string TempDir => _daemon?.TempDir ?? "";

    /// <summary><c>qemu+unix:///session?socket=...</c></summary>
    public string Uri => _daemon?.UriFor("qemu:///session") ?? "";

    public void Dispose() => _daemon?.Dispose();
}
