namespace Vireo.Drivers.Qemu.Tests.Support;

/// <summary>
/// A deadline for polling loops: tests wait for a condition until it holds or the deadline passes,
/// never for a fixed time, and never measure speed (that is bench/'s job).
/// </summary>
internal readonly struct PollDeadline(TimeSpan timeout)
{
    private readonly long _until = Environment.TickCount64 + (long)timeout.TotalMilliseconds;

    public TimeSpan Timeout => timeout;

    public bool Expired => Environment.TickCount64 > _until;

    /// <summary>Pause between two polls.</summary>
    public static Task NextPollAsync(int milliseconds = 50) => Task.Delay(milliseconds);
}
