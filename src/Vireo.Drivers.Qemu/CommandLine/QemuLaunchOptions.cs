namespace Vireo.Drivers.Qemu.CommandLine;

/// <summary>
/// What the command line needs besides the domain definition: choices made at start time (accelerator, VNC ports)
/// and host paths (monitor socket, pid file, log). Pure data, so the same inputs always give the same argv.
/// </summary>
public sealed record QemuLaunchOptions
{
    /// <summary>"kvm" or "tcg": the accelerator actually used (a type='kvm' domain may fall back to tcg).</summary>
    public required string Accel { get; init; }

    /// <summary>Unix socket of the QMP monitor.</summary>
    public required string MonitorSocket { get; init; }

    /// <summary>Pid file QEMU writes (-pidfile), if any.</summary>
    public string? PidFile { get; init; }

    /// <summary>QEMU's log file (-D): keeps its stderr after -daemonize.</summary>
    public string? LogFile { get; init; }

    /// <summary>Run detached (-daemonize), so the guest survives the daemon.</summary>
    public bool Daemonize { get; init; }

    /// <summary>Directory for unix-socket character devices that name no path (libvirt's channel dir).</summary>
    public string? ChannelDir { get; init; }

    /// <summary>Socket of the guest agent channel (org.qemu.guest_agent.0) when it names no path; else it goes to <see cref="ChannelDir"/>.</summary>
    public string? AgentSocket { get; init; }

    /// <summary>-incoming value (e.g. "defer" for restore), or null for a fresh boot.</summary>
    public string? Incoming { get; init; }

    /// <summary>TCP port for each autoport VNC/SPICE graphics device, in device order (allocated by the driver from 5900).</summary>
    public IReadOnlyList<int> GraphicsPorts { get; init; } = [];

    /// <summary>Directory of the VNC server's x509 certificates when VNC uses TLS (qemu.conf vnc_tls), else null.</summary>
    public string? VncTlsX509Dir { get; init; }

    /// <summary>"UID:GID" QEMU switches to once initialised (-runas; qemu.conf user/group), or null to stay as the daemon.</summary>
    public string? RunAs { get; init; }

    /// <summary>VNC clients must present a certificate signed by the CA (qemu.conf vnc_tls_x509_verify).</summary>
    public bool VncTlsVerify { get; init; }
}
