using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vireo.Web.Hosts;

namespace Vireo.Web.Api;

/// <summary>Connections (16.1), the main window's list (16.2), Preferences (16.8) and the change notices.</summary>
public static class ConnectionEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/overview", (ConnectionManager m) =>
        {
            var conns = m.All;
            return new Overview(conns.Select(c => c.ToRow()).ToList(), conns.SelectMany(c => c.Guests).ToList(), m.PollSeconds);
        });
        api.MapPost("/connections", (AddConnectionRequest req, ConnectionManager m) =>
        {
            if (string.IsNullOrWhiteSpace(req.Uri)) throw new WebInputException("enter a connection URI", "uri");
            return m.Add(req.Uri, req.ReadOnly).ToRow();
        });
        api.MapDelete("/connections/{id}", async (string id, ConnectionManager m) =>
        {
            await m.RemoveAsync(id);
            return new MessageReply("removed");
        });
        api.MapGet("/preferences", (ConnectionManager m) => new Preferences(m.PollSeconds));
        api.MapPost("/preferences", (Preferences p, ConnectionManager m) =>
        {
            if (p.PollSeconds is < ConnectionManager.MinPollSeconds or > ConnectionManager.MaxPollSeconds)
                throw new WebInputException($"polling interval must be between {ConnectionManager.MinPollSeconds} and {ConnectionManager.MaxPollSeconds} seconds", "pollSeconds");
            m.SetPollSeconds(p.PollSeconds);
            return new Preferences(m.PollSeconds);
        });
        // server-sent events: one line per change ("guests", "connections"); the page fetches /api/overview again
        api.MapGet("/events", async (HttpContext ctx, ChangeFeed feed) =>
        {
            ctx.Response.Headers.ContentType = "text/event-stream";
            ctx.Response.Headers.CacheControl = "no-cache";
            var ch = feed.Subscribe();
            try
            {
                await ctx.Response.WriteAsync("data: hello\n\n", ctx.RequestAborted);
                await ctx.Response.Body.FlushAsync(ctx.RequestAborted);
                await foreach (var topic in ch.Reader.ReadAllAsync(ctx.RequestAborted))
                {
                    await ctx.Response.WriteAsync($"data: {topic}\n\n", ctx.RequestAborted);
                    await ctx.Response.Body.FlushAsync(ctx.RequestAborted);
                }
            }
            catch (OperationCanceledException)
            {
            }
            finally
            {
                feed.Unsubscribe(ch);
            }
        });
    }
}
