using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Vireo.Client.Uris;
using Vireo.Protocol.Errors;

namespace Vireo.Client.Transport;

/// <summary>
/// The <c>tls</c> transport (libvirt's default for a URI with a host, port 16514): TLS with our client certificate,
/// the server's certificate checked against our CA and the host name (unless <c>no_verify=1</c>), then the byte 1
/// with which the server says it accepted our certificate.
/// </summary>
public static class TlsTransport
{
    public const int DefaultPort = 16514;

    public static async Task<Stream> ConnectAsync(ConnectionUri uri, CancellationToken ct)
    {
        string host = uri.Host ?? "localhost";
        int port = uri.Port ?? DefaultPort;
        bool noVerify = uri.Get("no_verify") == "1";
        var files = ClientPkiFiles.For(uri);
        var ca = LoadCa(files.CaCert);
        var clientCert = LoadClientCert(files);

        var client = new TcpClient { NoDelay = true };
        try
        {
            await client.ConnectAsync(host, port, ct).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            client.Dispose();
            throw new LibvirtException(ErrorCode.SystemError, ErrorDomain.Rpc, $"unable to connect to server at '{host}:{port}': {Describe(e)}");
        }

        string? refusal = null;
        var ssl = new SslStream(client.GetStream(), leaveInnerStreamOpen: false);
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = host,
            // Sent whatever CAs the server names, as GnuTLS does, so a refusal is the server's decision.
            ClientCertificateContext = clientCert is null ? null : SslStreamCertificateContext.Create(clientCert, null, offline: true),
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            RemoteCertificateValidationCallback = (_, cert, _, errors) =>
            {
                if (noVerify) return true;
                refusal = CheckServer(cert, ca, host, errors);
                return refusal is null;
            },
        };
        try
        {
            await ssl.AuthenticateAsClientAsync(options, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AuthenticationException or IOException)
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            // virsh prints this when it rejects the server's certificate; the reason goes to the debug log there.
            if (refusal is not null) throw new LibvirtException(ErrorCode.AuthFailed, ErrorDomain.Rpc, $"authentication failed: Failed to verify peer's certificate ({refusal})");
            throw new LibvirtException(ErrorCode.AuthFailed, ErrorDomain.Rpc, $"authentication failed: TLS handshake failed: {e.Message}");
        }
        // The server refuses our certificate by closing the connection instead of sending the byte 1; virsh 9.0 says the same.
        var confirm = new byte[1];
        int n;
        try { n = await ssl.ReadAsync(confirm, ct).ConfigureAwait(false); }
        catch (IOException) { n = 0; }
        if (n == 1 && confirm[0] == 1) return ssl;
        await ssl.DisposeAsync().ConfigureAwait(false);
        throw new LibvirtException(ErrorCode.SystemError, ErrorDomain.Rpc, n == 0
            ? "Unable to read TLS confirmation: Input/output error"
            : "server verification (of our certificate or IP address) failed");
    }

    private static X509Certificate2 LoadCa(string path)
    {
        if (!File.Exists(path))
            throw new LibvirtException(ErrorCode.SystemError, ErrorDomain.Rpc, $"Cannot read CA certificate '{path}': No such file or directory");
        try { return X509CertificateLoader.LoadCertificateFromFile(path); }
        catch (CryptographicException e) { throw new LibvirtException(ErrorCode.SystemError, ErrorDomain.Rpc, $"Unable to import CA certificate '{path}': {e.Message}"); }
    }

    /// <summary>The client certificate and key, or null when there is none (the server will refuse, as with libvirt).</summary>
    private static X509Certificate2? LoadClientCert(ClientPkiFiles files)
    {
        if (!File.Exists(files.ClientCert)) return null;
        if (!File.Exists(files.ClientKey))
            throw new LibvirtException(ErrorCode.SystemError, ErrorDomain.Rpc, $"Cannot read private key '{files.ClientKey}': No such file or directory");
        try { return X509Certificate2.CreateFromPemFile(files.ClientCert, files.ClientKey); }
        catch (CryptographicException e) { throw new LibvirtException(ErrorCode.SystemError, ErrorDomain.Rpc, $"Unable to import client certificate '{files.ClientCert}': {e.Message}"); }
    }

    private static string? CheckServer(X509Certificate? remote, X509Certificate2 ca, string host, SslPolicyErrors errors)
    {
        if (remote is null) return "The server did not send a certificate";
        var cert = remote as X509Certificate2 ?? new X509Certificate2(remote);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        if (!chain.Build(cert))
        {
            bool expired = chain.ChainStatus.Any(s => s.Status == X509ChainStatusFlags.NotTimeValid);
            return expired
                ? $"The server certificate {cert.Subject} has expired"
                : $"The server certificate {cert.Subject} is not trusted (not signed by the CA in the client's cacert.pem)";
        }
        if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
            return $"Certificate {cert.Subject} owner does not match the hostname {host}";
        return null;
    }

    private static string Describe(SocketException e) => e.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => "Connection refused",
        _ => e.Message,
    };
}
