using System.Net;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Vireo.Pki;

/// <summary>
/// A small CA in a directory (libvirt's layout: DIR/cacert.pem, DIR/private/cakey.pem, DIR/cacrl.pem) that issues
/// server and client certificates with the key usages libvirt checks: CA = keyCertSign+cRLSign and CA:TRUE;
/// server = digitalSignature+keyEncipherment, serverAuth, SANs for every host name and address;
/// client = digitalSignature+keyEncipherment, clientAuth.
/// </summary>
public sealed class CertificateAuthority(string dir)
{
    private const string ServerAuth = "1.3.6.1.5.5.7.3.1", ClientAuth = "1.3.6.1.5.5.7.3.2";

    public string CertPath => Path.Combine(dir, "cacert.pem");
    public string KeyPath => Path.Combine(dir, "private", "cakey.pem");
    public string CrlPath => Path.Combine(dir, "cacrl.pem");

    public bool Exists => File.Exists(CertPath) && File.Exists(KeyPath);

    /// <summary>Creates the CA certificate, its key and an empty CRL.</summary>
    public void Create(string subject, int days)
    {
        if (Exists) throw new PkiException($"a CA already exists in {dir} ({CertPath}); remove it first or use another --ca-dir");
        using var key = RSA.Create(3072);
        var req = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        req.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, critical: true));
        req.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        req.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(req.PublicKey, critical: false));
        var now = DateTimeOffset.UtcNow;
        using var ca = req.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(days));
        PemFiles.WriteKey(KeyPath, key);
        PemFiles.WriteCert(CertPath, ca);
        WriteCrl(ca, new CertificateRevocationListBuilder(), BigInteger.One);
    }

    /// <summary>Issues a server certificate for <paramref name="hosts"/> (DNS names and IP addresses; the first is the CN).</summary>
    public (X509Certificate2 Cert, RSA Key) IssueServer(IReadOnlyList<string> hosts, string org, int days)
    {
        var san = new SubjectAlternativeNameBuilder();
        foreach (var h in hosts)
        {
            if (IPAddress.TryParse(h, out var ip)) san.AddIpAddress(ip);
            else san.AddDnsName(h);
        }
        return Issue(Subject(hosts[0], org), ServerAuth, days, san.Build());
    }

    public (X509Certificate2 Cert, RSA Key) IssueClient(string commonName, string org, int days) =>
        Issue(Subject(commonName, org), ClientAuth, days, null);

    /// <summary>Adds a certificate's serial to the CRL (and rewrites cacrl.pem with a higher CRL number).</summary>
    public void Revoke(X509Certificate2 cert)
    {
        using var ca = LoadCa();
        if (cert.IssuerName.RawData.AsSpan().SequenceEqual(ca.SubjectName.RawData) is false)
            throw new PkiException($"'{cert.Subject}' was not issued by this CA ({ca.Subject})");
        var number = BigInteger.Zero;
        var builder = File.Exists(CrlPath)
            ? CertificateRevocationListBuilder.Load(PemFiles.ReadCrl(CrlPath), out number)
            : new CertificateRevocationListBuilder();
        builder.AddEntry(cert, DateTimeOffset.UtcNow, X509RevocationReason.Unspecified);
        WriteCrl(ca, builder, number + 1);
    }

    private void WriteCrl(X509Certificate2 ca, CertificateRevocationListBuilder builder, BigInteger number)
    {
        var now = DateTimeOffset.UtcNow;
        byte[] der = builder.Build(ca, number, now.AddDays(365), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1, now.AddMinutes(-5));
        PemFiles.WriteCrl(CrlPath, der);
    }

    private (X509Certificate2, RSA) Issue(X500DistinguishedName subject, string usage, int days, X509Extension? san)
    {
        using var ca = LoadCa();
        var key = RSA.Create(2048);
        var req = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        req.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, critical: true));
        req.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, critical: true));
        req.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], critical: true));
        req.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(req.PublicKey, critical: false));
        req.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        if (san is not null) req.CertificateExtensions.Add(san);
        var now = DateTimeOffset.UtcNow;
        var (notBefore, notAfter) = (now.AddMinutes(-5), now.AddDays(days));
        if (days < 0)
        {
            // An already-expired certificate (for testing refusals); it cannot predate the CA, which starts 5 minutes before its creation.
            notBefore = new DateTimeOffset(ca.NotBefore.ToUniversalTime());
            notAfter = notBefore.AddMinutes(1);
        }
        if (notBefore < ca.NotBefore.ToUniversalTime()) notBefore = new DateTimeOffset(ca.NotBefore.ToUniversalTime());
        if (notAfter > ca.NotAfter.ToUniversalTime()) notAfter = new DateTimeOffset(ca.NotAfter.ToUniversalTime());
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f; // positive
        serial[0] |= 0x40; // and 16 bytes long, so two serials never differ only by a leading zero
        var cert = req.Create(ca, notBefore, notAfter, serial);
        return (cert, key);
    }

    private X509Certificate2 LoadCa()
    {
        if (!Exists) throw new PkiException($"no CA in {dir}: create one with 'vireo-pki create-ca --ca-dir {dir}'");
        return X509Certificate2.CreateFromPemFile(CertPath, KeyPath);
    }

    private static X500DistinguishedName Subject(string commonName, string org)
    {
        // The builder encodes in reverse order of the calls: this gives O=ORG then CN=NAME on the wire, printed CN=NAME,O=ORG.
        var b = new X500DistinguishedNameBuilder();
        b.AddCommonName(commonName);
        if (org.Length > 0) b.AddOrganizationName(org);
        return b.Build();
    }
}

public sealed class PkiException(string message) : Exception(message);
