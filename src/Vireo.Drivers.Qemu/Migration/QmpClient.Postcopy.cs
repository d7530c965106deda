namespace Vireo.Drivers.Qemu.Qmp;

public sealed partial class QmpClient
{
    /// <summary>migrate-start-postcopy: the running pre-copy migration switches to post-copy (needs the postcopy-ram capability on both sides).</summary>
    public Task MigrateStartPostcopyAsync(CancellationToken ct = default) => ExecuteAsync("migrate-start-postcopy", null, ct);

    /// <summary>migrate-pause: a post-copy migration whose link is dead (but not failed) stops to "postcopy-paused" so it can be recovered.</summary>
    public Task MigratePauseAsync(CancellationToken ct = default) => ExecuteOobAsync("migrate-pause", null, ct);

    /// <summary>migrate-recover (destination, postcopy-paused): listen on <paramref name="uri"/> for the source's resumed stream.</summary>
    public Task MigrateRecoverAsync(string uri, CancellationToken ct = default) => ExecuteOobAsync("migrate-recover", w => w.WriteString("uri", uri), ct);

    /// <summary>migrate with resume=true (source, postcopy-paused): reconnect to the destination and continue the post-copy.</summary>
    public Task MigrateResumeAsync(string uri, CancellationToken ct = default) =>
        ExecuteAsync("migrate", w =>
        {
            w.WriteString("uri", uri);
            w.WriteBoolean("resume", true);
        }, ct);
}
