using Vireo.Drivers.Qemu.Migration;

namespace Vireo.Drivers.Qemu.Domains;

// The downtime a completed migration reports (domjobinfo --completed "Total downtime"), as libvirt computes it:
// from the moment the source stopped the vCPUs to the moment the destination resumed them (Finish's cookie says
// when), not only QEMU's own final-stage figure, which leaves out the hand-over to the destination.
public sealed partial class QemuDomainDriver
{
    private void RecordGuestDowntime(QemuDomain d, MigrationJob job, MigrationCookie fromDestination)
    {
        // (a post-copy's statistics are recorded when its last page arrived, later in Confirm)
        if (job.InPostcopy || job.StoppedAt is not { } stopped || fromDestination.ResumedMs <= 0)
            return;
        long ms = fromDestination.ResumedMs - stopped.ToUnixTimeMilliseconds();
        // The two hosts' clocks disagree when this is negative or longer than the whole job: keep QEMU's figure.
        if (ms < 0 || ms > (DateTime.UtcNow - job.Started).TotalMilliseconds)
            return;
        if (!_completedJobs.TryGetValue(d.Uuid, out var c))
            return;
        // (QEMU's figure starts a moment before its STOP event: never report less than it)
        long downtime = Math.Max(ms, c.DowntimeMs);
        _completedJobs[d.Uuid] = c with { DowntimeMs = downtime };
        _settings.Log($"domain '{d.Name}': migration out: the guest was paused {downtime} ms (stopped here → resumed on the destination); QEMU's downtime {c.DowntimeMs} ms");
    }
}
