using Vireo.Drivers.Qemu.Qmp;

namespace Vireo.Drivers.Qemu.Migration;

/// <summary>
/// Wakes a migration wait as soon as QEMU reports a state change (a MIGRATION event, sent once the "events"
/// capability is on) instead of at the end of a polling interval, and notes when the vCPUs stopped and resumed
/// (STOP/RESUME, QEMU's own timestamps), from which the downtime the guest saw is computed as libvirt does.
/// Each new pass over memory (MIGRATION_PASS) goes to <c>onPass</c> at once, without asking QEMU.
/// </summary>
internal sealed class MigrationEventSignal : IDisposable
{
    private readonly QmpClient _qmp;
    private readonly Action<ulong>? _onPass;
    private readonly SemaphoreSlim _changed = new(0);

    public MigrationEventSignal(QmpClient qmp, Action<ulong>? onPass = null)
    {
        _qmp = qmp;
        _onPass = onPass;
        qmp.EventReceived += OnEvent;
    }

    /// <summary>When the vCPUs last stopped (the source's final stop of a live migration).</summary>
    public DateTimeOffset? StoppedAt { get; private set; }

    /// <summary>When the vCPUs last resumed (the destination's cont).</summary>
    public DateTimeOffset? ResumedAt { get; private set; }

    /// <summary>A MIGRATION event said "completed" since this signal was made.</summary>
    public bool Completed => Volatile.Read(ref _completed) == 1;

    private int _completed;

    /// <summary>Waits for the next MIGRATION event, at most <paramref name="maxMs"/> (the caller polls anyway).</summary>
    public Task WaitAsync(int maxMs) => Task.WhenAny(_changed.WaitAsync(maxMs), _qmp.Closed);

    private void OnEvent(QmpEvent e)
    {
        switch (e.Name)
        {
            case "MIGRATION":
                if (e.MigrationStatus == "completed")
                    Volatile.Write(ref _completed, 1);
                _changed.Release();
                break;
            case "MIGRATION_PASS":
                if (_onPass is not null && e.Data.ValueKind == System.Text.Json.JsonValueKind.Object && e.Data.TryGetProperty("pass", out var pass))
                    _onPass(pass.GetUInt64());
                break;
            case QmpEvents.Stop:
                StoppedAt = e.Timestamp;
                break;
            case QmpEvents.Resume:
                ResumedAt = e.Timestamp;
                break;
        }
    }

    public void Dispose() => _qmp.EventReceived -= OnEvent;
}
