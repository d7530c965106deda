using System.Security.Cryptography;
using System.Text;

namespace Vireo.Protocol.Sasl;

/// <summary>
/// The SCRAM-SHA-256 arithmetic of RFC 5802/7677: salted password, client/server keys, proofs and signatures.
/// Passwords are taken as their UTF-8 bytes without SASLprep, as Cyrus SASL's SCRAM plugin does, so the same
/// password gives the same keys on both sides.
/// </summary>
public static class Scram
{
    public const string Mechanism = "SCRAM-SHA-256";
    public const int DefaultIterations = 4096;
    public const int SaltLength = 16;

    public static byte[] SaltedPassword(string password, byte[] salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, 32);

    public static byte[] ClientKey(byte[] saltedPassword) => Hmac(saltedPassword, "Client Key");
    public static byte[] ServerKey(byte[] saltedPassword) => Hmac(saltedPassword, "Server Key");
    public static byte[] StoredKey(byte[] clientKey) => SHA256.HashData(clientKey);

    public static byte[] Hmac(byte[] key, string text) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(text));

    public static byte[] Xor(byte[] a, byte[] b)
    {
        var r = new byte[a.Length];
        for (int i = 0; i < a.Length; i++) r[i] = (byte)(a[i] ^ b[i]);
        return r;
    }

    /// <summary>A nonce of printable characters without ',' (base64 of random bytes).</summary>
    public static string NewNonce() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(18));

    /// <summary>saslname escaping: ',' and '=' become =2C and =3D.</summary>
    public static string EscapeName(string name) => name.Replace("=", "=3D").Replace(",", "=2C");

    /// <summary>Undoes <see cref="EscapeName"/>; null when the escaping is malformed.</summary>
    public static string? UnescapeName(string name)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < name.Length; i++)
        {
            if (name[i] != '=') { sb.Append(name[i]); continue; }
            if (i + 2 >= name.Length) return null;
            var code = name.Substring(i + 1, 2);
            if (code == "2C") sb.Append(',');
            else if (code == "3D") sb.Append('=');
            else return null;
            i += 2;
        }
        return sb.ToString();
    }

    /// <summary>Splits "a=1,b=2" into attributes; the first occurrence of each wins.</summary>
    public static Dictionary<char, string> Attributes(string message)
    {
        var result = new Dictionary<char, string>();
        foreach (var part in message.Split(','))
        {
            if (part.Length < 2 || part[1] != '=') continue;
            result.TryAdd(part[0], part[2..]);
        }
        return result;
    }
}
