namespace Vireo.Drivers.Qemu.Qmp;

public sealed partial class QmpClient
{
    /// <summary>screendump: writes the primary display as PPM (QEMU's default format) to a file QEMU creates.</summary>
    public Task ScreendumpAsync(string filename, CancellationToken ct = default) =>
        ExecuteAsync("screendump", w => w.WriteString("filename", filename), ct);
}
