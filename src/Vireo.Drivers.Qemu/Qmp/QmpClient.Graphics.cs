namespace Vireo.Drivers.Qemu.Qmp;

public sealed partial class QmpClient
{
    /// <summary>set_password for a graphics console of <paramref name="protocol"/> (vnc or spice); an empty password locks a SPICE console.</summary>
    public Task SetGraphicsPasswordAsync(string protocol, string password, CancellationToken ct = default) =>
        ExecuteAsync("set_password", w =>
        {
            w.WriteString("protocol", protocol);
            w.WriteString("password", password);
        }, ct);
}
