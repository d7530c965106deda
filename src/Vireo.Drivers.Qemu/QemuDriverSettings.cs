namespace Vireo.Drivers.Qemu;

/// <summary>Tunables of the QEMU driver; the defaults suit a daemon, tests shorten or redirect some.</summary>
public sealed record QemuDriverSettings
{
    /// <summary>The emulator binary used when a definition names none.</summary>
    public string Emulator { get; init; } = "/usr/bin/qemu-system-x86_64";

    /// <summary>Kernel and initramfs the KVM probe boots (the test guest); null looks in $VIREO_GUEST_CACHE or ~/.cache/vireo-guest.</summary>
    public (string Kernel, string Initrd)? KvmProbeGuest { get; init; }

    /// <summary>How long the KVM probe waits for the guest's marker (a working KVM boots it in about a second).</summary>
    public TimeSpan KvmProbeDeadline { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>"kvm", "tcg" or null (probe): forces the accelerator for type='kvm' domains.</summary>
    public string? ForceKvmAccel { get; init; } = Environment.GetEnvironmentVariable("VIREO_QEMU_KVM_ACCEL");

    /// <summary>How long QEMU may take to initialise and open its monitor.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a save or restore may take (QEMU's migration stream to or from the file).</summary>
    public TimeSpan SaveTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// An outgoing migration whose stream has not moved for this long is cancelled as lost (link cut); the daemon
    /// sets it from keepalive_interval × (keepalive_count + 1), the patience it has with a silent client. Zero: never.
    /// </summary>
    public TimeSpan MigrationStallTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long destroy waits after SIGTERM before SIGKILL.</summary>
    public TimeSpan DestroyGrace { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Starting a guest past RAM + swap or past the physical CPUs: warn (default) or refuse.</summary>
    public Host.OvercommitPolicy Overcommit { get; init; } = Host.OvercommitPolicy.Warn;

    /// <summary>Start the autostart domains when the driver is first opened (daemon start).</summary>
    public bool Autostart { get; init; } = true;

    /// <summary>Where the driver reports warnings (accelerator fallback, reattach results); defaults to stderr.</summary>
    public Action<string> Log { get; init; } = static m => Console.Error.WriteLine("vireod: qemu: " + m);

    /// <summary>Named network namespace the network plumbing (bridges, taps, nft, dnsmasq) runs in; null for the daemon's own.</summary>
    public string? NetworkNamespace { get; init; }

    /// <summary>Host settings from qemu.conf (VNC TLS, QEMU's user and group); null: the factory loads ETC/qemu.conf.</summary>
    public QemuConf? Conf { get; init; }
}
