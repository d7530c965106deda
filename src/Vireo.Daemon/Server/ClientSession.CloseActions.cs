namespace Vireo.Daemon.Server;

/// <summary>
/// Work that must happen when this connection ends however it ends (libvirt's connection close callbacks): an
/// incoming migration prepared by this client is discarded if its Finish never came.
/// </summary>
public sealed partial class ClientSession
{
    private readonly List<Func<Task>> _closeActions = [];

    public void OnClosed(Func<Task> action)
    {
        lock (_closeActions)
            _closeActions.Add(action);
    }

    /// <summary>Starts every registered action in the background (each logs its own failures; the session is gone).</summary>
    private void RunCloseActions()
    {
        Func<Task>[] todo;
        lock (_closeActions)
        {
            todo = [.. _closeActions];
            _closeActions.Clear();
        }
        foreach (var action in todo)
            _ = Task.Run(async () =>
            {
                try
                {
                    await action().ConfigureAwait(false);
                }
                catch (Exception e)
                {
                    Vireo.Daemon.Logging.DaemonLog.Error($"client {Id}: cleanup after close failed: {e.Message}");
                }
            });
    }
}
