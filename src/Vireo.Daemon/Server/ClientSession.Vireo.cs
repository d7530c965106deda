using Vireo.Daemon.Handlers;
using Vireo.Daemon.Logging;
using Vireo.Protocol.Errors;
using Vireo.Protocol.Rpc;

namespace Vireo.Daemon.Server;

/// <summary>Calls of Vireo's extension program (vsh net-doctor), answered on the same connection.</summary>
public sealed partial class ClientSession
{
    private async Task HandleVireoCallAsync(MessageHeader h, ReadOnlyMemory<byte> payload)
    {
        await _callSlots.WaitAsync(_cts.Token).ConfigureAwait(false);
        _ = Task.Run(async () =>
        {
            try
            {
                var ret = await VireoProgramHandlers.HandleAsync(this, h.Procedure, payload).ConfigureAwait(false);
                Send(Packet.Encode(h.AsReply(MessageStatus.Ok), w => ret.Encode(w)));
            }
            catch (LibvirtException e)
            {
                DaemonLog.Trace($"client {Id}: vireo proc {h.Procedure} failed: {e}");
                SendError(h, e);
            }
            catch (Exception e)
            {
                DaemonLog.Error($"client {Id}: vireo proc {h.Procedure}: unexpected {e.GetType().Name}: {e}");
                SendError(h, LibvirtException.Internal(e.Message));
            }
            finally
            {
                _callSlots.Release();
            }
        });
    }
}
