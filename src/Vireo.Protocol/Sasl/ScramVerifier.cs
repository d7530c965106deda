using System.Security.Cryptography;

namespace Vireo.Protocol.Sasl;

/// <summary>What a server keeps of a password (RFC 5802 section 3): salt, iteration count, StoredKey, ServerKey.</summary>
public sealed record ScramVerifier(byte[] Salt, int Iterations, byte[] StoredKey, byte[] ServerKey)
{
    public static ScramVerifier FromPassword(string password, int iterations = Scram.DefaultIterations)
    {
        var salt = RandomNumberGenerator.GetBytes(Scram.SaltLength);
        var salted = Scram.SaltedPassword(password, salt, iterations);
        return new ScramVerifier(salt, iterations, Scram.StoredKey(Scram.ClientKey(salted)), Scram.ServerKey(salted));
    }
}
