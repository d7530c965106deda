namespace Vireo.Host;

/// <summary>The test guest (tests/guest/build.sh) the KVM probe boots: the newest under $VIREO_GUEST_CACHE or ~/.cache/vireo-guest.</summary>
public static class ProbeGuest
{
    public static (string Kernel, string Initrd)? Find()
    {
        var cache = Environment.GetEnvironmentVariable("VIREO_GUEST_CACHE")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "vireo-guest");
        if (!Directory.Exists(cache))
            return null;
        var dir = new DirectoryInfo(cache).GetDirectories()
            .Where(x => File.Exists(Path.Combine(x.FullName, "vmlinuz")) && File.Exists(Path.Combine(x.FullName, "initrd.img")))
            .OrderByDescending(x => x.LastWriteTimeUtc).FirstOrDefault();
        return dir is null ? null : (Path.Combine(dir.FullName, "vmlinuz"), Path.Combine(dir.FullName, "initrd.img"));
    }
}
