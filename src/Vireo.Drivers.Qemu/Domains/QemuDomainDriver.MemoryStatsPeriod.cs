using Vireo.Drivers.Domains;
using Vireo.Drivers.Qemu.Qmp;
using Vireo.Model.Domain.Devices;
using Vireo.Protocol.Errors;

namespace Vireo.Drivers.Qemu.Domains;

/// <summary>
/// dommemstat --period (qemuDomainSetMemoryStatsPeriod): live, QEMU's balloon polls the guest's statistics every
/// N seconds (qom-set guest-stats-polling-interval; 0 stops it); --config keeps it as &lt;memballoon&gt;&lt;stats
/// period='N'/&gt;, which the next start applies.
/// </summary>
public sealed partial class QemuDomainDriver
{
    public async Task SetMemoryStatsPeriodAsync(DomainRef dom, int period, uint flags)
    {
        QemuErrors.CheckFlags(flags, DomainFlags.AffectLive | DomainFlags.AffectConfig, "qemuDomainSetMemoryStatsPeriod");
        if (period < 0)
            throw QemuErrors.InvalidArg("invalid value for collection period");
        var d = GetLocked(dom);
        await d.Job.WaitAsync().ConfigureAwait(false);
        try
        {
            QmpClient? qmp = null;
            string? alias = null;
            bool config;
            lock (_lock)
            {
                (bool live, config) = Impact(d, flags);
                if (live)
                {
                    if (d.Live!.Devices.Memballoon is not { Model: not "none" } balloon)
                        throw QemuErrors.Invalid("Active domain has no memory balloon device", ErrorDomain.Qemu);
                    qmp = d.Monitor ?? throw QemuErrors.NotRunning();
                    alias = balloon.Alias ?? "balloon0";
                }
                if (config && d.Persistent!.Devices.Memballoon is not { Model: not "none" })
                    throw QemuErrors.Invalid("No memory balloon device configured, can not set the collection period", ErrorDomain.Qemu);
            }
            if (qmp is not null)
            {
                try
                {
                    await qmp.QomSetAsync("/machine/peripheral/" + alias, "guest-stats-polling-interval", period).ConfigureAwait(false);
                }
                catch (QmpErrorException e)
                {
                    throw QemuErrors.Internal($"unable to execute QEMU command 'qom-set': {e.Description}");
                }
                lock (_lock)
                {
                    if (d.Live?.Devices.Memballoon is { } b)
                        b.StatsPeriod = period;
                    SaveStatus(d);
                }
            }
            if (config)
            {
                lock (_lock)
                {
                    var cfg = d.Persistent!.Clone();
                    cfg.Devices.Memballoon!.StatsPeriod = period;
                    d.Persistent = cfg;
                    SaveConfig(cfg);
                }
            }
        }
        finally
        {
            d.Job.Release();
        }
    }
}
