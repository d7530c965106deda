using System.Security.Cryptography.X509Certificates;

namespace Vireo.Pki;

/// <summary>vireo-pki's command line.</summary>
public static class PkiCommand
{
    public const string Usage = """
        Usage: vireo-pki COMMAND [OPTIONS]

        Commands:
          create-ca                    create a CA: CA_DIR/cacert.pem, CA_DIR/private/cakey.pem, CA_DIR/cacrl.pem
          create-server --host H[,H]   issue a server certificate (SANs: every H, DNS name or IP address)
          create-client --cn NAME      issue a client certificate (subject CN=NAME,O=ORG)
          revoke CERT.pem              add CERT to the CA's CRL (cacrl.pem)
          show-dn CERT.pem             print a certificate's subject as tls_allowed_dn_list matches it

        Options:
          --root DIR      libvirt's layout under DIR (DIR/etc/pki/...; the CA in DIR/etc/pki/CA); default /
          --ca-dir DIR    the CA's directory (default ROOT/etc/pki/CA)
          --out DIR       write the certificate flat into DIR, as a URI's pkipath= (or vireod's files) expects:
                          cacert.pem, clientcert.pem + clientkey.pem or servercert.pem + serverkey.pem + cacrl.pem
          --cn NAME       common name (create-ca: default "Vireo CA")
          --org NAME      organization (default "Vireo")
          --days N        validity (default 3650 for a CA, 365 otherwise; negative = an already expired certificate, for tests)

        Without --out, create-server writes ROOT/etc/pki/libvirt/servercert.pem and private/serverkey.pem (vireod's
        and libvirtd's defaults) and create-client ROOT/etc/pki/libvirt/clientcert.pem and private/clientkey.pem.
        """;

    public static int Run(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help")
        {
            Console.WriteLine(Usage);
            return args.Length == 0 ? 2 : 0;
        }
        var o = PkiOptions.Parse(args.Skip(1).ToArray());
        var ca = new CertificateAuthority(o.CaDir ?? Path.Combine(o.PkiRoot, "CA"));
        switch (args[0])
        {
            case "create-ca":
                ca.Create($"CN={Escape(o.CommonName ?? "Vireo CA")}" + (o.Org.Length > 0 ? $", O={Escape(o.Org)}" : ""), o.Days ?? 3650);
                Console.WriteLine($"CA certificate: {ca.CertPath}\nCA key: {ca.KeyPath}\nCRL: {ca.CrlPath}");
                return 0;
            case "create-server":
            {
                if (o.Hosts.Count == 0) throw new PkiException("create-server needs --host NAME[,NAME...]");
                var (cert, key) = ca.IssueServer(o.Hosts, o.Org, o.Days ?? 365);
                string certPath, keyPath;
                if (o.Out is { } outDir)
                {
                    (certPath, keyPath) = (Path.Combine(outDir, "servercert.pem"), Path.Combine(outDir, "serverkey.pem"));
                    PemFiles.Copy(ca.CertPath, Path.Combine(outDir, "cacert.pem"));
                    PemFiles.Copy(ca.CrlPath, Path.Combine(outDir, "cacrl.pem"));
                }
                else
                {
                    (certPath, keyPath) = (Path.Combine(o.PkiRoot, "libvirt", "servercert.pem"), Path.Combine(o.PkiRoot, "libvirt", "private", "serverkey.pem"));
                    CopyCaIntoLayout(ca, o);
                }
                PemFiles.WriteKey(keyPath, key);
                PemFiles.WriteCert(certPath, cert);
                Console.WriteLine($"server certificate: {certPath}\nserver key: {keyPath}");
                return 0;
            }
            case "create-client":
            {
                if (o.CommonName is null) throw new PkiException("create-client needs --cn NAME");
                var (cert, key) = ca.IssueClient(o.CommonName, o.Org, o.Days ?? 365);
                string dir = o.Out ?? Path.Combine(o.PkiRoot, "libvirt");
                string certPath = Path.Combine(dir, "clientcert.pem");
                string keyPath = o.Out is null ? Path.Combine(dir, "private", "clientkey.pem") : Path.Combine(dir, "clientkey.pem");
                if (o.Out is not null) PemFiles.Copy(ca.CertPath, Path.Combine(dir, "cacert.pem"));
                else CopyCaIntoLayout(ca, o);
                PemFiles.WriteKey(keyPath, key);
                PemFiles.WriteCert(certPath, cert);
                Console.WriteLine($"client certificate: {certPath}\nclient key: {keyPath}\nsubject: {cert.SubjectName.Name}");
                return 0;
            }
            case "revoke":
            {
                var file = o.Positional.SingleOrDefault() ?? throw new PkiException("revoke needs the certificate file");
                ca.Revoke(X509CertificateLoader.LoadCertificateFromFile(file));
                Console.WriteLine($"revoked {file}; CRL: {ca.CrlPath}");
                return 0;
            }
            case "show-dn":
            {
                var file = o.Positional.SingleOrDefault() ?? throw new PkiException("show-dn needs the certificate file");
                var cert = X509CertificateLoader.LoadCertificateFromFile(file);
                Console.WriteLine(string.Join(',', cert.SubjectName.EnumerateRelativeDistinguishedNames().Select(Rdn)));
                return 0;
            }
            default:
                throw new PkiException($"unknown command '{args[0]}'\n{Usage}");
        }
    }

    /// <summary>The CA's certificate and CRL where libvirt's tools look for them (ROOT/etc/pki/CA), unless the CA already lives there.</summary>
    private static void CopyCaIntoLayout(CertificateAuthority ca, PkiOptions o)
    {
        string dest = Path.Combine(o.PkiRoot, "CA");
        if (Path.GetFullPath(Path.GetDirectoryName(ca.CertPath)!) == Path.GetFullPath(dest)) return;
        PemFiles.Copy(ca.CertPath, Path.Combine(dest, "cacert.pem"));
        PemFiles.Copy(ca.CrlPath, Path.Combine(dest, "cacrl.pem"));
    }

    private static string Rdn(X500RelativeDistinguishedName rdn) => rdn.GetSingleElementType().Value switch
    {
        "2.5.4.3" => "CN",
        "2.5.4.10" => "O",
        "2.5.4.11" => "OU",
        "2.5.4.6" => "C",
        "2.5.4.7" => "L",
        "2.5.4.8" => "ST",
        var oid => oid,
    } + "=" + rdn.GetSingleElementValue();

    private static string Escape(string v) => v.Contains(',') || v.Contains('"') ? "\"" + v.Replace("\"", "\\\"") + "\"" : v;
}
