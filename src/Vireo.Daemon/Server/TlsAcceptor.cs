using System.Net.Security;
using System.Net.Sockets;
using Vireo.Daemon.Logging;
using Vireo.Daemon.Tls;

namespace Vireo.Daemon.Server;

/// <summary>
/// Turns an accepted TCP socket into a TLS client session: handshake (bounded in time; the accept loop
/// bounds how many run at once by max_anonymous_clients, so half-done handshakes cannot starve the daemon), certificate check, then the single
/// byte 1 libvirt's client waits for before its first call.
/// </summary>
internal static class TlsAcceptor
{
    private static readonly byte[] Confirmation = [1];

    public static async Task AcceptAsync(Socket client, DaemonServer server, TlsServerContext tls, CancellationToken stopping)
    {
        string peer = "?";
        SslStream ssl;
        try
        {
            peer = client.RemoteEndPoint?.ToString() ?? "?";
            client.NoDelay = true;
            ssl = new SslStream(new NetworkStream(client, ownsSocket: true), leaveInnerStreamOpen: false);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or IOException)
        {
            DaemonLog.Warn($"tls client {peer} gone before its handshake: {e.Message}");
            client.Close();
            server.HandshakeSlots.Release();
            return;
        }
        bool handedOver = false;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            timeout.CancelAfter(TimeSpan.FromSeconds(tls.Settings.HandshakeTimeout));
            await ssl.AuthenticateAsServerAsync(tls.ServerOptions(), timeout.Token).ConfigureAwait(false);
            var refusal = tls.CheckClient(ssl.RemoteCertificate);
            if (refusal is not null)
            {
                DaemonLog.Warn($"refusing tls client {peer}: {refusal}");
                return;
            }
            await ssl.WriteAsync(Confirmation, timeout.Token).ConfigureAwait(false);
            await ssl.FlushAsync(timeout.Token).ConfigureAwait(false);
            string? dn = ssl.RemoteCertificate is { } c ? DistinguishedName.Rfc4514(c.SubjectName()) : null;
            var identity = new PeerIdentity("tls", Address: peer) { X509Dn = dn };
            handedOver = true;
            server.StartSession(client, readOnly: false, ssl, identity);
        }
        catch (OperationCanceledException)
        {
            DaemonLog.Warn($"tls client {peer} did not finish its handshake in {tls.Settings.HandshakeTimeout} s; dropped");
        }
        catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException or SocketException or ObjectDisposedException)
        {
            DaemonLog.Warn($"tls handshake with {peer} failed: {e.Message}");
        }
        finally
        {
            server.HandshakeSlots.Release(); // taken by the accept loop before it accepted this client
            if (!handedOver) await ssl.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static System.Security.Cryptography.X509Certificates.X500DistinguishedName SubjectName(this System.Security.Cryptography.X509Certificates.X509Certificate c) =>
        (c as System.Security.Cryptography.X509Certificates.X509Certificate2 ?? new System.Security.Cryptography.X509Certificates.X509Certificate2(c)).SubjectName;
}
