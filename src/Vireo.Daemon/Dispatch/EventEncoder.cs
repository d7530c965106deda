using Vireo.Daemon.Server;
using Vireo.Drivers.Events;
using Vireo.Protocol.Remote;
using Vireo.Protocol.Xdr;

namespace Vireo.Daemon.Dispatch;

/// <summary>Turns a driver event into the event MESSAGEs this client registered for.</summary>
public static class EventEncoder
{
    public static IEnumerable<(RemoteProcedure Proc, IXdrEncodable Msg)> Encode(ClientSession session, DriverEvent e)
    {
        yield break;
    }
}
