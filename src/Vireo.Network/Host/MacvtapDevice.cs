using System.Globalization;
using System.Text.Json;

namespace Vireo.Network.Host;

/// <summary>
/// macvtap devices for guests' &lt;interface type='direct'&gt; (libvirt's macvtapN): a macvtap on a host device in
/// vepa, bridge, private or passthrough mode, carrying the guest's own MAC. QEMU does not open it by name: it gets
/// an open descriptor of the device's character node /dev/tapIFINDEX.
/// </summary>
public sealed class MacvtapDevice(HostCommands host)
{
    /// <summary>libvirt's prefix for the names it generates.</summary>
    public const string Prefix = "macvtap";

    /// <summary>libvirt's source modes, as the domain XML spells them.</summary>
    public static readonly string[] Modes = ["vepa", "private", "bridge", "passthrough"];

    /// <summary>The first unused macvtapN name.</summary>
    public async Task<string> NextFreeNameAsync(IEnumerable<string>? reserved = null)
    {
        var used = new HashSet<string>(await new LinkDevice(host).ListAsync().ConfigureAwait(false));
        if (reserved is not null)
            used.UnionWith(reserved);
        for (int i = 0; ; i++)
        {
            var name = Prefix + i.ToString(CultureInfo.InvariantCulture);
            if (!used.Contains(name))
                return name;
        }
    }

    /// <summary>
    /// Creates macvtap NAME on DEV in MODE with the guest's MAC and brings it up; a missing DEV fails with libvirt's
    /// "error creating macvtap interface NAME@DEV (MAC): No such device" and nothing is left behind.
    /// </summary>
    public async Task CreateAsync(string name, string dev, string mode, string guestMac)
    {
        if (!await new LinkDevice(host).ExistsAsync(dev).ConfigureAwait(false))
            throw new HostCommandException("ip", 1, $"error creating macvtap interface {name}@{dev} ({guestMac}): No such device");
        // iproute2 spells passthrough "passthru".
        var ipMode = mode == "passthrough" ? "passthru" : mode;
        var (code, _, err) = await host.TryRunAsync(["ip", "link", "add", "link", dev, "name", name, "address", guestMac, "type", "macvtap", "mode", ipMode]).ConfigureAwait(false);
        if (code != 0)
            throw new HostCommandException("ip", code, $"error creating macvtap interface {name}@{dev} ({guestMac}): {err.Trim()}");
        try
        {
            await host.RunAsync(["ip", "link", "set", "dev", name, "up"]).ConfigureAwait(false);
        }
        catch
        {
            await DeleteAsync(name).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// The character device QEMU must open for macvtap NAME: /dev/tapIFINDEX when that node is this device's (the
    /// kernel's devtmpfs names it after the ifindex, which another network namespace may share); otherwise a node
    /// of its own made in <paramref name="nodeDir"/>.
    /// </summary>
    public async Task<string> CharDevicePathAsync(string name, string nodeDir)
    {
        var json = await host.RunAsync(["ip", "-j", "link", "show", "dev", name]).ConfigureAwait(false);
        int index;
        using (var doc = JsonDocument.Parse(json))
            index = doc.RootElement[0].GetProperty("ifindex").GetInt32();
        var tap = "tap" + index.ToString(CultureInfo.InvariantCulture);
        // sysfs as seen from the device's namespace says which major:minor belongs to it.
        var devNumbers = (await host.RunAsync(["cat", $"/sys/class/net/{name}/macvtap/{tap}/dev"]).ConfigureAwait(false)).Trim();
        var standard = "/dev/" + tap;
        var (code, actual, _) = await host.TryRunAsync(["stat", "-L", "-c", "%t:%T", standard]).ConfigureAwait(false);
        if (code == 0 && SameDevice(actual.Trim(), devNumbers))
            return standard;
        Directory.CreateDirectory(nodeDir);
        var own = Path.Combine(nodeDir, name);
        File.Delete(own);
        var mm = devNumbers.Split(':');
        await host.RunAsync(["mknod", "-m", "0600", own, "c", mm[0], mm[1]]).ConfigureAwait(false);
        return own;
    }

    /// <summary>Removes the macvtap; one already gone is fine.</summary>
    public Task DeleteAsync(string name) => new LinkDevice(host).DeleteAsync(name);

    // stat prints hex major:minor, sysfs decimal.
    private static bool SameDevice(string statHex, string sysfsDecimal)
    {
        var a = statHex.Split(':');
        var b = sysfsDecimal.Split(':');
        return a.Length == 2 && b.Length == 2
            && int.TryParse(a[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var x1) && int.TryParse(a[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var y1)
            && int.TryParse(b[0], CultureInfo.InvariantCulture, out var x2) && int.TryParse(b[1], CultureInfo.InvariantCulture, out var y2)
            && x1 == x2 && y1 == y2;
    }
}
