using Vireo.Daemon.Dispatch;
using Vireo.Protocol.Remote;
using Vireo.Protocol.Remote.Messages;

namespace Vireo.Daemon.Handlers;

/// <summary>
/// Procedures that open an RPC stream (remote_protocol.x "readstream"/"writestream"): the driver hands back a
/// byte stream, the call replies OK, and the stream then runs on the call's serial (see ServerStream).
/// </summary>
public static class StreamHandlers
{
    /// <summary>VIR_STORAGE_VOL_UPLOAD_SPARSE_STREAM = VIR_STORAGE_VOL_DOWNLOAD_SPARSE_STREAM = 1.</summary>
    private const uint SparseStream = 1;

    public static void Register(ProcedureRegistry r)
    {
        r.Add<DomainOpenConsoleArgs>(RemoteProcedure.DomainOpenConsole, async (ctx, a) =>
        {
            var console = await ctx.Driver.Domains.OpenConsoleAsync(a.Dom.ToRef(), a.DevName, a.Flags).ConfigureAwait(false);
            ctx.AttachStream(console, fromDriver: true, toDriver: true);
        });
        r.Add<DomainScreenshotArgs, DomainScreenshotRet>(RemoteProcedure.DomainScreenshot, async (ctx, a) =>
        {
            var (mime, image) = await ctx.Driver.Domains.ScreenshotAsync(a.Dom.ToRef(), a.Screen, a.Flags).ConfigureAwait(false);
            ctx.AttachStream(image, fromDriver: true, toDriver: false);
            return new DomainScreenshotRet(mime);
        });
        r.Add<StorageVolTransferArgs>(RemoteProcedure.StorageVolUpload, async (ctx, a) =>
        {
            var sink = await ctx.Driver.Storage.UploadVolAsync(a.Vol.ToRef(), a.Offset, a.Length, a.Flags).ConfigureAwait(false);
            ctx.AttachStream(sink, fromDriver: false, toDriver: true, sparse: (a.Flags & SparseStream) != 0);
        });
        r.Add<StorageVolTransferArgs>(RemoteProcedure.StorageVolDownload, async (ctx, a) =>
        {
            var source = await ctx.Driver.Storage.DownloadVolAsync(a.Vol.ToRef(), a.Offset, a.Length, a.Flags).ConfigureAwait(false);
            ctx.AttachStream(source, fromDriver: true, toDriver: false, sparse: (a.Flags & SparseStream) != 0);
        });
    }
}
