using Microsoft.AspNetCore.Http;

namespace Vireo.Web.Api;

/// <summary>
/// CSRF protection: a state-changing API call must carry the session's token (given to the page by /api/me and the
/// login reply) in X-Vireo-Csrf; a WebSocket must come from a page of this origin. The cookie is SameSite=Strict too.
/// </summary>
public sealed class CsrfMiddleware(RequestDelegate next)
{
    public const string Header = "X-Vireo-Csrf", Claim = "vireo-csrf";

    public Task InvokeAsync(HttpContext ctx)
    {
        var path = ctx.Request.Path;
        bool mutating = !HttpMethods.IsGet(ctx.Request.Method) && !HttpMethods.IsHead(ctx.Request.Method);
        if (mutating && path.StartsWithSegments("/api") && !path.StartsWithSegments("/api/login") && ctx.User.Identity?.IsAuthenticated == true)
        {
            var expected = ctx.User.FindFirst(Claim)?.Value;
            if (expected is null || ctx.Request.Headers[Header] != expected)
                return Deny(ctx, "missing or wrong CSRF token");
        }
        if (path.StartsWithSegments("/ws") && ctx.Request.Headers.Origin is { Count: > 0 } origin)
        {
            if (!Uri.TryCreate(origin.ToString(), UriKind.Absolute, out var o) || !string.Equals(o.Authority, ctx.Request.Host.Value, StringComparison.OrdinalIgnoreCase))
                return Deny(ctx, "cross-origin console connection refused");
        }
        return next(ctx);
    }

    private static Task Deny(HttpContext ctx, string why)
    {
        ctx.Response.StatusCode = 403;
        return ctx.Response.WriteAsJsonAsync(new ErrorReply(why), WebJson.Default.ErrorReply);
    }
}
