using Vireo.Drivers.Domains;
using Vireo.Drivers.Events;
using Vireo.Protocol.Errors;

namespace Vireo.Drivers.Qemu.Domains;

/// <summary>
/// qemuDomainSetMetadata / qemuDomainGetMetadata: the title, description or an application's namespaced element
/// (virsh metadata, vireo-web's tags) of the live and/or persistent definition; the config is saved before it counts.
/// </summary>
public sealed partial class QemuDomainDriver
{
    public Task SetMetadataAsync(DomainRef dom, int type, string? metadata, string? key, string? uri, uint flags)
    {
        QemuErrors.CheckFlags(flags, DomainFlags.AffectLive | DomainFlags.AffectConfig, "qemuDomainSetMetadata");
        DomainMetadataChangeEvent ev;
        lock (_lock)
        {
            var d = Get(dom);
            var (live, config) = Impact(d, flags);
            if (config)
            {
                var cfg = d.Persistent!.Clone();
                DomainMetadata.Set(cfg, type, metadata, key, uri);
                SaveConfig(cfg);
                d.Persistent = cfg;
            }
            if (live && d.Live is not null)
            {
                DomainMetadata.Set(d.Live, type, metadata, key, uri);
                SaveStatus(d);
            }
            ev = new DomainMetadataChangeEvent(d.Ref, type, uri);
        }
        _events.Publish(ev);
        return Task.CompletedTask;
    }

    public Task<string> GetMetadataAsync(DomainRef dom, int type, string? uri, uint flags)
    {
        QemuErrors.CheckFlags(flags, DomainFlags.AffectLive | DomainFlags.AffectConfig, "qemuDomainGetMetadata");
        if ((flags & DomainFlags.AffectLive) != 0 && (flags & DomainFlags.AffectConfig) != 0)
            throw new LibvirtException(ErrorCode.InvalidArg, ErrorDomain.Domain,
                "Flags 'VIR_DOMAIN_AFFECT_LIVE' and 'VIR_DOMAIN_AFFECT_CONFIG' are mutually exclusive");
        return Read(dom, d =>
        {
            var (live, _) = Impact(d, flags);
            return DomainMetadata.Get(live ? d.Live! : d.Persistent!, type, uri);
        });
    }
}
