namespace Vireo.Network.Tests.Support;

/// <summary>Polls a condition until it holds or the deadline passes (no fixed sleeps in tests).</summary>
internal static class PollDeadline
{
    public static async Task<bool> UntilAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var until = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (true)
        {
            if (await condition())
                return true;
            if (Environment.TickCount64 > until)
                return false;
            await Task.Delay(50); // poll interval until the deadline
        }
    }
}
