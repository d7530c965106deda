using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Vireo.Daemon.Config;
using Vireo.Daemon.Logging;

namespace Vireo.Daemon.Tls;

/// <summary>
/// The TLS listener's credentials and its check of client certificates, as libvirtd does it: the handshake
/// asks for a client certificate and always completes; the certificate is then checked (signed by our CA, in
/// its validity period, a client certificate, not revoked by the CRL, DN on tls_allowed_dn_list) and the client
/// is either sent the confirmation byte 1 or disconnected — which virsh reports as
/// "server verification (of our certificate or IP address) failed".
/// </summary>
public sealed class TlsServerContext
{
    private const string ClientAuthOid = "1.3.6.1.5.5.7.3.2";
    private readonly X509Certificate2 _ca;
    private readonly string _crlPath;
    private readonly Lock _crlLock = new();
    private CrlFile? _crl;
    private DateTime _crlStamp;
    private readonly SslStreamCertificateContext _serverCert;

    public TlsSettings Settings { get; }

    private TlsServerContext(TlsSettings settings, X509Certificate2 ca, X509Certificate2 server, string crlPath, CrlFile? crl)
    {
        Settings = settings;
        _ca = ca;
        _crlPath = crlPath;
        _crl = crl;
        _crlStamp = CrlStamp(crlPath);
        var trust = SslCertificateTrust.CreateForX509Collection(new X509Certificate2Collection(ca), sendTrustInHandshake: true);
        _serverCert = SslStreamCertificateContext.Create(server, new X509Certificate2Collection(ca), offline: true, trust);
    }

    /// <summary>Loads the CA, server certificate and key, and the CRL if there is one; errors name the file.</summary>
    public static TlsServerContext Load(TlsSettings settings, DaemonPaths paths)
    {
        string caPath = settings.Ca(paths), certPath = settings.Cert(paths), keyPath = settings.Key(paths), crlPath = settings.Crl(paths);
        var ca = LoadCert(caPath, "CA certificate");
        if (!File.Exists(certPath)) throw new IOException($"Cannot read server certificate '{certPath}': No such file or directory");
        if (!File.Exists(keyPath)) throw new IOException($"Cannot read server key '{keyPath}': No such file or directory");
        X509Certificate2 server;
        try { server = X509Certificate2.CreateFromPemFile(certPath, keyPath); }
        catch (CryptographicException e) { throw new IOException($"Unable to load server certificate '{certPath}' with key '{keyPath}': {e.Message}"); }
        // A server certificate that the CA did not sign would fail every client: refuse to start instead (libvirt's sanity check).
        if (Verify(server, ca, out var why) is false)
            throw new IOException($"Server certificate '{certPath}' failed verification against CA '{caPath}': {why}");
        var crl = File.Exists(crlPath) ? CrlFile.Load(crlPath, ca) : null;
        return new TlsServerContext(settings, ca, server, crlPath, crl);
    }

    private static DateTime CrlStamp(string path) => File.Exists(path) ? File.GetLastWriteTimeUtc(path) : DateTime.MinValue;

    /// <summary>
    /// The CRL as it is on disk now: a revocation takes effect for the next client without a restart (libvirt
    /// needs virt-admin server-update-tls for that). A CRL that no longer loads keeps the last good one in force.
    /// </summary>
    private CrlFile? CurrentCrl()
    {
        lock (_crlLock)
        {
            var stamp = CrlStamp(_crlPath);
            if (stamp == _crlStamp)
                return _crl;
            try
            {
                _crl = stamp == DateTime.MinValue ? null : CrlFile.Load(_crlPath, _ca);
                _crlStamp = stamp;
                DaemonLog.Info($"reloaded CRL '{_crlPath}': {_crl?.Count ?? 0} revoked certificates");
            }
            catch (IOException e)
            {
                DaemonLog.Warn($"keeping the previous CRL: {e.Message}");
            }
            return _crl;
        }
    }

    private static X509Certificate2 LoadCert(string path, string what)
    {
        if (!File.Exists(path)) throw new IOException($"Cannot read {what} '{path}': No such file or directory");
        try { return X509CertificateLoader.LoadCertificateFromFile(path); }
        catch (CryptographicException e) { throw new IOException($"Unable to import {what} '{path}': {e.Message}"); }
    }

    public SslServerAuthenticationOptions ServerOptions() => new()
    {
        ServerCertificateContext = _serverCert,
        ClientCertificateRequired = true,
        // Checked after the handshake (CheckClient), so a refused client gets libvirt's behaviour: handshake, then close.
        RemoteCertificateValidationCallback = (_, _, _, _) => true,
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        // TLS 1.2 only: under TLS 1.3 OpenSSL sends session tickets after the handshake, and libvirt's client, which
        // reads the confirmation byte once without blocking, then fails with "Unable to read TLS confirmation:
        // Resource temporarily unavailable" (measured with virsh 9.0; .NET cannot turn the tickets off).
        EnabledSslProtocols = SslProtocols.Tls12,
        AllowTlsResume = false,
    };

    /// <summary>Checks a client's certificate; returns null when accepted, else the reason for the log.</summary>
    public string? CheckClient(X509Certificate? remote)
    {
        if (Settings.NoVerifyCertificate) return null;
        if (remote is null) return "The client did not send a certificate";
        var cert = remote as X509Certificate2 ?? new X509Certificate2(remote);
        if (!Verify(cert, _ca, out var why)) return $"The client certificate is not trusted: {why}";
        if (!HasClientUsage(cert)) return "The client certificate is not usable for client authentication (extended key usage lacks clientAuth)";
        if (CurrentCrl()?.IsRevoked(cert) == true) return "The client certificate has been revoked";
        if (Settings.AllowedDnList is { } allowed && !DistinguishedName.MatchesAny(cert.SubjectName, allowed))
            return $"Client's x509 Distinguished Name '{DistinguishedName.Rfc4514(cert.SubjectName)}' is not on the list of allowed clients (tls_allowed_dn_list)";
        return null;
    }

    private static bool Verify(X509Certificate2 cert, X509Certificate2 ca, out string why)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        if (chain.Build(cert))
        {
            why = "";
            return true;
        }
        var status = chain.ChainStatus.Select(s => s.Status).ToList();
        why = status.Contains(X509ChainStatusFlags.NotTimeValid)
            ? (cert.NotAfter < DateTime.Now ? "The certificate has expired" : "The certificate is not yet activated")
            : status.Contains(X509ChainStatusFlags.UntrustedRoot) || status.Contains(X509ChainStatusFlags.PartialChain)
                ? $"The certificate is not signed by the CA {ca.Subject}"
                : string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()));
        return false;
    }

    private static bool HasClientUsage(X509Certificate2 cert)
    {
        var eku = cert.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault();
        return eku is null || eku.EnhancedKeyUsages.Cast<Oid>().Any(o => o.Value == ClientAuthOid);
    }
}
