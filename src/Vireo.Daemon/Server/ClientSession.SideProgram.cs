using Vireo.Daemon.Logging;
using Vireo.Protocol.Errors;
using Vireo.Protocol.Rpc;
using Vireo.Protocol.Xdr;

namespace Vireo.Daemon.Server;

/// <summary>
/// Calls of the programs beside libvirt's remote one: libvirt's QEMU program (qemu-monitor-command) and Vireo's
/// extension program (net-doctor), answered on the same connection.
/// </summary>
public sealed partial class ClientSession
{
    private async Task HandleSideProgramCallAsync(MessageHeader h, ReadOnlyMemory<byte> payload,
        Func<ClientSession, int, ReadOnlyMemory<byte>, Task<IXdrEncodable>> handle, string name)
    {
        await _callSlots.WaitAsync(_cts.Token).ConfigureAwait(false);
        _ = Task.Run(async () =>
        {
            try
            {
                var ret = await handle(this, h.Procedure, payload).ConfigureAwait(false);
                Send(Packet.Encode(h.AsReply(MessageStatus.Ok), w => ret.Encode(w)));
            }
            catch (LibvirtException e)
            {
                DaemonLog.Trace($"client {Id}: {name} proc {h.Procedure} failed: {e}");
                SendError(h, e);
            }
            catch (Exception e)
            {
                DaemonLog.Error($"client {Id}: {name} proc {h.Procedure}: unexpected {e.GetType().Name}: {e}");
                SendError(h, LibvirtException.Internal(e.Message));
            }
            finally
            {
                _callSlots.Release();
            }
        });
    }
}
