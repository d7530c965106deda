using System.Security.Cryptography;
using System.Text;

namespace Vireo.Protocol.Sasl;

/// <summary>
/// The server side of one SCRAM-SHA-256 exchange: client-first → server-first, client-final → server-final.
/// Any failure (bad syntax, unknown user, wrong proof) throws <see cref="ScramException"/>; an unknown user is
/// only discovered at the proof, with a made-up salt, so the exchange does not tell which users exist.
/// </summary>
/// <remarks><paramref name="nonce"/> (the server's half) is for test vectors only.</remarks>
public sealed class ScramServer(Func<string, ScramVerifier?> lookup, string? nonce = null)
{
    private string? _clientFirstBare, _serverFirst, _gs2Header, _nonce;
    private ScramVerifier? _verifier;

    /// <summary>The authenticated user, set once the client's proof checked out.</summary>
    public string? UserName { get; private set; }
    private string? _claimedUser;

    public string Start(string clientFirst)
    {
        // gs2-header: "n" | "y" (client could bind but we offer no -PLUS) ; "p=" asks for binding we do not offer
        var parts = clientFirst.Split(',', 3);
        if (parts.Length < 3 || parts[0] is not ("n" or "y"))
            throw new ScramException(parts.Length > 0 && parts[0].StartsWith("p=") ? "channel binding is not supported" : "malformed client-first message");
        string authzid = parts[1];
        _gs2Header = $"{parts[0]},{authzid},";
        _clientFirstBare = parts[2];
        var attrs = Scram.Attributes(_clientFirstBare);
        if (_clientFirstBare.StartsWith("m=") || !attrs.TryGetValue('n', out var rawName) || !attrs.TryGetValue('r', out var clientNonce) || clientNonce.Length == 0)
            throw new ScramException("malformed client-first message");
        var user = Scram.UnescapeName(rawName) ?? throw new ScramException("malformed user name");
        if (authzid.Length > 0 && (!authzid.StartsWith("a=") || Scram.UnescapeName(authzid[2..]) != user))
            throw new ScramException("authorization identity differs from the user name");
        _claimedUser = user;
        _verifier = lookup(user) ?? Decoy(user);
        _nonce = clientNonce + (nonce ?? Scram.NewNonce());
        _serverFirst = $"r={_nonce},s={Convert.ToBase64String(_verifier.Salt)},i={_verifier.Iterations}";
        return _serverFirst;
    }

    public string Step(string clientFinal)
    {
        if (_serverFirst is null || _verifier is null) throw new ScramException("unexpected SCRAM step");
        int p = clientFinal.LastIndexOf(",p=", StringComparison.Ordinal);
        if (p < 0) throw new ScramException("malformed client-final message");
        string withoutProof = clientFinal[..p];
        var attrs = Scram.Attributes(withoutProof);
        if (!attrs.TryGetValue('c', out var binding) || binding != Convert.ToBase64String(Encoding.UTF8.GetBytes(_gs2Header!)))
            throw new ScramException("channel binding mismatch");
        if (!attrs.TryGetValue('r', out var nonce) || nonce != _nonce)
            throw new ScramException("nonce mismatch");
        byte[] proof;
        try { proof = Convert.FromBase64String(clientFinal[(p + 3)..]); }
        catch (FormatException) { throw new ScramException("malformed client proof"); }
        string authMessage = $"{_clientFirstBare},{_serverFirst},{withoutProof}";
        var signature = HMACSHA256.HashData(_verifier.StoredKey, Encoding.UTF8.GetBytes(authMessage));
        if (proof.Length != signature.Length) throw new ScramException("invalid proof");
        var clientKey = Scram.Xor(proof, signature);
        if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(clientKey), _verifier.StoredKey))
            throw new ScramException("invalid proof");
        UserName = _claimedUser;
        var serverSignature = HMACSHA256.HashData(_verifier.ServerKey, Encoding.UTF8.GetBytes(authMessage));
        return "v=" + Convert.ToBase64String(serverSignature);
    }

    /// <summary>A stable fake verifier for a user that does not exist (random keys: no proof can match).</summary>
    private static ScramVerifier Decoy(string user)
    {
        var salt = SHA256.HashData(Encoding.UTF8.GetBytes("vireo-decoy:" + user))[..Scram.SaltLength];
        return new ScramVerifier(salt, Scram.DefaultIterations, RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(32));
    }
}

/// <summary>A failed SCRAM exchange; the message is for logs, clients only learn "authentication failed".</summary>
public sealed class ScramException(string message) : Exception(message);
