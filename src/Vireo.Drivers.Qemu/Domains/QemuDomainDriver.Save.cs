using Vireo.Drivers.Domains;
using Vireo.Drivers.Qemu.Qmp;
using Vireo.Drivers.Qemu.State;
using Vireo.Drivers.Qemu.Supervision;
using Vireo.Model.Domain;
using Vireo.Protocol.Errors;
using L = Vireo.Drivers.Events.DomainLifecycle;
using R = Vireo.Drivers.Domains.DomainStateReason;

namespace Vireo.Drivers.Qemu.Domains;

public sealed partial class QemuDomainDriver
{
    /// <summary>
    /// virsh save: pauses the guest, writes the save image (header + XML, then QEMU's migration stream), ends QEMU;
    /// the domain is shut off with reason "saved". On failure the file is removed and the guest runs on.
    /// </summary>
    public async Task SaveAsync(DomainRef dom, string path, string? xml, uint flags)
    {
        QemuErrors.CheckFlags(flags, DomainFlags.SaveBypassCache | DomainFlags.SaveRunning | DomainFlags.SavePaused, "qemuDomainSaveFlags");
        if ((flags & DomainFlags.SaveRunning) != 0 && (flags & DomainFlags.SavePaused) != 0)
            throw QemuErrors.InvalidArg("Flags 'VIR_DOMAIN_SAVE_RUNNING' and 'VIR_DOMAIN_SAVE_PAUSED' are mutually exclusive");
        path = Path.GetFullPath(path);
        var d = GetLocked(dom);
        await d.Job.WaitAsync().ConfigureAwait(false);
        try
        {
            QmpClient qmp;
            bool wasRunning;
            string imageXml;
            int pid;
            lock (_lock)
            {
                RequireActive(d);
                qmp = d.Monitor ?? throw QemuErrors.NotRunning();
                wasRunning = d.State == DomainState.Running;
                imageXml = xml ?? d.Live!.ToXml(DomainXmlFormatFlags.Secure | DomainXmlFormatFlags.Inactive);
                pid = d.Pid;
            }
            bool resumeOnFailure = wasRunning;
            if ((flags & DomainFlags.SaveRunning) != 0)
                wasRunning = true;
            else if ((flags & DomainFlags.SavePaused) != 0)
                wasRunning = false;
            try
            {
                if (resumeOnFailure)
                {
                    await qmp.StopAsync().ConfigureAwait(false);
                    lock (_lock)
                    {
                        d.State = DomainState.Paused;
                        d.Reason = R.PausedSave;
                    }
                }
                SaveImage.Create(path, imageXml, wasRunning);
                await qmp.SetMigrationMaxBandwidthAsync(long.MaxValue / 1024).ConfigureAwait(false);
                await qmp.MigrateAsync($"exec:cat >> {ShellQuote(path)}").ConfigureAwait(false);
                await qmp.WaitMigrationAsync(_settings.SaveTimeout).ConfigureAwait(false);
            }
            catch (Exception e) when (e is QmpErrorException or TimeoutException or IOException or UnauthorizedAccessException)
            {
                File.Delete(path);
                if (resumeOnFailure)
                {
                    try
                    {
                        await qmp.ContAsync().ConfigureAwait(false);
                        lock (_lock)
                        {
                            d.State = DomainState.Running;
                            d.Reason = R.RunningSaveCanceled;
                        }
                    }
                    catch (Exception ex) when (ex is QmpErrorException or QmpDisconnectedException)
                    {
                        // The guest stays paused; the save error below is what the admin needs to see.
                    }
                }
                var why = e is QmpErrorException q ? q.Description : e.Message;
                throw QemuErrors.OperationFailed($"cannot save domain '{d.Name}' to {path}: {why}");
            }
            lock (_lock)
                d.StopIntent = (R.ShutoffSaved, L.StoppedSaved);
            await qmp.QuitAsync().ConfigureAwait(false);
            await ProcessState.WaitExitAsync(pid, TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            await ProcessGoneAsync(d, pid).ConfigureAwait(false);
        }
        finally
        {
            d.Job.Release();
        }
    }

    /// <summary>
    /// virsh restore: reads the image's XML (or the given replacement), starts QEMU waiting for an incoming stream,
    /// feeds it the file, and continues the guest where it was (paused if it was saved paused, or as the flags say).
    /// A domain not defined becomes a transient one.
    /// </summary>
    public async Task RestoreAsync(string path, string? xml, uint flags)
    {
        QemuErrors.CheckFlags(flags, DomainFlags.SaveBypassCache | DomainFlags.SaveRunning | DomainFlags.SavePaused, "qemuDomainRestoreFlags");
        path = Path.GetFullPath(path);
        SaveImage image;
        try
        {
            image = SaveImage.Read(path);
        }
        catch (FileNotFoundException)
        {
            throw QemuErrors.System($"Failed to open domain image file '{path}'", "No such file or directory");
        }
        catch (InvalidDataException e)
        {
            throw QemuErrors.OperationFailed(e.Message);
        }
        var def = QemuDomainXml.Parse(xml ?? image.Xml, _defaults);
        bool paused = (flags & DomainFlags.SavePaused) != 0 || ((flags & DomainFlags.SaveRunning) == 0 && !image.WasRunning);
        QemuDomain d;
        bool created = false;
        lock (_lock)
        {
            if (FindByUuid(def.Uuid) is { } existing)
            {
                if (existing.Name != def.Name)
                    throw QemuErrors.OperationFailed($"domain '{existing.Name}' is already defined with uuid {existing.Uuid:D}", ErrorDomain.Domain);
                if (existing.IsActive)
                    throw QemuErrors.Invalid($"domain '{def.Name}' is already active", ErrorDomain.Domain);
                d = existing;
            }
            else
            {
                if (FindByName(def.Name) is { } other)
                    throw QemuErrors.OperationFailed($"domain '{def.Name}' already exists with uuid {other.Uuid:D}", ErrorDomain.Domain);
                d = new QemuDomain(def.Uuid, def.Name);
                _domains.Add(d);
                created = true;
            }
        }
        await d.Job.WaitAsync().ConfigureAwait(false);
        try
        {
            await StartProcessAsync(d, paused, def, (path, image)).ConfigureAwait(false);
        }
        catch
        {
            if (created)
                lock (_lock)
                    _domains.Remove(d);
            throw;
        }
        finally
        {
            d.Job.Release();
        }
    }
}
