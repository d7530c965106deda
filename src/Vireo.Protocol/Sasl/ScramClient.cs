using System.Security.Cryptography;
using System.Text;

namespace Vireo.Protocol.Sasl;

/// <summary>
/// The client side of one SCRAM-SHA-256 exchange (no channel binding: gs2 header "n,,").
/// <paramref name="nonce"/> is for test vectors only; by default a fresh random nonce is used.
/// </summary>
public sealed class ScramClient(string user, string password, string? nonce = null)
{
    private const string Gs2Header = "n,,";
    private readonly string _clientNonce = nonce ?? Scram.NewNonce();
    private string? _clientFirstBare;
    private byte[]? _expectedServerSignature;

    public string First()
    {
        _clientFirstBare = $"n={Scram.EscapeName(user)},r={_clientNonce}";
        return Gs2Header + _clientFirstBare;
    }

    public string Step(string serverFirst)
    {
        var attrs = Scram.Attributes(serverFirst);
        if (!attrs.TryGetValue('r', out var nonce) || !nonce.StartsWith(_clientNonce, StringComparison.Ordinal) || nonce.Length == _clientNonce.Length)
            throw new ScramException("the server's nonce does not extend ours");
        if (!attrs.TryGetValue('s', out var saltText) || !attrs.TryGetValue('i', out var iterText)
            || !int.TryParse(iterText, out int iterations) || iterations < 1 || iterations > 10_000_000)
            throw new ScramException("malformed server-first message");
        byte[] salt;
        try { salt = Convert.FromBase64String(saltText); }
        catch (FormatException) { throw new ScramException("malformed salt"); }
        var salted = Scram.SaltedPassword(password, salt, iterations);
        var clientKey = Scram.ClientKey(salted);
        string withoutProof = $"c={Convert.ToBase64String(Encoding.UTF8.GetBytes(Gs2Header))},r={nonce}";
        string authMessage = $"{_clientFirstBare},{serverFirst},{withoutProof}";
        var signature = HMACSHA256.HashData(Scram.StoredKey(clientKey), Encoding.UTF8.GetBytes(authMessage));
        _expectedServerSignature = HMACSHA256.HashData(Scram.ServerKey(salted), Encoding.UTF8.GetBytes(authMessage));
        return $"{withoutProof},p={Convert.ToBase64String(Scram.Xor(clientKey, signature))}";
    }

    /// <summary>Checks the server's final message: a server that proves it knows the verifier (mutual auth).</summary>
    public void Verify(string serverFinal)
    {
        var attrs = Scram.Attributes(serverFinal);
        if (attrs.TryGetValue('e', out var error)) throw new ScramException($"server refused: {error}");
        if (_expectedServerSignature is null || !attrs.TryGetValue('v', out var v))
            throw new ScramException("malformed server-final message");
        byte[] got;
        try { got = Convert.FromBase64String(v); }
        catch (FormatException) { throw new ScramException("malformed server signature"); }
        if (!CryptographicOperations.FixedTimeEquals(got, _expectedServerSignature))
            throw new ScramException("the server's signature is wrong");
    }
}
