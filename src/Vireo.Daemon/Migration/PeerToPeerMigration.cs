using Vireo.Client.Api;
using Vireo.Drivers.Domains;
using Vireo.Protocol.Errors;
using Vireo.Protocol.Remote;

namespace Vireo.Daemon.Migration;

/// <summary>
/// Peer-to-peer migration (virsh migrate --p2p): this daemon is the source and drives the destination daemon
/// itself over Vireo.Client, the five phases in libvirt's order. A failure after Prepare tells the destination to
/// discard its half (Finish cancelled) and the source to resume the guest (Confirm cancelled).
/// </summary>
internal static class PeerToPeerMigration
{
    private const uint AbortOnError = 1 << 12, AutoConverge = 1 << 13, Tunnelled = 1 << 2;
    private const int FeatureMigrationParams = 13;

    public static async Task RunAsync(IDomainDriver source, DomainRef dom, string dconnuri, TypedParameter[] parameters, uint flags)
    {
        Connection dest;
        try
        {
            dest = await Connection.OpenAsync(dconnuri, readOnly: false, closeCallback: false).ConfigureAwait(false);
        }
        catch (LibvirtException e)
        {
            throw new LibvirtException(ErrorCode.OperationFailed, ErrorDomain.Qemu, $"operation failed: Failed to connect to remote libvirt URI {dconnuri}: {e.Message}");
        }
        await using var _ = dest.ConfigureAwait(false);
        if (!await dest.SupportsFeatureAsync(FeatureMigrationParams).ConfigureAwait(false))
            throw new LibvirtException(ErrorCode.OperationFailed, ErrorDomain.Qemu, "operation failed: Destination libvirt does not support migration with extensible parameters");
        if ((flags & Tunnelled) != 0)
        {
            await TunnelledMigration.RunAsync(source, dest, dom, parameters, flags).ConfigureAwait(false);
            return;
        }

        var prms = parameters.ToList();
        var (beginCookie, xml) = await source.MigrateBegin3Async(dom, prms, flags).ConfigureAwait(false);
        Replace(prms, TypedParameter.Str("destination_xml", xml));
        if (!prms.Any(p => p.Field == "destination_name")) prms.Add(TypedParameter.Str("destination_name", dom.Name));
        uint destFlags = flags & ~(AbortOnError | AutoConverge);

        (byte[] Cookie, string? Uri) prepared;
        try
        {
            prepared = await dest.MigratePrepare3ParamsAsync(prms, beginCookie, destFlags).ConfigureAwait(false);
        }
        catch (LibvirtException)
        {
            await ConfirmQuietlyAsync(source, dom, prms, flags, cancelled: true).ConfigureAwait(false);
            throw;
        }
        if (prepared.Uri is not null) Replace(prms, TypedParameter.Str("migrate_uri", prepared.Uri));

        LibvirtException? failure = null;
        bool offline = (flags & (1 << 10)) != 0;
        if (!offline)
        {
            using var watch = new DestinationWatch(dest, source, dom);
            try
            {
                await source.MigratePerform3Async(dom, prms, prepared.Cookie, flags).ConfigureAwait(false);
            }
            catch (LibvirtException e)
            {
                failure = watch.Failure(e);
            }
        }
        bool finished = false;
        byte[] finishCookie = [];
        try
        {
            finishCookie = (await dest.MigrateFinish3ParamsAsync(prms, [], destFlags, cancelled: failure is not null).ConfigureAwait(false)).Cookie;
            finished = failure is null;
        }
        catch (LibvirtException e)
        {
            failure ??= e;
        }
        // Perform already resumed the guest after its own failure (its job is gone, Confirm is a no-op then);
        // after a failed Finish, Confirm resumes it.
        await ConfirmQuietlyAsync(source, dom, prms, flags, cancelled: !finished, finishCookie).ConfigureAwait(false);
        if (failure is not null) throw failure;
    }

    internal static async Task ConfirmQuietlyAsync(IDomainDriver source, DomainRef dom, List<TypedParameter> prms, uint flags, bool cancelled, byte[]? cookie = null)
    {
        try
        {
            await source.MigrateConfirm3Async(dom, prms, cookie ?? [], flags, cancelled).ConfigureAwait(false);
        }
        catch (LibvirtException)
        {
            // the job was already ended by Perform's own recovery
        }
    }

    internal static void Replace(List<TypedParameter> prms, TypedParameter p)
    {
        prms.RemoveAll(x => x.Field == p.Field);
        prms.Add(p);
    }
}
