using System.Net;

namespace Vireo.Daemon.Server;

public sealed partial class ClientSession
{
    /// <summary>The local IP address a TCP client reached us on (null for unix sockets): migration tells the source to send there.</summary>
    public string? LocalAddress => (_socket.LocalEndPoint as IPEndPoint)?.Address is { } a ? (a.IsIPv4MappedToIPv6 ? a.MapToIPv4() : a).ToString() : null;
}
