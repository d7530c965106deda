using Vireo.Protocol.Errors;
using Vireo.Protocol.Remote;
using Vireo.Protocol.Remote.Messages;
using Vireo.Protocol.Xdr;

namespace Vireo.Client.Api;

// Migration as libvirt's client library drives it (libvirt-domain.c virDomainMigrate3 / virDomainMigrateToURI3):
// feature negotiation first, then the version 3 protocol with extensible parameters (Begin/Prepare/Perform/Finish/
// Confirm). Older protocols (v3 without parameters, v2, v1) are negotiated but not driven: a server offering only
// those gets NO_SUPPORT, which is what libvirt reports for a driver without any migration method.
public sealed partial class Domain
{
    /// <summary>virDrvFeature numbers used by migration.</summary>
    private const int FeatureMigrationV1 = 1, FeatureMigrationV2 = 3, FeatureMigrationP2P = 4, FeatureMigrationDirect = 5,
        FeatureMigrationV3 = 6, FeatureMigrateChangeProtection = 7, FeatureMigrationOffline = 12, FeatureMigrationParams = 13;

    /// <summary>VIR_MIGRATE_PARAM_* names.</summary>
    public const string MigrateParamUri = "migrate_uri", MigrateParamDestName = "destination_name", MigrateParamDestXml = "destination_xml",
        MigrateParamBandwidth = "bandwidth";

    /// <summary>
    /// virDomainMigrate3: client-driven ("managed") migration to the daemon behind <paramref name="destination"/>.
    /// Returns the domain on the destination.
    /// </summary>
    public async Task<Domain> MigrateAsync(Connection destination, IReadOnlyList<TypedParameter> parameters, MigrateFlags flags)
    {
        if (Connection.ReadOnly) throw Connection.ReadOnlyDenied("virDomainMigrate3");
        if (destination.ReadOnly) throw Connection.ReadOnlyDenied("virDomainMigrate3");
        CheckStorageFlags(flags);
        if (flags.HasFlag(MigrateFlags.PeerToPeer))
            throw LibvirtException.InvalidArg("flags=0x" + ((uint)flags).ToString("x") + ": use virDomainMigrateToURI3 for peer-to-peer migration");
        if (flags.HasFlag(MigrateFlags.Tunnelled))
            throw LibvirtException.InvalidArg("flags=0x" + ((uint)flags).ToString("x") + ": cannot perform tunnelled migration without using peer2peer flag");
        if (flags.HasFlag(MigrateFlags.Offline))
        {
            if (!await Connection.SupportsFeatureAsync(FeatureMigrationOffline).ConfigureAwait(false))
                throw Unsupported("offline migration is not supported by the source host");
            if (!await destination.SupportsFeatureAsync(FeatureMigrationOffline).ConfigureAwait(false))
                throw Unsupported("offline migration is not supported by the destination host");
        }
        if (flags.HasFlag(MigrateFlags.ChangeProtection) && !await Connection.SupportsFeatureAsync(FeatureMigrateChangeProtection).ConfigureAwait(false))
            throw Unsupported("cannot enforce change protection");
        flags &= ~MigrateFlags.ChangeProtection;

        if (await BothSupportAsync(destination, FeatureMigrationParams).ConfigureAwait(false))
            return await MigrateVersion3ParamsAsync(destination, parameters, flags).ConfigureAwait(false);

        string[] compat = [MigrateParamUri, MigrateParamDestName, MigrateParamDestXml, MigrateParamBandwidth];
        if (parameters.Any(p => !compat.Contains(p.Field)))
            throw Unsupported("Migration APIs with extensible parameters are not supported but extended parameters were passed");
        foreach (int feature in new[] { FeatureMigrationV3, FeatureMigrationV2, FeatureMigrationV1 })
        {
            if (await BothSupportAsync(destination, feature).ConfigureAwait(false))
                throw LibvirtException.NoSupport("virDomainMigrate3");
        }
        throw LibvirtException.NoSupport("virDomainMigrate3");
    }

