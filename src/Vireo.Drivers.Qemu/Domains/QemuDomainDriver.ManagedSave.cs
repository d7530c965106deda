using Vireo.Drivers.Domains;
using Vireo.Drivers.Qemu.State;

namespace Vireo.Drivers.Qemu.Domains;

public sealed partial class QemuDomainDriver
{
    /// <summary>managedsave: save to LIB/qemu/save/NAME.save; the next start restores from it (then removes it).</summary>
    public async Task ManagedSaveAsync(DomainRef dom, uint flags)
    {
        QemuErrors.CheckFlags(flags, DomainFlags.SaveBypassCache | DomainFlags.SaveRunning | DomainFlags.SavePaused, "qemuDomainManagedSave");
        string path;
        lock (_lock)
        {
            var d = Get(dom);
            if (!d.IsPersistent)
                throw QemuErrors.Invalid("cannot do managed save for transient domain", Protocol.Errors.ErrorDomain.Qemu);
            path = _paths.ManagedSaveFile(d.Name);
        }
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await SaveAsync(dom, path, null, flags).ConfigureAwait(false);
        lock (_lock)
            Get(dom).HasManagedSave = true;
    }

    public Task<bool> HasManagedSaveImageAsync(DomainRef dom, uint flags)
    {
        QemuErrors.CheckFlags(flags, 0, "qemuDomainHasManagedSaveImage");
        return Read(dom, d => d.HasManagedSave);
    }

    public Task ManagedSaveRemoveAsync(DomainRef dom, uint flags)
    {
        QemuErrors.CheckFlags(flags, 0, "qemuDomainManagedSaveRemove");
        return Read(dom, d =>
        {
            RemoveManagedSave(d);
            return 0;
        });
    }

    /// <summary>Start of a domain with a managed save image: restore it (the caller holds the job), then drop the image.</summary>
    private async Task StartFromManagedSaveAsync(QemuDomain d, bool paused)
    {
        var path = _paths.ManagedSaveFile(d.Name);
        var image = SaveImage.Read(path);
        var def = QemuDomainXml.Parse(image.Xml, _defaults);
        await StartProcessAsync(d, paused || !image.WasRunning, def, (path, image)).ConfigureAwait(false);
        RemoveManagedSave(d);
    }

    /// <summary>Deletes the image and clears the flag (a plain bool write; callers may or may not hold _lock).</summary>
    private void RemoveManagedSave(QemuDomain d)
    {
        File.Delete(_paths.ManagedSaveFile(d.Name));
        d.HasManagedSave = false;
    }
}
