using System.Text;
using Vireo.Daemon.Dispatch;
using Vireo.Daemon.Logging;
using Vireo.Daemon.Server;
using Vireo.Protocol.Errors;
using Vireo.Protocol.Remote;
using Vireo.Protocol.Remote.Messages;
using Vireo.Protocol.Sasl;

namespace Vireo.Daemon.Handlers;

/// <summary>
/// AUTH_SASL_INIT/START/STEP with SCRAM-SHA-256 against the user database of vireo-saslpasswd. As libvirtd, a
/// client only ever learns "authentication failed"; the reason goes to the log. The database is read at each
/// START, so users added or removed take effect without a restart (as with a sasldb).
/// </summary>
public static class SaslAuthHandlers
{
    public static void Register(ProcedureRegistry r)
    {
        r.AddNoArgs(RemoteProcedure.AuthSaslInit, Init);
        r.Add<AuthSaslStartArgs, AuthSaslStepRet>(RemoteProcedure.AuthSaslStart, Start);
        r.Add<AuthSaslStepArgs, AuthSaslStepRet>(RemoteProcedure.AuthSaslStep, Step);
    }

    /// <summary>The database file: sasl_db_path, else ETC/sasl-users.</summary>
    public static string DatabasePath(DaemonServer server) => server.Config.SaslDbPath ?? Path.Combine(server.Paths.Etc, "sasl-users");

    private static Task<AuthSaslInitRet> Init(CallContext ctx)
    {
        var s = ctx.Session;
        if (s.AuthType != ClientSession.AuthSasl || s.IsAuthenticated)
            throw Failed(s, "client tried an invalid SASL init request");
        s.SaslExchange = null;
        return Task.FromResult(new AuthSaslInitRet(Scram.Mechanism));
    }

    private static Task<AuthSaslStepRet> Start(CallContext ctx, AuthSaslStartArgs a)
    {
        var s = ctx.Session;
        if (s.AuthType != ClientSession.AuthSasl || s.IsAuthenticated)
            throw Failed(s, "client tried an invalid SASL start request");
        if (!string.Equals(a.Mech, Scram.Mechanism, StringComparison.OrdinalIgnoreCase))
            throw Failed(s, $"client asked for SASL mechanism '{a.Mech}', not offered");
        if (a.Nil)
            throw Failed(s, "SCRAM needs the client's first message in SASL start");
        SaslUserDatabase db;
        try { db = SaslUserDatabase.Load(DatabasePath(s.Server)); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            throw Failed(s, $"cannot read the SASL user database: {e.Message}");
        }
        var exchange = new ScramServer(db.Find);
        try
        {
            var serverFirst = exchange.Start(Encoding.UTF8.GetString(a.Data));
            s.SaslExchange = exchange;
            return Task.FromResult(new AuthSaslStepRet(false, false, Encoding.UTF8.GetBytes(serverFirst)));
        }
        catch (ScramException e) { throw Failed(s, e.Message); }
    }

    private static Task<AuthSaslStepRet> Step(CallContext ctx, AuthSaslStepArgs a)
    {
        var s = ctx.Session;
        var exchange = s.SaslExchange;
        if (exchange is null || s.IsAuthenticated)
            throw Failed(s, "client tried an invalid SASL step request");
        try
        {
            var serverFinal = exchange.Step(Encoding.UTF8.GetString(a.Data));
            var user = exchange.UserName!;
            if (s.Server.Config.SaslAllowedUsernames is { } allowed && !allowed.Any(p => GlobMatch(p, user)))
                throw Failed(s, $"SASL user '{user}' is not in sasl_allowed_username_list");
            s.SaslSucceeded(user);
            DaemonLog.Info($"client {s.Id} ({s.Identity}): SASL {Scram.Mechanism} authenticated user '{user}'");
            return Task.FromResult(new AuthSaslStepRet(true, false, Encoding.UTF8.GetBytes(serverFinal)));
        }
        catch (ScramException e) { throw Failed(s, e.Message); }
    }

    private static LibvirtException Failed(ClientSession s, string why)
    {
        s.SaslExchange = null;
        DaemonLog.Warn($"client {s.Id} ({s.Identity}): SASL authentication failed: {why}");
        return new LibvirtException(ErrorCode.AuthFailed, ErrorDomain.Rpc, "authentication failed: authentication failed");
    }

    /// <summary>fnmatch-style '*' and '?' (the wildcards of libvirtd's sasl_allowed_username_list).</summary>
    internal static bool GlobMatch(string pattern, string text)
    {
        if (pattern.Length == 0) return text.Length == 0;
        if (pattern[0] == '*')
            return Enumerable.Range(0, text.Length + 1).Any(i => GlobMatch(pattern[1..], text[i..]));
        return text.Length > 0 && (pattern[0] == '?' || pattern[0] == text[0]) && GlobMatch(pattern[1..], text[1..]);
    }
}
