using System.Net.Sockets;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vireo.Client.Api;
using Vireo.Protocol.Errors;
using Vireo.Web.Api;
using Vireo.Web.Hosts;
using Vireo.Web.Xml;

namespace Vireo.Web.Consoles;

/// <summary>
/// The consoles (16.4) as WebSockets: /serial carries the domain's console stream (virDomainOpenConsole over the
/// connection's one RPC channel) to xterm.js; /vnc carries the guest's VNC server to noVNC.
/// </summary>
public static class ConsoleEndpoints
{
    public static void Map(RouteGroupBuilder ws)
    {
        ws.Map("/c/{cid}/d/{uuid}/serial", async (HttpContext ctx, string cid, string uuid, ConnectionManager m) =>
        {
            if (!ctx.WebSockets.IsWebSocketRequest) return Results.BadRequest();
            var (conn, dom) = await DomainEndpoints.LookupAsync(m, cid, uuid);
            if (conn.ReadOnly) throw LibvirtException.ReadOnlyDenied("virDomainOpenConsole");
            var stream = await dom.OpenConsoleAsync(null, DomainConsoleFlags.Force);
            using var socket = await ctx.WebSockets.AcceptWebSocketAsync();
            await SerialBridge.RunAsync(socket, stream, ctx.RequestAborted);
            return Results.Empty;
        });
        ws.Map("/c/{cid}/d/{uuid}/vnc", async (HttpContext ctx, string cid, string uuid, ConnectionManager m) =>
        {
            if (!ctx.WebSockets.IsWebSocketRequest) return Results.BadRequest();
            var (conn, dom) = await DomainEndpoints.LookupAsync(m, cid, uuid);
            var view = new DomainXmlView(await dom.GetXmlDescAsync());
            var vnc = view.Graphics.FirstOrDefault(g => g.Type == "vnc")
                      ?? throw new WebInputException("the guest has no VNC display");
            if (vnc.Port <= 0) throw new WebInputException("the guest's display is not running");
            string host = conn.Client?.Uri.Host ?? (vnc.Listen is "0.0.0.0" or "::" or "" ? "127.0.0.1" : vnc.Listen);
            var tcp = new TcpClient();
            await tcp.ConnectAsync(host, vnc.Port, ctx.RequestAborted);
            string? protocol = ctx.WebSockets.WebSocketRequestedProtocols.FirstOrDefault(p => p == "binary");
            using var socket = await ctx.WebSockets.AcceptWebSocketAsync(protocol);
            await VncBridge.RunAsync(socket, tcp, ctx.RequestAborted);
            return Results.Empty;
        });
    }
}
