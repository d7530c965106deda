using System.Net.Sockets;
using Vireo.Client.Uris;
using Vireo.Protocol.Errors;

namespace Vireo.Client.Transport;

/// <summary>Opens the byte stream a URI names: a unix socket, a TCP connection, ssh to a remote socket, or an external command.</summary>
public static class TransportFactory
{
    /// <summary>Local socket paths, as libvirt's client builds them for privileged connections.</summary>
    public const string DefaultSocket = "/run/vireo/vireo-sock";
    public const string DefaultReadOnlySocket = "/run/vireo/vireo-sock-ro";

    public static async Task<Stream> OpenAsync(ConnectionUri uri, bool readOnly, CancellationToken ct = default)
    {
        switch (uri.EffectiveTransport)
        {
            case "unix":
                string path = uri.Get("socket") ?? (readOnly ? DefaultReadOnlySocket : DefaultSocket);
                return await ConnectUnixAsync(path, ct).ConfigureAwait(false);
            case "tcp":
                return await ConnectTcpAsync(uri.Host ?? "localhost", uri.Port ?? 16509, ct).ConfigureAwait(false);
            case "ssh":
                return OpenSsh(uri, readOnly);
            case "ext":
                return OpenExternal(uri);
            case "tls":
                return await TlsTransport.ConnectAsync(uri, ct).ConfigureAwait(false);
            default:
                throw new LibvirtException(ErrorCode.InvalidArg, ErrorDomain.Remote,
                    $"invalid argument: transport '{uri.EffectiveTransport}' in URI {uri} is not supported yet");
        }
    }

    private static Stream OpenSsh(ConnectionUri uri, bool readOnly)
    {
        if (uri.Host is null)
            throw new LibvirtException(ErrorCode.InvalidArg, ErrorDomain.Remote, "invalid argument: the ssh transport needs a host name in the URI");
        var (program, args) = SshCommand.Build(uri, uri.Get("socket") ?? (readOnly ? DefaultReadOnlySocket : DefaultSocket));
        return StartCommand(program, args);
    }

    /// <summary>ext: <c>command=</c> is one program (no arguments, no shell), as in libvirt; its stdin/stdout carry the RPC stream.</summary>
    private static Stream OpenExternal(ConnectionUri uri)
    {
        var command = uri.Get("command");
        if (string.IsNullOrEmpty(command))
            throw new LibvirtException(ErrorCode.InvalidArg, ErrorDomain.Remote, "invalid argument: remote_open: for 'ext' transport, command is required");
        return StartCommand(command, []);
    }

    private static Stream StartCommand(string program, List<string> args)
    {
        try { return ProcessStream.Start(program, args); }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new LibvirtException(ErrorCode.SystemError, ErrorDomain.Rpc, $"Cannot find '{program}' in path: {e.Message}");
        }
    }

    private static async Task<Stream> ConnectUnixAsync(string path, CancellationToken ct)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), ct).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new LibvirtException(ErrorCode.SystemError, ErrorDomain.Rpc,
                $"Failed to connect socket to '{path}': {Describe(e)}");
        }
        return new NetworkStream(socket, ownsSocket: true);
    }

    private static async Task<Stream> ConnectTcpAsync(string host, int port, CancellationToken ct)
    {
        var client = new TcpClient { NoDelay = true };
        try
        {
            await client.ConnectAsync(host, port, ct).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            client.Dispose();
            throw new LibvirtException(ErrorCode.SystemError, ErrorDomain.Rpc,
                $"unable to connect to server at '{host}:{port}': {Describe(e)}");
        }
        return client.GetStream();
    }

    private static string Describe(SocketException e) => e.SocketErrorCode switch
    {
        SocketError.AddressNotAvailable or SocketError.AddressFamilyNotSupported => "No such file or directory",
        SocketError.ConnectionRefused => "Connection refused",
        SocketError.AccessDenied => "Permission denied",
        _ => e.Message,
    };
}
