using Vireo.Integration.Tests.Fixtures;

namespace Vireo.Integration.Tests.Storage;

/// <summary>
/// A private, real libvirtd 9.0 with its storage driver (and the fs and logical backends) loaded, serving
/// <c>storage:///session</c>: the reference for the storage commands. Kept away from the host as every
/// <see cref="PrivateLibvirtd"/> is. Pools it manages must live in <see cref="WorkDir"/> (writable by nobody).
/// </summary>
public sealed class LibvirtdStorageFixture : IDisposable
{
    private const string ModuleDir = "/usr/lib/x86_64-linux-gnu/libvirt";
    private readonly PrivateLibvirtd? _daemon;

    public LibvirtdStorageFixture()
    {
        var storageModule = Path.Combine(ModuleDir, "connection-driver", "libvirt_driver_storage.so");
        if (!File.Exists(PrivateLibvirtd.LibvirtdPath) || !File.Exists(storageModule))
        {
            Unavailable = $"libvirtd or its storage driver ({storageModule}) is not installed: run scripts/setup (libvirt-daemon-driver-storage)";
            return;
        }
        _daemon = new PrivateLibvirtd(new PrivateLibvirtdOptions
        {
            Name = "libvirtd-storage",
            DriverModules = [storageModule],
            StorageBackends = new[] { "fs", "logical" }
                .Select(b => Path.Combine(ModuleDir, "storage-backend", $"libvirt_storage_backend_{b}.so"))
                .Where(File.Exists).ToArray(),
        });
    }

    /// <summary>Why the reference cannot run here, or null.</summary>
    public string? Unavailable { get; }

    public string TempDir => _daemon?.TempDir ?? "";

    /// <summary>A directory nobody may write: pools go here.</summary>
    public string WorkDir => _daemon?.WorkDir ?? "";

    /// <summary><c>storage+unix:///session?socket=...</c></summary>
    public string Uri => _daemon?.UriFor("storage:///session") ?? "";

    public void Dispose() => _daemon?.Dispose();
}
