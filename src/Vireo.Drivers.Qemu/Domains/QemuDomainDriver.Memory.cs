using Vireo.Drivers.Domains;
using Vireo.Drivers.Qemu.Qmp;
using Vireo.Model.Domain;
using Vireo.Protocol.Errors;

namespace Vireo.Drivers.Qemu.Domains;

public sealed partial class QemuDomainDriver
{
    /// <summary>
    /// setmem / setmaxmem (qemuDomainSetMemoryFlags): the live size goes through the balloon; --config changes the
    /// persistent current or maximum memory; the maximum of a running domain cannot change (no memory hotplug yet).
    /// </summary>
    public async Task SetMemoryFlagsAsync(DomainRef dom, ulong memoryKiB, uint flags)
    {
        QemuErrors.CheckFlags(flags, DomainFlags.AffectLive | DomainFlags.AffectConfig | DomainFlags.MemMaximum, "qemuDomainSetMemoryFlags");
        var d = GetLocked(dom);
        await d.Job.WaitAsync().ConfigureAwait(false);
        try
        {
            QmpClient? balloon = null;
            bool live, config;
            lock (_lock)
            {
                const uint both = DomainFlags.AffectLive | DomainFlags.AffectConfig;
                uint impact = flags & both;
                if (impact == 0)
                    impact = d.IsActive ? DomainFlags.AffectLive : DomainFlags.AffectConfig;
                live = (impact & DomainFlags.AffectLive) != 0;
                config = (impact & DomainFlags.AffectConfig) != 0;
                if (live)
                    RequireActive(d);
                if (config && !d.IsPersistent)
                    throw QemuErrors.Invalid("transient domains do not have any persistent config", ErrorDomain.Domain);
                if ((flags & DomainFlags.MemMaximum) != 0)
                {
                    if (live)
                        throw QemuErrors.Invalid("cannot resize the maximum memory on an active domain", ErrorDomain.Qemu);
                    var p = d.Persistent!;
                    p.MemoryKiB = memoryKiB;
                    if (p.CurrentMemoryKiB > memoryKiB)
                        p.CurrentMemoryKiB = memoryKiB;
                    SaveConfig(p);
                    return;
                }
                foreach (var def in new[] { live ? d.Live : null, config ? d.Persistent : null })
                    if (def is not null && memoryKiB > def.MemoryKiB)
                        throw QemuErrors.InvalidArg("cannot set memory higher than max memory");
                if (live)
                {
                    if (d.Live!.Devices.Memballoon is not { Model: not "none" })
                        throw QemuErrors.Invalid("Unable to change memory of active domain without the balloon device and guest OS balloon driver", ErrorDomain.Qemu);
                    balloon = d.Monitor ?? throw QemuErrors.NotRunning();
                }
            }
            if (balloon is not null)
            {
                try
                {
                    await balloon.BalloonAsync((long)memoryKiB * 1024).ConfigureAwait(false);
                }
                catch (QmpErrorException e)
                {
                    throw QemuErrors.Internal($"unable to execute QEMU command 'balloon': {e.Description}");
                }
            }
            lock (_lock)
            {
                if (live && d.Live is not null)
                {
                    d.Live.CurrentMemoryKiB = memoryKiB;
                    SaveStatus(d);
                }
                if (config && d.Persistent is not null)
                {
                    d.Persistent.CurrentMemoryKiB = memoryKiB;
                    SaveConfig(d.Persistent);
                }
            }
        }
        finally
        {
            d.Job.Release();
        }
    }

    /// <summary>Writes ETC/qemu/NAME.xml atomically (call with _lock held).</summary>
    private void SaveConfig(DomainDefinition def) =>
        AtomicFile.Write(_paths.ConfigFile(def.Name), def.ToXml(DomainXmlFormatFlags.Secure | DomainXmlFormatFlags.Inactive));
}
