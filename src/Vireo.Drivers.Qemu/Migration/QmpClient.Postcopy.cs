namespace Vireo.Drivers.Qemu.Qmp;

public sealed partial class QmpClient
{
    /// <summary>migrate-start-postcopy: the running pre-copy migration switches to post-copy (needs the postcopy-ram capability on both sides).</summary>
    public Task MigrateStartPostcopyAsync(CancellationToken ct = default) => ExecuteAsync("migrate-start-postcopy", null, ct);
}
