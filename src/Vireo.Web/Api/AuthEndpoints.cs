using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vireo.Web.Users;

namespace Vireo.Web.Api;

/// <summary>Log in (users file with salted hashes, or PAM), log out, and who am I.</summary>
public static class AuthEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/login", async (HttpContext ctx, LoginRequest req, IPasswordCheck users) =>
        {
            // PAM may block (pam_unix delays a failure): off the request thread
            if (string.IsNullOrEmpty(req.User) || string.IsNullOrEmpty(req.Password) || !await Task.Run(() => users.Verify(req.User, req.Password)))
                return Results.Json(new ErrorReply("wrong user name or password"), WebJson.Default.ErrorReply, statusCode: 401);
            var csrf = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
            var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, req.User), new Claim(CsrfMiddleware.Claim, csrf)],
                CookieAuthenticationDefaults.AuthenticationScheme);
            await ctx.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
            return Results.Json(new SessionInfo(req.User, csrf), WebJson.Default.SessionInfo);
        });
        app.MapPost("/api/logout", async (HttpContext ctx) =>
        {
            await ctx.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.Json(new MessageReply("logged out"), WebJson.Default.MessageReply);
        }).RequireAuthorization();
        app.MapGet("/api/me", (HttpContext ctx) =>
            Results.Json(new SessionInfo(ctx.User.Identity!.Name!, ctx.User.FindFirst(CsrfMiddleware.Claim)?.Value ?? ""), WebJson.Default.SessionInfo))
            .RequireAuthorization();
    }
}
