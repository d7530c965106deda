using Vireo.Daemon.Dispatch;
using Vireo.Protocol.Errors;
using Vireo.Protocol.Remote;

namespace Vireo.Daemon.Access;

/// <summary>
/// Wraps a procedure handler with the access check and the audit record: refused calls fail with libvirt's
/// "access denied" (code 88) and are logged; mutating calls are logged with their result.
/// </summary>
public static class AccessGuard
{
    public static ProcedureHandler Wrap(ProcedureInfo info, ProcedureHandler handler) => async (ctx, payload) =>
    {
        var server = ctx.Session.Server;
        var obj = CallObject.From(info, payload.Span);
        var subject = AccessSubject.From(ctx.Session.Identity);
        bool mutating = info.ReadOnly == ReadOnlyRule.Deny;
        // The read-only socket is the public read interface: what it may run at all needs no rule.
        bool check = obj.Permissions.Count > 0 && !(ctx.Session.ReadOnly && !mutating);
        if (check && server.AccessPolicy.Deny(subject, obj.Permissions, obj.Name) is { } missing)
        {
            var reason = $"'{missing}' denied to {subject} on {obj}";
            server.Audit.Record(subject, info.ApiName, obj, "denied", reason);
            throw new LibvirtException(ErrorCode.AccessDenied, ErrorDomain.Access, $"access denied: {reason}");
        }
        if (!mutating) return await handler(ctx, payload).ConfigureAwait(false);
        try
        {
            var ret = await handler(ctx, payload).ConfigureAwait(false);
            server.Audit.Record(subject, info.ApiName, obj, "success");
            return ret;
        }
        catch (Exception e)
        {
            server.Audit.Record(subject, info.ApiName, obj, "error", e.Message);
            throw;
        }
    };
}
