using System.Globalization;

namespace Vireo.Network.Host;

/// <summary>How a network's bridge is set up: name, STP and forward delay, MTU, MAC and addresses (CIDR).</summary>
public sealed record BridgeSpec(string Name, bool Stp, long DelaySeconds, uint? Mtu, string? Mac, IReadOnlyList<string> Addresses);

/// <summary>Creates and removes Linux bridges with ip(8).</summary>
public sealed class BridgeDevice(HostCommands host)
{
    private static string S(long v) => v.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Creates the bridge down, sets delay before STP (the kernel refuses a delay under 2 s once STP is on),
    /// MTU, MAC and addresses, then brings it up. On failure the half-made bridge is removed.
    /// </summary>
    public async Task CreateAsync(BridgeSpec spec)
    {
        // iproute2 takes the forward delay in centiseconds.
        await host.RunAsync(["ip", "link", "add", "name", spec.Name, "type", "bridge", "forward_delay", S(spec.DelaySeconds * 100), "stp_state", "0"]).ConfigureAwait(false);
        try
        {
            if (spec.Stp)
                await host.RunAsync(["ip", "link", "set", "dev", spec.Name, "type", "bridge", "stp_state", "1"]).ConfigureAwait(false);
            if (spec.Mtu is { } mtu)
                await host.RunAsync(["ip", "link", "set", "dev", spec.Name, "mtu", S(mtu)]).ConfigureAwait(false);
            if (spec.Mac is { } mac)
                await host.RunAsync(["ip", "link", "set", "dev", spec.Name, "address", mac]).ConfigureAwait(false);
            await new BridgeIpv6(host).ConfigureAsync(spec.Name, spec.Addresses.Any(a => a.Contains(':'))).ConfigureAwait(false);
            foreach (var a in spec.Addresses)
                await host.RunAsync(["ip", "addr", "add", a, "dev", spec.Name]).ConfigureAwait(false);
            await host.RunAsync(["ip", "link", "set", "dev", spec.Name, "up"]).ConfigureAwait(false);
        }
        catch
        {
            await new LinkDevice(host).DeleteAsync(spec.Name).ConfigureAwait(false);
            throw;
        }
    }
}
