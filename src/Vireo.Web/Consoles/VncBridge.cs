using System.Net.Sockets;
using System.Net.WebSockets;

namespace Vireo.Web.Consoles;

/// <summary>Copies the bytes of a VNC TCP connection to a WebSocket (binary messages, as noVNC expects) and back.</summary>
public static class VncBridge
{
    public static async Task RunAsync(WebSocket socket, TcpClient tcp, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var _ = tcp;
        var net = tcp.GetStream();
        var toBrowser = Task.Run(async () =>
        {
            var buf = new byte[65536];
            while (true)
            {
                int n = await net.ReadAsync(buf, cts.Token).ConfigureAwait(false);
                if (n == 0) break;
                await socket.SendAsync(buf.AsMemory(0, n), WebSocketMessageType.Binary, true, cts.Token).ConfigureAwait(false);
            }
        });
        var toServer = Task.Run(async () =>
        {
            var buf = new byte[16384];
            while (true)
            {
                var r = await socket.ReceiveAsync(buf.AsMemory(), cts.Token).ConfigureAwait(false);
                if (r.MessageType == WebSocketMessageType.Close) break;
                await net.WriteAsync(buf.AsMemory(0, r.Count), cts.Token).ConfigureAwait(false);
            }
        });
        try
        {
            await Task.WhenAny(toBrowser, toServer).ConfigureAwait(false);
        }
        finally
        {
            cts.Cancel();
            await SerialBridge.CloseQuietlyAsync(socket).ConfigureAwait(false);
            try { await Task.WhenAll(toBrowser, toServer).ConfigureAwait(false); } catch (Exception) { }
        }
    }
}
