namespace Vireo.Drivers.Qemu;

/// <summary>
/// Where the QEMU driver keeps its state under the daemon's directories: persistent configs in ETC/qemu/NAME.xml
/// (autostart links in ETC/qemu/autostart), live status, monitor sockets and pid files in RUN/qemu, QEMU logs in
/// LOG/qemu/NAME.log, and per-domain runtime files (channel sockets) in LIB/qemu.
/// </summary>
public sealed record QemuDriverPaths(string Etc, string Lib, string Run, string Log)
{
    public string ConfigDir => Path.Combine(Etc, "qemu");
    public string AutostartDir => Path.Combine(ConfigDir, "autostart");
    public string StateDir => Path.Combine(Run, "qemu");
    public string LogDir => Path.Combine(Log, "qemu");
    public string LibDir => Path.Combine(Lib, "qemu");

    public string ConfigFile(string name) => Path.Combine(ConfigDir, name + ".xml");
    public string AutostartLink(string name) => Path.Combine(AutostartDir, name + ".xml");
    public string StatusFile(string name) => Path.Combine(StateDir, name + ".xml");
    public string MonitorSocket(string name) => Path.Combine(StateDir, name + ".monitor");
    /// <summary>The owners disk images had before QEMU started (DAC dynamic_ownership), restored when it ends.</summary>
    public string OwnersFile(string name) => Path.Combine(StateDir, name + ".owners");

    public string PidFile(string name) => Path.Combine(StateDir, name + ".pid");
    public string LogFile(string name) => Path.Combine(LogDir, name + ".log");
    public string ManagedSaveFile(string name) => Path.Combine(LibDir, "save", name + ".save");
    /// <summary>The guest agent's channel socket (RUN/qemu/NAME.agent).</summary>
    public string AgentSocket(string name) => Path.Combine(StateDir, name + ".agent");
    public string ChannelDir(string name) => Path.Combine(LibDir, "channel", name);

    /// <summary>Creates the driver's directories.</summary>
    public void CreateDirectories()
    {
        foreach (var d in new[] { ConfigDir, AutostartDir, StateDir, LogDir, LibDir })
            Directory.CreateDirectory(d);
    }
}