    /// <summary>
    /// virDomainMigrateToURI3: peer-to-peer (the source daemon migrates by itself to <paramref name="destinationUri"/>)
    /// or direct migration.
    /// </summary>
    public async Task MigrateToUriAsync(string? destinationUri, IReadOnlyList<TypedParameter> parameters, MigrateFlags flags)
    {
        if (Connection.ReadOnly) throw Connection.ReadOnlyDenied("virDomainMigrateToURI3");
        if (flags.HasFlag(MigrateFlags.Tunnelled) && flags.HasFlag(MigrateFlags.Parallel))
            throw LibvirtException.InvalidArg("Flags 'VIR_MIGRATE_TUNNELLED' and 'VIR_MIGRATE_PARALLEL' are mutually exclusive");
        CheckStorageFlags(flags);
        if (flags.HasFlag(MigrateFlags.Offline) && !await Connection.SupportsFeatureAsync(FeatureMigrationOffline).ConfigureAwait(false))
            throw Unsupported("offline migration is not supported by the source host");
        bool p2p = flags.HasFlag(MigrateFlags.PeerToPeer);
        if (p2p && !await Connection.SupportsFeatureAsync(FeatureMigrationP2P).ConfigureAwait(false))
            throw Unsupported("p2p migration is not supported by the source host");
        if (!p2p && !await Connection.SupportsFeatureAsync(FeatureMigrationDirect).ConfigureAwait(false))
            throw Unsupported("direct migration is not supported by the source host");
        if (p2p)
        {
            if (destinationUri is null) throw LibvirtException.InvalidArg("dconnuri in virDomainMigrateToURI3 must not be NULL");
            CheckNotLocal(destinationUri);
            if (await Connection.SupportsFeatureAsync(FeatureMigrationParams).ConfigureAwait(false))
            {
                await CallAsync<MigratePerform3ParamsArgs, MigrateCookieRet>(RemoteProcedure.DomainMigratePerform3Params,
                    new(Handle, destinationUri, [.. parameters], [], (uint)flags)).ConfigureAwait(false);
                return;
            }
        }
        // Unmanaged migration through the non-params Perform3 / Perform calls is not implemented here.
        throw LibvirtException.NoSupport("virDomainMigrateToURI3");
    }

    private async Task<Domain> MigrateVersion3ParamsAsync(Connection destination, IReadOnlyList<TypedParameter> parameters, MigrateFlags flags)
    {
        var prms = parameters.ToList();
        MigrateFlags protection = await Connection.SupportsFeatureAsync(FeatureMigrateChangeProtection).ConfigureAwait(false)
            ? MigrateFlags.ChangeProtection : MigrateFlags.None;

        var begin = await CallAsync<MigrateBegin3ParamsArgs, MigrateBegin3ParamsRet>(RemoteProcedure.DomainMigrateBegin3Params,
            new(Handle, [.. prms], (uint)(flags | protection))).ConfigureAwait(false);
        try
        {
            var (state, _) = await GetStateAsync().ConfigureAwait(false);
            if (state == DomainState.Paused && !flags.HasFlag(MigrateFlags.PostcopyResume)) flags |= MigrateFlags.Paused;
        }
        catch (LibvirtException) { /* state unknown: migrate as requested */ }
        var destFlags = flags & ~(MigrateFlags.AbortOnError | MigrateFlags.AutoConverge);

        Replace(prms, TypedParameter.Str(MigrateParamDestXml, begin.Xml));
        MigratePrepare3ParamsRet prepare;
        try
        {
            prepare = await destination.CallAsync<MigratePrepare3ParamsArgs, MigratePrepare3ParamsRet>(RemoteProcedure.DomainMigratePrepare3Params,
                new([.. prms], begin.CookieOut, (uint)destFlags)).ConfigureAwait(false);
        }
        catch (LibvirtException) when (protection != MigrateFlags.None)
        {
            // Begin started a migration job on the source: cancel it, keeping Prepare's error.
            await ConfirmQuietlyAsync(prms, [], flags | protection, cancelled: true).ConfigureAwait(false);
            throw;
        }

        LibvirtException? failure = null;
        bool cancelled = true, notifySource = true;
        byte[] cookie = prepare.CookieOut;
        if (prepare.UriOut is not null) Replace(prms, TypedParameter.Str(MigrateParamUri, prepare.UriOut));
        else if (!prms.Any(p => p.Field == MigrateParamUri))
            failure = LibvirtException.Internal("domainMigratePrepare3 did not set uri");

        if (failure is null && flags.HasFlag(MigrateFlags.Offline))
        {
            cookie = [];
            cancelled = false;
        }
        else if (failure is null)
        {
            try
            {
                cookie = (await CallAsync<MigratePerform3ParamsArgs, MigrateCookieRet>(RemoteProcedure.DomainMigratePerform3Params,
                    new(Handle, null, [.. prms], cookie, (uint)(flags | protection))).ConfigureAwait(false)).CookieOut;
                cancelled = false;
            }
            catch (LibvirtException e)
            {
                failure = e;
                notifySource = false;
                cookie = [];
            }
        }

        if (!prms.Any(p => p.Field == MigrateParamDestName)) Replace(prms, TypedParameter.Str(MigrateParamDestName, Name));
        Domain? result = null;
        try
        {
            var finish = await destination.CallAsync<MigrateFinish3ParamsArgs, MigrateFinish3ParamsRet>(RemoteProcedure.DomainMigrateFinish3Params,
                new([.. prms], cookie, (uint)destFlags, cancelled ? 1 : 0)).ConfigureAwait(false);
            result = destination.Wrap(finish.Dom);
            cookie = finish.CookieOut;
        }
        catch (LibvirtException e)
        {
            failure ??= e;
            cookie = [];
        }

        if (notifySource)
            await ConfirmQuietlyAsync(prms, cookie, flags | protection, cancelled: result is null).ConfigureAwait(false);
        if (failure is not null) throw failure;
        return result ?? throw LibvirtException.Internal("migration finished without a domain on the destination");
    }

