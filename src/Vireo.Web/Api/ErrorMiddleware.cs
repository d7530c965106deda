using Microsoft.AspNetCore.Http;
using Vireo.Protocol.Errors;

namespace Vireo.Web.Api;

/// <summary>Turns a libvirt error or bad form input into a JSON message the page shows next to the form, never a stack trace.</summary>
public sealed class ErrorMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext ctx)
    {
        try
        {
            await next(ctx).ConfigureAwait(false);
        }
        catch (WebInputException e) when (!ctx.Response.HasStarted)
        {
            ctx.Response.StatusCode = 400;
            await ctx.Response.WriteAsJsonAsync(new ErrorReply(e.Message, e.Field), WebJson.Default.ErrorReply).ConfigureAwait(false);
        }
        catch (LibvirtException e) when (!ctx.Response.HasStarted)
        {
            ctx.Response.StatusCode = e.Code is ErrorCode.NoDomain or ErrorCode.NoNetwork or ErrorCode.NoStoragePool or ErrorCode.NoStorageVol ? 404 : 400;
            await ctx.Response.WriteAsJsonAsync(new ErrorReply("error: " + e.Message), WebJson.Default.ErrorReply).ConfigureAwait(false);
        }
        catch (BadHttpRequestException e) when (!ctx.Response.HasStarted)
        {
            ctx.Response.StatusCode = 400;
            await ctx.Response.WriteAsJsonAsync(new ErrorReply("bad request: " + e.Message), WebJson.Default.ErrorReply).ConfigureAwait(false);
        }
        catch (IOException e) when (!ctx.Response.HasStarted)
        {
            ctx.Response.StatusCode = 502;
            await ctx.Response.WriteAsJsonAsync(new ErrorReply("error: connection lost: " + e.Message), WebJson.Default.ErrorReply).ConfigureAwait(false);
        }
    }
}
