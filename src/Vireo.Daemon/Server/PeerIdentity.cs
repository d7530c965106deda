using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Vireo.Daemon.Server;

/// <summary>Who is on the other end of a connection: unix credentials (SO_PEERCRED) or a TCP address.</summary>
public sealed record PeerIdentity(string Transport, int Pid = -1, int Uid = -1, int Gid = -1, string? Address = null)
{
    /// <summary>The client certificate's subject (RFC 4514 order) on TLS connections.</summary>
    public string? X509Dn { get; init; }

    /// <summary>The user name a SASL exchange proved (set by the SASL procedures).</summary>
    public string? SaslUser { get; init; }

    private const int SolSocket = 1, SoPeerCred = 17;

    public static PeerIdentity FromSocket(Socket socket)
    {
        if (socket.AddressFamily != AddressFamily.Unix)
            return new PeerIdentity("tcp", Address: socket.RemoteEndPoint?.ToString());
        Span<byte> cred = stackalloc byte[12]; // struct ucred { pid_t pid; uid_t uid; gid_t gid; }
        try
        {
            int n = socket.GetRawSocketOption(SolSocket, SoPeerCred, cred);
            if (n < 12) return new PeerIdentity("unix");
        }
        catch (SocketException) { return new PeerIdentity("unix"); }
        var ints = MemoryMarshal.Cast<byte, int>(cred);
        return new PeerIdentity("unix", ints[0], ints[1], ints[2]);
    }

    public override string ToString()
    {
        var text = Transport == "unix" ? $"unix pid={Pid} uid={Uid} gid={Gid}" : $"{Transport} {Address}";
        if (X509Dn is not null) text += $" dn=\"{X509Dn}\"";
        if (SaslUser is not null) text += $" sasl={SaslUser}";
        return text;
    }
}
