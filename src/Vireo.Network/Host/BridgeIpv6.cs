namespace Vireo.Network.Host;

/// <summary>
/// A network bridge's IPv6 settings, as libvirt sets them: with an IPv6 address the bridge keeps IPv6 on but takes
/// no router advertisements and makes no SLAAC address of its own (it is the router); without one, IPv6 is off
/// on the bridge. After the bridge is up, dnsmasq is started only once duplicate address detection has finished.
/// </summary>
public sealed class BridgeIpv6(HostCommands host)
{
    /// <summary>How long duplicate address detection may take before the start fails.</summary>
    public static readonly TimeSpan DadTimeout = TimeSpan.FromSeconds(5);

    public async Task ConfigureAsync(string bridge, bool hasIpv6)
    {
        // The slash form of the key copes with dots in interface names.
        var conf = "net/ipv6/conf/" + bridge + "/";
        if (hasIpv6)
            await host.RunAsync(["sysctl", "-q", "-w", conf + "disable_ipv6=0", conf + "accept_ra=0", conf + "autoconf=0"]).ConfigureAwait(false);
        else
            await host.RunAsync(["sysctl", "-q", "-w", conf + "disable_ipv6=1"]).ConfigureAwait(false);
    }

    /// <summary>
    /// Polls until no address of the bridge is tentative; fails after <see cref="DadTimeout"/> or on a DAD failure.
    /// A bridge without carrier (STP on, no port yet) does DAD only once its first port comes up: nothing to wait
    /// for then (dnsmasq's bind-dynamic takes the addresses when they become usable).
    /// </summary>
    public async Task WaitDadFinishAsync(string bridge)
    {
        if ((await host.RunAsync(["ip", "-o", "link", "show", "dev", bridge]).ConfigureAwait(false)).Contains("NO-CARRIER", StringComparison.Ordinal))
            return;
        var deadline = DateTime.UtcNow + DadTimeout;
        while (true)
        {
            var tentative = await host.RunAsync(["ip", "-6", "-o", "addr", "show", "dev", bridge, "tentative"]).ConfigureAwait(false);
            if (tentative.Contains("dadfailed", StringComparison.Ordinal))
                throw new HostCommandException("ip", 1, $"Duplicate address detection failed on {bridge}");
            if (tentative.Trim().Length == 0)
                return;
            if (DateTime.UtcNow > deadline)
                throw new HostCommandException("ip", 1, $"Timed out waiting for duplicate address detection on {bridge}");
            await Task.Delay(100).ConfigureAwait(false); // poll
        }
    }
}
