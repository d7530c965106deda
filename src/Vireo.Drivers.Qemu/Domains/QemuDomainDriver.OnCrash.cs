namespace Vireo.Drivers.Qemu.Domains;

/// <summary>
/// &lt;on_crash&gt; for a QEMU that died unexpectedly (the domain is already shut off / crashed): 'restart' and
/// 'rename-restart' boot it again, 'destroy' and 'preserve' leave it off (there is no process left to preserve).
/// </summary>
public sealed partial class QemuDomainDriver
{
    private void ApplyOnCrash(QemuDomain d)
    {
        string? action;
        lock (_lock)
            action = d.IsPersistent ? d.Persistent!.OnCrash : null;
        if (action is not ("restart" or "rename-restart") || _detached)
            return;
        _settings.Log($"QEMU of domain '{d.Name}' died; restarting it as <on_crash>{action}</on_crash> says");
        _ = Task.Run(async () =>
        {
            await d.Job.WaitAsync().ConfigureAwait(false);
            try
            {
                if (!d.IsActive)
                    await StartProcessAsync(d, paused: false).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                _settings.Log($"restarting crashed domain '{d.Name}' failed: {e.Message}");
            }
            finally
            {
                d.Job.Release();
            }
        });
    }
}
