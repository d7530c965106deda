using Vireo.Protocol.Remote;
using Vireo.Protocol.Remote.Messages;

namespace Vireo.Client.Api;

/// <summary>virDomainMetadataType: which part of the definition virDomainSetMetadata/GetMetadata work on.</summary>
public enum DomainMetadataType
{
    Description = 0,
    Title = 1,
    Element = 2,
}

public sealed partial class Domain
{
    /// <summary>
    /// virDomainSetMetadata: sets (or with a null <paramref name="metadata"/> removes) the description, the title or
    /// the element of namespace <paramref name="uri"/> in &lt;metadata&gt;, written with prefix <paramref name="key"/>.
    /// </summary>
    public Task SetMetadataAsync(DomainMetadataType type, string? metadata, string? key, string? uri, DomainAffect flags = DomainAffect.Current) =>
        CallVoidAsync(RemoteProcedure.DomainSetMetadata, new DomainSetMetadataArgs(Handle, (int)type, metadata, key, uri, (uint)flags));

    /// <summary>virDomainGetMetadata: the description, the title, or the element of namespace <paramref name="uri"/> (without its prefix).</summary>
    public async Task<string> GetMetadataAsync(DomainMetadataType type, string? uri, DomainAffect flags = DomainAffect.Current) =>
        (await CallAsync<DomainGetMetadataArgs, StringRet>(RemoteProcedure.DomainGetMetadata, new(Handle, (int)type, uri, (uint)flags)).ConfigureAwait(false)).Value;
}
