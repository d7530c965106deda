using Vireo.Protocol.Remote;
using Vireo.Protocol.Remote.Messages;

namespace Vireo.Client.Api;

// The destination's half of migration v3 with parameters, for a caller that drives the source itself: vireod in
// peer-to-peer mode (virDomainMigrateToURI3 with VIR_MIGRATE_PEER2PEER) is such a caller.
public sealed partial class Connection
{
    /// <summary>virDomainMigratePrepare3Params: the cookie and URI the source's Perform needs.</summary>
    public async Task<(byte[] Cookie, string? Uri)> MigratePrepare3ParamsAsync(IReadOnlyList<TypedParameter> prms, byte[] cookie, uint flags)
    {
        var r = await CallAsync<MigratePrepare3ParamsArgs, MigratePrepare3ParamsRet>(RemoteProcedure.DomainMigratePrepare3Params,
            new([.. prms], cookie, flags)).ConfigureAwait(false);
        return (r.CookieOut, r.UriOut);
    }

    /// <summary>virDomainMigrateFinish3Params: the domain on this (destination) side, or the error when it could not run.</summary>
    public async Task<(Domain Dom, byte[] Cookie)> MigrateFinish3ParamsAsync(IReadOnlyList<TypedParameter> prms, byte[] cookie, uint flags, bool cancelled)
    {
        var r = await CallAsync<MigrateFinish3ParamsArgs, MigrateFinish3ParamsRet>(RemoteProcedure.DomainMigrateFinish3Params,
            new([.. prms], cookie, flags, cancelled ? 1 : 0)).ConfigureAwait(false);
        return (Wrap(r.Dom), r.CookieOut);
    }
}
