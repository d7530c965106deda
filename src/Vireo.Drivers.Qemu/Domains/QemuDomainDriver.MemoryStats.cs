using System.Globalization;
using System.Text.Json;
using Vireo.Drivers.Domains;
using Vireo.Drivers.Qemu.Qmp;
using Vireo.Model.Domain;

namespace Vireo.Drivers.Qemu.Domains;

/// <summary>
/// dommemstat (qemuDomainMemoryStats): the balloon's size, the guest's own counters from the virtio balloon
/// (qom-get guest-stats; QEMU polls them every <see cref="BalloonStatsPeriod"/> s, set at start), then QEMU's RSS.
/// Order and units (KiB) are libvirt's.
/// </summary>
public sealed partial class QemuDomainDriver
{
    /// <summary>The balloon's stats-polling-interval in seconds (libvirt leaves it off unless &lt;stats period&gt; asks; we turn it on so dommemstat has the guest's view).</summary>
    private const int BalloonStatsPeriod = 2;

    // VIR_DOMAIN_MEMORY_STAT_* tags.
    private const int SwapIn = 0, SwapOut = 1, MajorFault = 2, MinorFault = 3, Unused = 4, Available = 5, ActualBalloon = 6, Rss = 7,
        Usable = 8, LastUpdate = 9, DiskCaches = 10, HugetlbAlloc = 11, HugetlbFail = 12;

    // guest-stats names → tag and whether the value is bytes (reported in KiB).
    private static readonly (string Name, int Tag, bool Bytes)[] GuestStats =
    [
        ("stat-swap-in", SwapIn, false), ("stat-swap-out", SwapOut, false), ("stat-major-faults", MajorFault, false),
        ("stat-minor-faults", MinorFault, false), ("stat-free-memory", Unused, true), ("stat-total-memory", Available, true),
        ("stat-available-memory", Usable, true), ("last-update", LastUpdate, false), ("stat-disk-caches", DiskCaches, true),
        ("stat-htlb-pgalloc", HugetlbAlloc, false), ("stat-htlb-pgfail", HugetlbFail, false),
    ];

    public async Task<IReadOnlyList<(int Tag, ulong Value)>> GetMemoryStatsAsync(DomainRef dom, uint flags)
    {
        QemuErrors.CheckFlags(flags, 0, "qemuDomainMemoryStats");
        QmpClient qmp;
        int pid;
        string? balloon;
        lock (_lock)
        {
            var d = Get(dom);
            RequireActive(d);
            qmp = d.Monitor ?? throw QemuErrors.NotRunning();
            pid = d.Pid;
            balloon = d.Live!.Devices.Memballoon is { Model: not "none", Alias: { } a } ? a : null;
        }
        var result = new List<(int, ulong)>();
        if (balloon is not null)
        {
            try
            {
                result.Add((ActualBalloon, (ulong)(await qmp.QueryBalloonAsync().ConfigureAwait(false)).Actual / 1024));
                var stats = await qmp.QomGetAsync("/machine/peripheral/" + balloon, "guest-stats").ConfigureAwait(false);
                foreach (var (name, tag, bytes) in GuestStats)
                {
                    JsonElement v = default;
                    bool found = name == "last-update" ? stats.TryGetProperty("last-update", out v)
                        : stats.TryGetProperty("stats", out var s) && s.TryGetProperty(name, out v);
                    // QEMU reports -1 for what the guest did not send (or before its first poll).
                    if (found && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out long n) && n >= 0 && (tag != LastUpdate || n > 0))
                        result.Add((tag, bytes ? (ulong)n / 1024 : (ulong)n));
                }
            }
            catch (Exception e) when (e is QmpErrorException or QmpDisconnectedException)
            {
                // As libvirt: without an answering balloon only the RSS is reported.
            }
        }
        if (RssKiB(pid) is { } rss)
            result.Add((Rss, rss));
        return result;
    }

    /// <summary>Turns on the balloon's statistics polling (called once QEMU runs).</summary>
    private static async Task EnableBalloonStatsAsync(DomainDefinition live, QmpClient qmp)
    {
        if (live.Devices.Memballoon is not { Model: "virtio", Alias: { } alias })
            return;
        try
        {
            // <stats period='N'/> (dommemstat --period --config) wins; else Vireo polls every BalloonStatsPeriod s.
            await qmp.QomSetAsync("/machine/peripheral/" + alias, "guest-stats-polling-interval", live.Devices.Memballoon.StatsPeriod ?? BalloonStatsPeriod).ConfigureAwait(false);
        }
        catch (QmpErrorException)
        {
            // An old QEMU without the property: dommemstat then shows the balloon size and RSS only.
        }
    }

    private static ulong? RssKiB(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? null : ulong.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null;
        }
    }
}
