using System.Text;
using Vireo.Client.Rpc;
using Vireo.Client.Uris;
using Vireo.Protocol.Errors;
using Vireo.Protocol.Remote;
using Vireo.Protocol.Remote.Messages;
using Vireo.Protocol.Sasl;

namespace Vireo.Client.Auth;

/// <summary>
/// Asks the user for a credential, like libvirt's virConnectAuth callback: returns null when there is nobody to
/// ask (no terminal). <paramref name="secret"/> means do not echo.
/// </summary>
public delegate string? CredentialPrompt(string prompt, bool secret);

/// <summary>
/// The client side of libvirt's SASL auth procedures with SCRAM-SHA-256: AUTH_SASL_INIT (mechanisms),
/// AUTH_SASL_START (client-first), AUTH_SASL_STEP (client-final), then the server's signature is checked.
/// Credentials come from auth.conf, the URI's user name, then the prompt.
/// </summary>
public static class SaslAuthenticator
{
    /// <summary>Set by an interactive program (vsh) to prompt on its terminal.</summary>
    public static CredentialPrompt? Prompt { get; set; }

    public static async Task AuthenticateAsync(RpcClient rpc, ConnectionUri uri, CancellationToken ct)
    {
        var init = await rpc.CallAsync<AuthSaslInitRet>(RemoteProcedure.AuthSaslInit, ct).ConfigureAwait(false);
        var mechs = init.MechList.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries);
        if (!mechs.Contains(Scram.Mechanism, StringComparer.OrdinalIgnoreCase))
            throw new LibvirtException(ErrorCode.AuthFailed, ErrorDomain.Auth,
                $"authentication failed: Failed to start SASL negotiation: the server offers {init.MechList}, this client speaks {Scram.Mechanism}");
        var (user, password) = Credentials(uri);
        var scram = new ScramClient(user, password);
        var start = await rpc.CallAsync<AuthSaslStartArgs, AuthSaslStepRet>(RemoteProcedure.AuthSaslStart,
            new AuthSaslStartArgs(Scram.Mechanism, false, Encoding.UTF8.GetBytes(scram.First())), ct).ConfigureAwait(false);
        try
        {
            var clientFinal = scram.Step(Encoding.UTF8.GetString(start.Data));
            var final = await rpc.CallAsync<AuthSaslStepArgs, AuthSaslStepRet>(RemoteProcedure.AuthSaslStep,
                new AuthSaslStepArgs(false, Encoding.UTF8.GetBytes(clientFinal)), ct).ConfigureAwait(false);
            if (!final.Complete || final.Nil)
                throw new ScramException("the server did not finish the exchange");
            scram.Verify(Encoding.UTF8.GetString(final.Data));
        }
        catch (ScramException e)
        {
            throw new LibvirtException(ErrorCode.AuthFailed, ErrorDomain.Auth, $"authentication failed: Failed to step SASL negotiation: {e.Message}");
        }
    }

    private static (string User, string Password) Credentials(ConnectionUri uri)
    {
        string host = uri.Host ?? "localhost";
        var file = AuthConfigFile.Locate(uri);
        string? user = (file is null ? null : AuthConfigFile.Lookup(file, host, "authname")) ?? uri.User;
        string? password = file is null ? null : AuthConfigFile.Lookup(file, host, "password");
        user ??= Prompt?.Invoke("Please enter your authentication name", secret: false);
        if (user is not null) password ??= Prompt?.Invoke("Please enter your password", secret: true);
        if (string.IsNullOrEmpty(user) || password is null)
            throw new LibvirtException(ErrorCode.AuthFailed, ErrorDomain.Auth,
                "authentication failed: Failed to collect auth credentials");
        return (user, password);
    }
}
