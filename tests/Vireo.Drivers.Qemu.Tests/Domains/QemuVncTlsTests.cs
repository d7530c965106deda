using System.Buffers.Binary;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Vireo.Drivers.Qemu.Tests.Support;

namespace Vireo.Drivers.Qemu.Tests.Domains;

/// <summary>
/// qemu.conf vnc_tls = 1 with vnc_tls_x509_verify = 1 and a &lt;graphics passwd=...&gt;: the guest's VNC server
/// listens on 127.0.0.1, offers only VeNCrypt (RFB security type 19) with the X509VNC subtype, completes an x509
/// TLS handshake with a client certificate from the same CA and then asks for the VNC password inside TLS.
/// </summary>
[Trait("Category", "Integration")]
[Collection(QemuCollection.Name)]
public partial class QemuVncTlsTests
{
    private const int VeNCrypt = 19;
    private const uint X509Vnc = 261;

    [QemuFact]
    public async Task VncServerSpeaksVeNCryptX509WithTheClientCertificate()
    {
        await using var root = new DriverRoot();
        var pki = Path.Combine(root.Root, "vnc-pki");
        var client = MakePki(pki);
        Directory.CreateDirectory(Path.Combine(root.Root, "etc"));
        File.WriteAllText(Path.Combine(root.Root, "etc", "qemu.conf"),
            $"vnc_tls = 1\nvnc_tls_x509_cert_dir = \"{pki}\"\nvnc_tls_x509_verify = 1\n");
        var drv = root.Open().Domains;
        var dom = await drv.DefineXmlAsync("""
            <domain type='qemu'>
              <name>vnctls</name>
              <memory unit='MiB'>64</memory>
              <os><type arch='x86_64' machine='pc'>hvm</type></os>
              <devices><graphics type='vnc' autoport='yes' passwd='s3cret'/></devices>
            </domain>
            """, 0);
        dom = await drv.CreateAsync(dom, 1); // paused: the VNC server works without running the guest
        try
        {
            var live = await drv.GetXmlDescAsync(dom, 0);
            Assert.Contains("listen='127.0.0.1'", live);
            int port = int.Parse(PortAttribute().Match(live).Groups[1].Value);

            using var tcp = new TcpClient();
            await tcp.ConnectAsync(IPAddress.Loopback, port);
            var s = tcp.GetStream();
            s.ReadTimeout = 30_000;
            Assert.Equal("RFB 003.008\n", System.Text.Encoding.ASCII.GetString(Read(s, 12)));
            s.Write("RFB 003.008\n"u8);
            int count = Read(s, 1)[0];
            Assert.Equal(new byte[] { VeNCrypt }, Read(s, count)); // nothing in the clear is offered
            s.WriteByte(VeNCrypt);
            Assert.Equal(new byte[] { 0, 2 }, Read(s, 2)); // VeNCrypt 0.2
            s.Write([0, 2]);
            Assert.Equal(0, Read(s, 1)[0]);
            int subtypes = Read(s, 1)[0];
            var offered = Read(s, 4 * subtypes).Chunk(4).Select(c => BinaryPrimitives.ReadUInt32BigEndian(c)).ToList();
            Assert.Equal([X509Vnc], offered);
            var choice = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(choice, X509Vnc);
            s.Write(choice);
            Assert.Equal(1, Read(s, 1)[0]);

            using var ssl = new SslStream(s, leaveInnerStreamOpen: true, (_, cert, _, errors) => cert is not null);
            await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = "127.0.0.1",
                ClientCertificates = [client],
            });
            Assert.True(ssl.IsAuthenticated);
            Assert.NotNull(ssl.RemoteCertificate);
            // inside TLS: the VNC password challenge (16 bytes), so the password still applies
            Assert.Equal(16, Read(ssl, 16).Length);
        }
        finally
        {
            await drv.DestroyAsync(dom, 0);
        }
    }

    private static byte[] Read(Stream s, int n)
    {
        var b = new byte[n];
        s.ReadExactly(b);
        return b;
    }

    /// <summary>A CA, QEMU's server files (ca-cert.pem, server-cert.pem, server-key.pem) in DIR, and a client certificate.</summary>
    private static X509Certificate2 MakePki(string dir)
    {
        Directory.CreateDirectory(dir);
        using var caKey = RSA.Create(2048);
        var caReq = new CertificateRequest("CN=VNC Test CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caReq.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caReq.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caReq.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caReq.PublicKey, false));
        using var ca = caReq.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-2), DateTimeOffset.UtcNow.AddDays(60));
        File.WriteAllText(Path.Combine(dir, "ca-cert.pem"), ca.ExportCertificatePem());

        X509Certificate2 Issue(string cn, string eku, RSA key, bool server)
        {
            var req = new CertificateRequest($"CN={cn},O=Vireo", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            req.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
            req.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
            req.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(eku)], false));
            if (server)
            {
                var san = new SubjectAlternativeNameBuilder();
                san.AddIpAddress(IPAddress.Loopback);
                san.AddDnsName("localhost");
                req.CertificateExtensions.Add(san.Build());
            }
            var serial = RandomNumberGenerator.GetBytes(12);
            serial[0] &= 0x7f;
            return req.Create(ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30), serial);
        }

        using var serverKey = RSA.Create(2048);
        using var serverCert = Issue("localhost", "1.3.6.1.5.5.7.3.1", serverKey, server: true);
        File.WriteAllText(Path.Combine(dir, "server-cert.pem"), serverCert.ExportCertificatePem());
        File.WriteAllText(Path.Combine(dir, "server-key.pem"), serverKey.ExportPkcs8PrivateKeyPem());
        var clientKey = RSA.Create(2048);
        using var clientCert = Issue("vncviewer", "1.3.6.1.5.5.7.3.2", clientKey, server: false);
        // a PKCS#12 round trip gives SslStream a certificate whose private key it can use on Linux
        return X509CertificateLoader.LoadPkcs12(clientCert.CopyWithPrivateKey(clientKey).Export(X509ContentType.Pkcs12), null);
    }

    [GeneratedRegex("<graphics type='vnc'[^>]* port='(\\d+)'")]
    private static partial Regex PortAttribute();
}
