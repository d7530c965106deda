using Vireo.Drivers.Domains;
using Vireo.Drivers.Events;

namespace Vireo.Drivers.Test.Domains;

/// <summary>testDomainSetMetadata / testDomainGetMetadata: the live and/or persistent definition, with a metadata-change event.</summary>
public sealed partial class TestDomainDriver
{
    public Task SetMetadataAsync(DomainRef dom, int type, string? metadata, string? key, string? uri, uint flags)
    {
        TestErrors.CheckFlags(flags, DomainFlags.AffectLive | DomainFlags.AffectConfig, "testDomainSetMetadata");
        return Change(events =>
        {
            var d = Get(dom);
            var (live, config) = Defs(d, flags);
            // Set checks the metadata before it changes anything: a refusal leaves both definitions as they were
            if (live is not null) DomainMetadata.Set(live, type, metadata, key, uri);
            if (config is not null) DomainMetadata.Set(config, type, metadata, key, uri);
            events.Add(new DomainMetadataChangeEvent(d.Ref, type, uri));
        });
    }

    public Task<string> GetMetadataAsync(DomainRef dom, int type, string? uri, uint flags)
    {
        TestErrors.CheckFlags(flags, DomainFlags.AffectLive | DomainFlags.AffectConfig, "testDomainGetMetadata");
        return Locked(dom, d => DomainMetadata.Get(OneDef(d, flags, out _), type, uri));
    }
}
