using Vireo.Drivers.Qemu.Migration;

namespace Vireo.Drivers.Qemu.Domains;

// The downtime a completed migration reports (domjobinfo --completed "Total downtime") is libvirt's: from the
// source's STOP (Perform's cookie) to the resume on the destination, computed there at Finish and taken over by
// Confirm (QemuDomainDriver.MigrationStats.cs). This logs it.
public sealed partial class QemuDomainDriver
{
    private void LogGuestDowntime(QemuDomain d, MigrationJob job)
    {
        // (a post-copy's statistics are recorded when its last page arrived, later in Confirm)
        if (job.InPostcopy)
            return;
        CompletedMigration? c;
        lock (_lock)
            c = _completedJobs.TryGetValue(d.Uuid, out var found) ? found : null;
        if (c is null)
            return;
        _settings.Log($"domain '{d.Name}': migration out: the guest was paused {c.DowntimeMs} ms (stopped here → resumed on the destination)");
    }
}
