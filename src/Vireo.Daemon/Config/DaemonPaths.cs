namespace Vireo.Daemon.Config;

/// <summary>Where vireod keeps its state: under --root DIR, or the system paths when the root is "/".</summary>
public sealed record DaemonPaths(string Etc, string Lib, string Run, string Log)
{
    public static DaemonPaths ForRoot(string root)
    {
        root = Path.GetFullPath(root);
        return root == "/"
            ? new DaemonPaths("/etc/vireo", "/var/lib/vireo", "/run/vireo", "/var/log/vireo")
            : new DaemonPaths(Path.Combine(root, "etc"), Path.Combine(root, "lib"), Path.Combine(root, "run"), Path.Combine(root, "log"));
    }

    public string RwSocket => Path.Combine(Run, "vireo-sock");
    public string RoSocket => Path.Combine(Run, "vireo-sock-ro");
    public string PidFile => Path.Combine(Run, "vireod.pid");
    public string LogFile => Path.Combine(Log, "vireod.log");
    public string DefaultConfigFile => Path.Combine(Etc, "vireod.conf");

    public void CreateDirectories()
    {
        foreach (var d in new[] { Etc, Lib, Run, Log }) Directory.CreateDirectory(d);
    }
}
