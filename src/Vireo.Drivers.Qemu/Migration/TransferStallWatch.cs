using Vireo.Drivers.Qemu.Qmp;

namespace Vireo.Drivers.Qemu.Migration;

/// <summary>
/// Notices an outgoing migration whose stream stopped moving: when the link to the destination is cut, QEMU's TCP
/// connection neither fails nor progresses (retransmissions go on for many minutes), so a transfer whose byte count
/// has not grown for <paramref name="limit"/> is declared lost and cancelled (the guest then resumes on the source).
/// </summary>
internal sealed class TransferStallWatch(TimeSpan limit)
{
    private ulong _transferred;
    private long _lastMoved = Environment.TickCount64;

    public TimeSpan Limit => limit;

    /// <summary>Feeds one query-migrate answer; true when an active transfer has not moved for the whole limit.</summary>
    public bool Stalled(MigrationProgress p)
    {
        long now = Environment.TickCount64;
        if (p.Status != "active" || p.Transferred != _transferred)
        {
            _transferred = p.Transferred;
            _lastMoved = now;
            return false;
        }
        return limit > TimeSpan.Zero && now - _lastMoved > (long)limit.TotalMilliseconds;
    }

    /// <summary>The same for the disk-copy phase: <paramref name="copied"/> is the mirrors' total offset.</summary>
    public bool Stalled(ulong copied)
    {
        long now = Environment.TickCount64;
        if (copied != _transferred)
        {
            _transferred = copied;
            _lastMoved = now;
            return false;
        }
        return limit > TimeSpan.Zero && now - _lastMoved > (long)limit.TotalMilliseconds;
    }
}
