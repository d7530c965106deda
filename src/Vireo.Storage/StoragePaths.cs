namespace Vireo.Storage;

/// <summary>
/// Where the storage driver keeps its state under the daemon's root: persistent configs in ETC/storage/NAME.xml,
/// autostart links in ETC/storage/autostart, the running pools in RUN/storage/NAME.xml, and the default pool's
/// directory LIB/images (libvirt's /var/lib/libvirt/images).
/// </summary>
public sealed record StoragePaths(string Etc, string Lib, string Run)
{
    public string ConfigDir => Path.Combine(Etc, "storage");
    public string AutostartDir => Path.Combine(ConfigDir, "autostart");
    public string StateDir => Path.Combine(Run, "storage");
    public string DefaultPoolPath => Path.Combine(Lib, "images");

    public string ConfigFile(string pool) => Path.Combine(ConfigDir, pool + ".xml");
    public string AutostartLink(string pool) => Path.Combine(AutostartDir, pool + ".xml");
    public string StateFile(string pool) => Path.Combine(StateDir, pool + ".xml");
}
