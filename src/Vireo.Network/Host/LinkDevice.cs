using System.Text.Json;

namespace Vireo.Network.Host;

/// <summary>Traffic counters of a link as the host sees them (ip -s link).</summary>
public sealed record LinkCounters(long RxBytes, long RxPackets, long RxErrors, long RxDropped, long TxBytes, long TxPackets, long TxErrors, long TxDropped);

/// <summary>Network links by name through iproute2 (netlink underneath, so it sees the namespace the command runs in).</summary>
public sealed class LinkDevice(HostCommands host)
{
    /// <summary>True when a link with that name exists.</summary>
    public async Task<bool> ExistsAsync(string name)
    {
        var (code, _, _) = await host.TryRunAsync(["ip", "-o", "link", "show", "dev", name]).ConfigureAwait(false);
        return code == 0;
    }

    /// <summary>Names of all links.</summary>
    public async Task<IReadOnlyList<string>> ListAsync()
    {
        var json = await host.RunAsync(["ip", "-j", "link", "show"]).ConfigureAwait(false);
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.EnumerateArray().Select(l => l.GetProperty("ifname").GetString() ?? "").ToList();
    }

    /// <summary>Names of the links enslaved to a bridge.</summary>
    public async Task<IReadOnlyList<string>> PortsAsync(string bridge)
    {
        var json = await host.RunAsync(["ip", "-j", "link", "show", "master", bridge]).ConfigureAwait(false);
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.EnumerateArray().Select(l => l.GetProperty("ifname").GetString() ?? "").ToList();
    }

    /// <summary>Removes a link; a link that is already gone is not an error.</summary>
    public async Task DeleteAsync(string name)
    {
        if (await ExistsAsync(name).ConfigureAwait(false))
            await host.RunAsync(["ip", "link", "del", "dev", name]).ConfigureAwait(false);
    }

    /// <summary>The link's counters; null when it does not exist.</summary>
    public async Task<LinkCounters?> CountersAsync(string name)
    {
        var (code, json, _) = await host.TryRunAsync(["ip", "-j", "-s", "link", "show", "dev", name]).ConfigureAwait(false);
        if (code != 0)
            return null;
        using var doc = JsonDocument.Parse(json);
        var s = doc.RootElement[0].GetProperty("stats64");
        var rx = s.GetProperty("rx");
        var tx = s.GetProperty("tx");
        static long N(JsonElement e, string p) => e.TryGetProperty(p, out var v) ? v.GetInt64() : 0;
        return new LinkCounters(N(rx, "bytes"), N(rx, "packets"), N(rx, "errors"), N(rx, "dropped"),
            N(tx, "bytes"), N(tx, "packets"), N(tx, "errors"), N(tx, "dropped"));
    }
}
