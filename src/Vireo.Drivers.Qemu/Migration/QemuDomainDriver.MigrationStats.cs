using Vireo.Drivers.Qemu.Migration;

namespace Vireo.Drivers.Qemu.Domains;

// Completed-migration statistics on both ends (domjobinfo --completed), as libvirt's "statistics" cookie part:
// Perform hands the source's figures to Finish, so the destination reports the finished job as well.
public sealed partial class QemuDomainDriver
{
    /// <summary>Perform's cookie after a completed transfer: the source's figures and when the guest stopped here
    /// (QEMU's STOP event; without one, QEMU's downtime back from now, the end of the transfer).</summary>
    private static byte[] StatsCookie(CompletedMigration stats, DateTimeOffset? stoppedAt)
    {
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var withStop = stats with { StoppedUnixMs = stoppedAt?.ToUnixTimeMilliseconds() ?? now - stats.DowntimeMs };
        return new MigrationCookie { Stats = withStop, SentUnixMs = now }.Encode();
    }

    /// <summary>
    /// Finish on the destination: the completed job is the source's, as an incoming migration; its downtime runs
    /// from the source's stop to the resume here (<paramref name="resumedUnixMs"/>, or now when the guest was resumed
    /// by Finish or stays paused: libvirt's view from the destination), never less than QEMU's.
    /// Returns Finish's cookie: that view and the network delay, which Confirm gives the source's job (as libvirt).
    /// </summary>
    private byte[] KeepIncomingStats(QemuDomain d, byte[] cookieIn, long receivedUnixMs, long resumedUnixMs)
    {
        var cookie = MigrationCookie.Decode(cookieIn);
        if (cookie.Stats is not { } s)
            return [];
        long end = resumedUnixMs > 0 ? resumedUnixMs : DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        long downtime = s.StoppedUnixMs > 0 ? Math.Max(s.DowntimeMs, end - s.StoppedUnixMs) : s.DowntimeMs;
        long? delta = cookie.SentUnixMs > 0 ? Math.Max(0, receivedUnixMs - cookie.SentUnixMs) : null;
        var mine = s with { Operation = OperationMigrationIn, DowntimeMs = downtime, TimeDeltaMs = delta };
        lock (_lock)
            _completedJobs[d.Uuid] = mine;
        return new MigrationCookie { Stats = mine, DeltaMs = delta }.Encode();
    }

    /// <summary>Confirm on the source: the downtime as the destination saw it and the network delay (libvirt's update).</summary>
    private void TakeDestinationStats(QemuDomain d, byte[] cookieIn)
    {
        var cookie = MigrationCookie.Decode(cookieIn);
        if (cookie.Stats is not { } dest)
            return;
        lock (_lock)
            if (_completedJobs.TryGetValue(d.Uuid, out var mine))
                _completedJobs[d.Uuid] = mine with { DowntimeMs = Math.Max(mine.DowntimeMs, dest.DowntimeMs), TimeDeltaMs = cookie.DeltaMs };
    }
}
