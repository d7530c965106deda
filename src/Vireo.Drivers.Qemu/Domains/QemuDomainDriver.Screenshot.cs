using Vireo.Drivers.Domains;
using Vireo.Drivers.Qemu.Qmp;
using Vireo.Protocol.Errors;

namespace Vireo.Drivers.Qemu.Domains;

public sealed partial class QemuDomainDriver
{
    /// <summary>What QEMU's screendump writes by default (libvirt answers the same MIME type).</summary>
    public const string ScreenshotMime = "image/x-portable-pixmap";

    /// <summary>
    /// virDomainScreenshot (qemuDomainScreenshot): QMP screendump into a private temporary file, which is opened and
    /// unlinked at once, so the client's stream holds the only reference and nothing is left behind.
    /// </summary>
    public async Task<(string Mime, Stream Image)> ScreenshotAsync(DomainRef dom, uint screen, uint flags)
    {
        QemuErrors.CheckFlags(flags, 0, "qemuDomainScreenshot");
        var d = GetLocked(dom);
        await d.Job.WaitAsync().ConfigureAwait(false);
        try
        {
            QmpClient qmp;
            lock (_lock)
            {
                RequireActive(d);
                var videos = d.Live!.Devices.Videos.Where(v => v.ModelType != "none").ToList();
                if (videos.Count == 0)
                    throw QemuErrors.Invalid("no screens to take screenshot from", ErrorDomain.Domain);
                if (screen != 0) // screendump shows the primary head; QEMU 7.2 cannot pick another one by libvirt's numbering
                    throw QemuErrors.InvalidArg($"Screen ID {screen} too large");
                qmp = d.Monitor ?? throw QemuErrors.NotRunning();
            }
            Directory.CreateDirectory(_paths.StateDir);
            var file = Path.Combine(_paths.StateDir, $"qemu.screendump.{Guid.NewGuid():N}");
            try
            {
                await qmp.ScreendumpAsync(file).ConfigureAwait(false);
                var image = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 65536, useAsync: true);
                return (ScreenshotMime, image);
            }
            finally
            {
                File.Delete(file);
            }
        }
        finally
        {
            d.Job.Release();
        }
    }
}
