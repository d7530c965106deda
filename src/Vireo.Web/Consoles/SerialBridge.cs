using System.Net.WebSockets;
using Vireo.Client.Api;

namespace Vireo.Web.Consoles;

/// <summary>Copies a console stream to a WebSocket and back until either side ends.</summary>
public static class SerialBridge
{
    public static async Task RunAsync(WebSocket socket, VirStream stream, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var toBrowser = Task.Run(async () =>
        {
            var buf = new byte[16384];
            while (true)
            {
                int n = await stream.ReceiveAsync(buf, cts.Token).ConfigureAwait(false);
                if (n == 0) break;
                await socket.SendAsync(buf.AsMemory(0, n), WebSocketMessageType.Binary, true, cts.Token).ConfigureAwait(false);
            }
        });
        var toGuest = Task.Run(async () =>
        {
            var buf = new byte[4096];
            while (true)
            {
                var r = await socket.ReceiveAsync(buf.AsMemory(), cts.Token).ConfigureAwait(false);
                if (r.MessageType == WebSocketMessageType.Close) break;
                if (r.Count > 0) await stream.SendAsync(buf.AsMemory(0, r.Count), cts.Token).ConfigureAwait(false);
            }
        });
        try
        {
            await Task.WhenAny(toBrowser, toGuest).ConfigureAwait(false);
        }
        finally
        {
            cts.Cancel();
            try { await stream.AbortAsync().ConfigureAwait(false); } catch (Exception) { }
            await CloseQuietlyAsync(socket).ConfigureAwait(false);
            try { await Task.WhenAll(toBrowser, toGuest).ConfigureAwait(false); } catch (Exception) { }
        }
    }

    internal static async Task CloseQuietlyAsync(WebSocket socket)
    {
        try
        {
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "console closed", CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception)
        {
        }
    }
}
