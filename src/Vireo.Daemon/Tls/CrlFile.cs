using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Vireo.Daemon.Tls;

/// <summary>
/// A certificate revocation list (PEM or DER, as <c>crl_file</c>): the serial numbers it revokes. Its signature
/// must verify with the CA's key, so a forged CRL cannot un-revoke anyone (nor revoke them).
/// </summary>
public sealed class CrlFile
{
    private readonly HashSet<BigInteger> _revoked;

    private CrlFile(HashSet<BigInteger> revoked) => _revoked = revoked;

    public int Count => _revoked.Count;

    public bool IsRevoked(X509Certificate2 cert) => _revoked.Contains(new BigInteger(cert.SerialNumberBytes.Span, isUnsigned: false, isBigEndian: true));

    public static CrlFile Load(string path, X509Certificate2 ca)
    {
        byte[] der = ReadDer(path);
        try
        {
            return Parse(der, ca, path);
        }
        catch (Exception e) when (e is AsnContentException or CryptographicException)
        {
            throw new IOException($"Unable to import CRL file '{path}': {e.Message}");
        }
    }

    private static byte[] ReadDer(string path)
    {
        string text = File.ReadAllText(path);
        if (text.Contains("-----BEGIN X509 CRL-----", StringComparison.Ordinal))
        {
            var pem = PemEncoding.Find(text);
            return Convert.FromBase64String(text[pem.Base64Data]);
        }
        return File.ReadAllBytes(path);
    }

    private static CrlFile Parse(byte[] der, X509Certificate2 ca, string path)
    {
        // CertificateList ::= SEQUENCE { tbsCertList, signatureAlgorithm, signatureValue BIT STRING }
        var outer = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
        var tbsBytes = outer.PeekEncodedValue().ToArray();
        var tbs = outer.ReadSequence();
        var sigAlg = outer.ReadSequence().ReadObjectIdentifier();
        var signature = outer.ReadBitString(out _);
        if (!VerifySignature(ca, sigAlg, tbsBytes, signature))
            throw new IOException($"CRL file '{path}' is not signed by the CA certificate {ca.Subject}");

        // TBSCertList ::= SEQUENCE { version OPTIONAL, signature, issuer, thisUpdate, nextUpdate OPTIONAL, revokedCertificates OPTIONAL, [0] extensions }
        if (tbs.PeekTag().HasSameClassAndValue(Asn1Tag.Integer)) tbs.ReadInteger();
        tbs.ReadEncodedValue(); // signature algorithm
        tbs.ReadEncodedValue(); // issuer
        tbs.ReadEncodedValue(); // thisUpdate
        if (tbs.HasData && IsTime(tbs.PeekTag())) tbs.ReadEncodedValue(); // nextUpdate
        var revoked = new HashSet<BigInteger>();
        if (tbs.HasData && tbs.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
        {
            var list = tbs.ReadSequence();
            while (list.HasData)
            {
                var entry = list.ReadSequence();
                revoked.Add(entry.ReadInteger());
            }
        }
        return new CrlFile(revoked);
    }

    private static bool IsTime(Asn1Tag tag) =>
        tag.HasSameClassAndValue(Asn1Tag.UtcTime) || tag.HasSameClassAndValue(Asn1Tag.GeneralizedTime);

    private static bool VerifySignature(X509Certificate2 ca, string oid, byte[] data, byte[] signature)
    {
        var (hash, rsa) = oid switch
        {
            "1.2.840.113549.1.1.11" => (HashAlgorithmName.SHA256, true),
            "1.2.840.113549.1.1.12" => (HashAlgorithmName.SHA384, true),
            "1.2.840.113549.1.1.13" => (HashAlgorithmName.SHA512, true),
            "1.2.840.10045.4.3.2" => (HashAlgorithmName.SHA256, false),
            "1.2.840.10045.4.3.3" => (HashAlgorithmName.SHA384, false),
            "1.2.840.10045.4.3.4" => (HashAlgorithmName.SHA512, false),
            _ => throw new CryptographicException($"unsupported CRL signature algorithm {oid}"),
        };
        if (rsa)
        {
            using var key = ca.GetRSAPublicKey() ?? throw new CryptographicException("the CA key is not RSA");
            return key.VerifyData(data, signature, hash, RSASignaturePadding.Pkcs1);
        }
        using var ec = ca.GetECDsaPublicKey() ?? throw new CryptographicException("the CA key is not ECDSA");
        return ec.VerifyData(data, signature, hash, DSASignatureFormat.Rfc3279DerSequence);
    }
}
