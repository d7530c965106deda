using Vireo.Drivers.Qemu.Qmp;

namespace Vireo.Drivers.Qemu.Migration;

/// <summary>
/// Runs the guest on the destination the moment its QEMU reports the incoming migration completed (MIGRATION
/// event), instead of when Finish arrives: that is a round trip through the source's Perform and the client later,
/// all of it downtime for the guest. Only for a plain pre-copy migration (not --suspend, not post-copy, no disk
/// copy whose mirrors the source still completes after the memory), where a completed stream means the source
/// is done and stays paused. From then on the guest belongs to this host (the onRunning callback records that):
/// Finish only records what happened, and neither a lost client nor a cancelled Finish may discard it.
/// </summary>
internal sealed class IncomingEarlyResume : IDisposable
{
    private readonly QmpClient _qmp;
    private readonly Action _onRunning;
    private readonly TaskCompletionSource<DateTimeOffset?> _resumed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _started;

    public IncomingEarlyResume(QmpClient qmp, Action onRunning)
    {
        _qmp = qmp;
        _onRunning = onRunning;
        qmp.EventReceived += OnEvent;
    }

    public static bool Applies(uint flags) =>
        !MigrateFlag.Has(flags, MigrateFlag.Paused) && !MigrateFlag.Has(flags, MigrateFlag.Postcopy) && !MigrateFlag.CopiesStorage(flags);

    /// <summary>True once the event came and cont was sent.</summary>
    public bool Started => Volatile.Read(ref _started) == 1;

    /// <summary>When the vCPUs resumed (QEMU's RESUME event), or null when cont failed.</summary>
    public Task<DateTimeOffset?> Resumed => _resumed.Task;

    private void OnEvent(QmpEvent e)
    {
        if (e.Name == QmpEvents.Resume)
            _resumed.TrySetResult(e.Timestamp);
        if (e.MigrationStatus != "completed")
            return;
        if (Interlocked.Exchange(ref _started, 1) == 0)
            _ = ResumeAsync(); // on the reader thread until the command is written; its reply comes later
    }

    private async Task ResumeAsync()
    {
        try
        {
            await _qmp.ContAsync().ConfigureAwait(false);
            _resumed.TrySetResult(DateTimeOffset.UtcNow); // no-op when the RESUME event came first (it does)
            _onRunning();
        }
        catch (Exception e) when (e is QmpErrorException or QmpDisconnectedException)
        {
            _resumed.TrySetResult(null);
        }
    }

    public void Dispose() => _qmp.EventReceived -= OnEvent;
}
