using Vireo.Client.Api;
using Vireo.Drivers.Domains;
using Vireo.Protocol.Errors;
using Vireo.Protocol.Remote;

namespace Vireo.Daemon.Migration;

/// <summary>
/// Tunnelled peer-to-peer migration (virsh migrate --p2p --tunnelled, libvirt's doTunnelMigrate3): the destination
/// daemon is prepared with PREPARE_TUNNEL3_PARAMS, which opens an RPC stream; the source QEMU's migration data goes
/// through this daemon into that stream, so only the daemons' connection crosses the network. Then Finish and
/// Confirm as in a direct migration.
/// </summary>
internal static class TunnelledMigration
{
    private const uint AbortOnError = 1 << 12, AutoConverge = 1 << 13;

    public static async Task RunAsync(IDomainDriver source, Connection dest, DomainRef dom, TypedParameter[] parameters, uint flags)
    {
        var prms = parameters.ToList();
        if (prms.Any(p => p.Field is "migrate_uri" or "listen_address" or "disks_port" or "disks_uri"))
            throw new LibvirtException(ErrorCode.ArgumentUnsupported, ErrorDomain.Qemu,
                "argument unsupported: migration URI, listen address and disk ports have no meaning in a tunnelled migration");
        var (beginCookie, xml) = await source.MigrateBegin3Async(dom, prms, flags).ConfigureAwait(false);
        PeerToPeerMigration.Replace(prms, TypedParameter.Str("destination_xml", xml));
        if (!prms.Any(p => p.Field == "destination_name")) prms.Add(TypedParameter.Str("destination_name", dom.Name));
        uint destFlags = flags & ~(AbortOnError | AutoConverge);

        VirStream stream;
        byte[] cookie;
        try
        {
            (stream, cookie) = await dest.MigratePrepareTunnel3ParamsAsync(prms, beginCookie, destFlags).ConfigureAwait(false);
        }
        catch (LibvirtException)
        {
            await PeerToPeerMigration.ConfirmQuietlyAsync(source, dom, prms, flags, cancelled: true).ConfigureAwait(false);
            throw;
        }

        LibvirtException? failure = null;
        try
        {
            await source.MigratePerformTunnelledAsync(dom, prms, cookie, flags, new StreamWriter(stream)).ConfigureAwait(false);
            await stream.FinishAsync().ConfigureAwait(false);
        }
        catch (LibvirtException e)
        {
            failure = e;
            try { await stream.AbortAsync().ConfigureAwait(false); }
            catch (LibvirtException) { /* the destination already dropped the stream */ }
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
        await PeerToPeerMigration.ConfirmQuietlyAsync(source, dom, prms, flags, cancelled: !finished, finishCookie).ConfigureAwait(false);
        if (failure is not null) throw failure;
    }

    /// <summary>A write-only System.IO.Stream over the RPC stream, so the driver can copy QEMU's socket into it.</summary>
    private sealed class StreamWriter(VirStream stream) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default)
        {
            try
            {
                await stream.SendAsync(buffer, ct).ConfigureAwait(false);
            }
            catch (LibvirtException e)
            {
                throw new IOException(e.Message, e);
            }
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken ct) => WriteAsync(buffer.AsMemory(offset, count), ct).AsTask();
        public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count).GetAwaiter().GetResult();
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
