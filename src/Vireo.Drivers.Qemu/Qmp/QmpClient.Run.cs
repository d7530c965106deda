using System.Text.Json;

namespace Vireo.Drivers.Qemu.Qmp;

public sealed partial class QmpClient
{
    /// <summary>query-status.</summary>
    public async Task<StatusInfo> QueryStatusAsync(CancellationToken ct = default) =>
        (await ExecuteAsync("query-status", null, ct).ConfigureAwait(false)).Deserialize(QmpJsonContext.Default.StatusInfo)
        ?? throw new InvalidDataException("query-status returned null");

    /// <summary>cont: resume the vCPUs.</summary>
    public Task ContAsync(CancellationToken ct = default) => ExecuteAsync("cont", null, ct);

    /// <summary>stop: pause the vCPUs.</summary>
    public Task StopAsync(CancellationToken ct = default) => ExecuteAsync("stop", null, ct);

    /// <summary>system_powerdown: press the ACPI power button.</summary>
    public Task SystemPowerdownAsync(CancellationToken ct = default) => ExecuteAsync("system_powerdown", null, ct);

    /// <summary>system_reset: hard reset of the machine.</summary>
    public Task SystemResetAsync(CancellationToken ct = default) => ExecuteAsync("system_reset", null, ct);

    /// <summary>quit: QEMU exits at once (the reply may be lost when the socket closes first).</summary>
    public async Task QuitAsync(CancellationToken ct = default)
    {
        try
        {
            await ExecuteAsync("quit", null, ct).ConfigureAwait(false);
        }
        catch (QmpDisconnectedException)
        {
            // QEMU exits while answering: a closed monitor is the expected outcome.
        }
    }

    /// <summary>set_password for the VNC console.</summary>
    public Task SetVncPasswordAsync(string password, CancellationToken ct = default) =>
        ExecuteAsync("set_password", w =>
        {
            w.WriteString("protocol", "vnc");
            w.WriteString("password", password);
        }, ct);

    /// <summary>set_link: bring a NIC's link up or down (by its device id, e.g. net0).</summary>
    public Task SetLinkAsync(string name, bool up, CancellationToken ct = default) =>
        ExecuteAsync("set_link", w =>
        {
            w.WriteString("name", name);
            w.WriteBoolean("up", up);
        }, ct);
}
