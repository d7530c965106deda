namespace Vireo.Network.Host;

/// <summary>net.ipv4.ip_forward (and IPv6 forwarding) of the namespace the commands run in.</summary>
public static class IpForwarding
{
    public static Task EnableAsync(HostCommands host, bool ipv6 = false) =>
        host.RunAsync(ipv6
            ? ["sysctl", "-q", "-w", "net.ipv4.ip_forward=1", "net.ipv6.conf.all.forwarding=1"]
            : ["sysctl", "-q", "-w", "net.ipv4.ip_forward=1"]);
}
