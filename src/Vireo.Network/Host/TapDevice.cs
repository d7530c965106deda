using System.Globalization;

namespace Vireo.Network.Host;

/// <summary>
/// Tap devices for guests (libvirt's vnetN): created persistent (QEMU opens it by name with ifname=, script=no),
/// given the guest's MAC with the first byte set to 0xfe as libvirt does (so the bridge never takes the guest's
/// MAC as its own), enslaved to a bridge and brought up.
/// </summary>
public sealed class TapDevice(HostCommands host)
{
    /// <summary>The host-side MAC libvirt gives a tap: the guest MAC with its first byte replaced by 0xfe.</summary>
    public static string HostSideMac(string guestMac) => "fe" + guestMac[2..];

    /// <summary>The first unused vnetN name (libvirt counts up from vnet0).</summary>
    public async Task<string> NextFreeNameAsync(IEnumerable<string>? reserved = null)
    {
        var used = new HashSet<string>(await new LinkDevice(host).ListAsync().ConfigureAwait(false));
        if (reserved is not null)
            used.UnionWith(reserved);
        for (int i = 0; ; i++)
        {
            var name = "vnet" + i.ToString(CultureInfo.InvariantCulture);
            if (!used.Contains(name))
                return name;
        }
    }

    /// <summary>Creates tap NAME with the guest's MAC on BRIDGE (null: unattached), optionally with an MTU, and brings it up.</summary>
    public async Task CreateAsync(string name, string guestMac, string? bridge, uint? mtu = null)
    {
        await host.RunAsync(["ip", "tuntap", "add", "dev", name, "mode", "tap", "vnet_hdr"]).ConfigureAwait(false);
        try
        {
            await host.RunAsync(["ip", "link", "set", "dev", name, "address", HostSideMac(guestMac)]).ConfigureAwait(false);
            if (mtu is { } m)
                await host.RunAsync(["ip", "link", "set", "dev", name, "mtu", m.ToString(CultureInfo.InvariantCulture)]).ConfigureAwait(false);
            if (bridge is not null)
                await host.RunAsync(["ip", "link", "set", "dev", name, "master", bridge]).ConfigureAwait(false);
            await host.RunAsync(["ip", "link", "set", "dev", name, "up"]).ConfigureAwait(false);
        }
        catch
        {
            await DeleteAsync(name).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Removes the tap; one already gone is fine.</summary>
    public Task DeleteAsync(string name) => new LinkDevice(host).DeleteAsync(name);
}
