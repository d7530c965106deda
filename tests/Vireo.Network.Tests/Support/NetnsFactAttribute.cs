namespace Vireo.Network.Tests.Support;

/// <summary>A test that needs to create network namespaces (root, iproute2, nft, dnsmasq, busybox); skipped with the reason otherwise.</summary>
public sealed class NetnsFactAttribute : FactAttribute
{
    public NetnsFactAttribute()
    {
        if (Missing() is { } why)
            Skip = why + ": network namespace tests skipped";
    }

    internal static string? Missing()
    {
        if (Environment.UserName != "root")
            return "not running as root (network namespaces need CAP_SYS_ADMIN)";
        foreach (var tool in new[] { "/usr/sbin/ip", "/usr/sbin/nft", "/usr/sbin/dnsmasq", "/bin/busybox" })
            if (!File.Exists(tool))
                return $"{tool} is missing (scripts/setup installs iproute2, nftables, dnsmasq-base, busybox-static)";
        return null;
    }
}
