namespace Vireo.Daemon;

/// <summary>Version facts vireod reports.</summary>
public static class DaemonInfo
{
    public const string Version = "0.1.0";

    /// <summary>The libvirt library version we are wire-compatible with (virConnectGetLibVersion): 9.0.0.</summary>
    public const ulong LibvirtCompatVersion = 9_000_000;
}