    private async Task ConfirmQuietlyAsync(List<TypedParameter> prms, byte[] cookie, MigrateFlags flags, bool cancelled)
    {
        try
        {
            await CallVoidAsync(RemoteProcedure.DomainMigrateConfirm3Params,
                new MigrateConfirm3ParamsArgs(Handle, [.. prms], cookie, (uint)flags, cancelled ? 1 : 0)).ConfigureAwait(false);
        }
        catch (LibvirtException)
        {
            // Nothing more can be done; at worst the guest is left paused on the source, as with libvirt.
        }
    }

    /// <summary>Asks both sides (always both, as libvirt does) whether they support a migration feature.</summary>
    private async Task<bool> BothSupportAsync(Connection destination, int feature)
    {
        bool source = await Connection.SupportsFeatureAsync(feature).ConfigureAwait(false);
        bool target = await destination.SupportsFeatureAsync(feature).ConfigureAwait(false);
        return source && target;
    }

    private static void Replace(List<TypedParameter> prms, TypedParameter p)
    {
        prms.RemoveAll(x => x.Field == p.Field);
        prms.Add(p);
    }

    private static void CheckStorageFlags(MigrateFlags flags)
    {
        if (flags.HasFlag(MigrateFlags.NonSharedDisk) && flags.HasFlag(MigrateFlags.NonSharedInc))
            throw LibvirtException.InvalidArg("Flags 'VIR_MIGRATE_NON_SHARED_DISK' and 'VIR_MIGRATE_NON_SHARED_INC' are mutually exclusive");
        if (flags.HasFlag(MigrateFlags.NonSharedSynchronousWrites) && (flags & (MigrateFlags.NonSharedDisk | MigrateFlags.NonSharedInc)) == 0)
            throw LibvirtException.InvalidArg("Flag 'VIR_MIGRATE_NON_SHARED_SYNCHRONOUS_WRITES' requires flag 'VIR_MIGRATE_NON_SHARED_DISK' or 'VIR_MIGRATE_NON_SHARED_INC'");
    }

    /// <summary>virDomainMigrateCheckNotLocal: peer-to-peer migration to localhost is almost certainly a mistake.</summary>
    private static void CheckNotLocal(string uri)
    {
        var parsed = Uris.ConnectionUri.Parse(uri);
        if (parsed.Host is { } host ? host.StartsWith("localhost", StringComparison.Ordinal) : parsed.Get("socket") is null)
            throw LibvirtException.InvalidArg($"{uri}: Attempt to migrate guest to the same host");
    }

    private static LibvirtException Unsupported(string message) =>
        new(ErrorCode.ArgumentUnsupported, ErrorDomain.Domain, "argument unsupported: " + message);
}
