using Vireo.Client.Api;
using Vireo.Drivers.Domains;
using Vireo.Protocol.Errors;

namespace Vireo.Daemon.Migration;

/// <summary>
/// During a peer-to-peer Perform: if the connection to the destination daemon drops (it died, or keepalive gave up
/// on it), the source's migration job is aborted at once instead of streaming into a destination that will never
/// call Finish — libvirt's "Lost connection to destination host".
/// </summary>
internal sealed class DestinationWatch : IDisposable
{
    private readonly Connection _dest;
    private readonly IDomainDriver _source;
    private readonly DomainRef _dom;
    private volatile bool _lost;

    public DestinationWatch(Connection dest, IDomainDriver source, DomainRef dom)
    {
        (_dest, _source, _dom) = (dest, source, dom);
        _dest.Disconnected += OnDisconnected;
        if (!_dest.IsAlive)
            OnDisconnected(default);
    }

    public bool Lost => _lost;

    private void OnDisconnected(ConnectionCloseReason reason)
    {
        _lost = true;
        _ = Task.Run(async () =>
        {
            try
            {
                await _source.AbortJobAsync(_dom, 0).ConfigureAwait(false);
            }
            catch (LibvirtException)
            {
                // no job any more: Perform already ended
            }
        });
    }

    /// <summary>The error to report instead of Perform's own when the destination was lost.</summary>
    public LibvirtException Failure(LibvirtException performError) => _lost
        ? new LibvirtException(ErrorCode.OperationFailed, ErrorDomain.Qemu, "operation failed: Lost connection to destination host")
        : performError;

    public void Dispose() => _dest.Disconnected -= OnDisconnected;
}
