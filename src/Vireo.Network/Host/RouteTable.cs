using System.Text.Json;

namespace Vireo.Network.Host;

/// <summary>The routing table, for libvirt's check that a new network's subnet is not already routed somewhere.</summary>
public sealed class RouteTable(HostCommands host)
{
    /// <summary>The first route (device, destination) whose destination overlaps the subnet; default routes do not count.</summary>
    public async Task<(string Dev, string Dst)?> FindCollisionAsync(Subnet subnet)
    {
        var family = subnet.Network.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "-6" : "-4";
        var json = await host.RunAsync(["ip", family, "-j", "route", "show", "table", "main"]).ConfigureAwait(false);
        using var doc = JsonDocument.Parse(json);
        foreach (var r in doc.RootElement.EnumerateArray())
        {
            var dst = r.TryGetProperty("dst", out var d) ? d.GetString() : null;
            if (dst is null or "default" || Subnet.TryParse(dst) is not { } routed)
                continue;
            if (routed.Overlaps(subnet))
                return (r.TryGetProperty("dev", out var dev) ? dev.GetString() ?? "" : "", dst);
        }
        return null;
    }
}
