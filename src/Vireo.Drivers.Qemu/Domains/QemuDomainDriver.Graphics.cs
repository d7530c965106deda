using Vireo.Drivers.Domains;
using Vireo.Drivers.Qemu.Qmp;
using Vireo.Model.Domain;
using Vireo.Model.Domain.Devices;
using Vireo.Protocol.Errors;

namespace Vireo.Drivers.Qemu.Domains;

public sealed partial class QemuDomainDriver
{
    /// <summary>
    /// update-device with a &lt;graphics&gt; element (qemuDomainChangeGraphics): only the password may change; live it
    /// goes to QEMU with set_password (protocol vnc or spice), in the config it is stored. Ports and listen addresses
    /// cannot change on a running console.
    /// </summary>
    private async Task UpdateGraphicsAsync(DomainRef dom, GraphicsDevice wanted, uint flags)
    {
        if (wanted.Type is not ("vnc" or "spice"))
            throw QemuErrors.Unsupported($"unable to change config on '{wanted.Type}' graphics type");
        var d = GetLocked(dom);
        await d.Job.WaitAsync().ConfigureAwait(false);
        try
        {
            DomainDefinition? config = null;
            GraphicsDevice? liveGraphics = null;
            QmpClient? qmp = null;
            lock (_lock)
            {
                var (live, cfg) = Impact(d, flags);
                if (cfg)
                {
                    config = d.Persistent!.Clone();
                    FindGraphics(config, wanted).Passwd = wanted.Passwd;
                }
                if (live)
                {
                    liveGraphics = FindGraphics(d.Live!, wanted);
                    if (wanted.Port > 0 && wanted.Port != liveGraphics.Port)
                        throw QemuErrors.InvalidArg($"cannot change port settings on {wanted.Type} graphics");
                    if (wanted.ListenAddress is { } a && a != liveGraphics.ListenAddress)
                        throw QemuErrors.InvalidArg($"cannot change listen address setting on {wanted.Type} graphics");
                    qmp = d.Monitor ?? throw QemuErrors.NotRunning();
                }
            }
            if (liveGraphics is not null && wanted.Passwd != liveGraphics.Passwd)
                await qmp!.SetGraphicsPasswordAsync(wanted.Type, wanted.Passwd ?? "").ConfigureAwait(false);
            lock (_lock)
            {
                if (liveGraphics is not null && d.Live is not null)
                {
                    liveGraphics.Passwd = wanted.Passwd;
                    SaveStatus(d);
                }
                if (config is not null && d.Persistent is not null)
                {
                    SaveConfig(config);
                    d.Persistent = config;
                }
            }
        }
        finally
        {
            d.Job.Release();
        }
    }

    private static GraphicsDevice FindGraphics(DomainDefinition def, GraphicsDevice wanted) =>
        def.Devices.Graphics.FirstOrDefault(g => g.Type == wanted.Type)
        ?? throw new LibvirtException(ErrorCode.OperationFailed, ErrorDomain.Qemu, $"operation failed: cannot find existing graphics device to modify of type '{wanted.Type}'");
}
