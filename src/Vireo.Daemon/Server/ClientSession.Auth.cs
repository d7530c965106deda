using Vireo.Protocol.Sasl;

namespace Vireo.Daemon.Server;

/// <summary>The auth state of a connection: what its listener demands and who SASL proved the client to be.</summary>
public sealed partial class ClientSession
{
    /// <summary>REMOTE_AUTH_NONE / REMOTE_AUTH_SASL, as listed by AUTH_LIST.</summary>
    public const int AuthNone = 0, AuthSasl = 1;

    /// <summary>The scheme the listener requires (set once when the connection is accepted).</summary>
    public int AuthType { get; private set; } = AuthNone;

    /// <summary>The SASL user name, once AUTH_SASL_START/STEP succeeded (for ACLs and logs); null otherwise.</summary>
    public string? SaslUserName { get; private set; }

    /// <summary>False until the client passed the listener's auth; only auth procedures run before that.</summary>
    public bool IsAuthenticated => AuthType == AuthNone || SaslUserName is not null;

    /// <summary>The SCRAM exchange under way between AUTH_SASL_START and the last AUTH_SASL_STEP.</summary>
    internal ScramServer? SaslExchange { get; set; }

    public void RequireAuth(int authType) => AuthType = authType;

    internal void SaslSucceeded(string user)
    {
        SaslExchange = null;
        SaslUserName = user;
        Identity = Identity with { SaslUser = user }; // so `sasl:` ACL rules and the audit log see who logged in
    }
}
