using System.Collections.Concurrent;
using System.Net.Sockets;
using Vireo.Drivers.Qemu.Migration;
using Vireo.Drivers.Qemu.Qmp;

namespace Vireo.Drivers.Qemu.Domains;

// The NBD client nodes of a disk copy whose link was lost (issue 8). They cannot be removed then: blockdev-del flushes
// over the dead connection and blocks QEMU's main loop until TCP gives up. But left in place they break the next
// migration of any kind: at the switch-over QEMU inactivates every block node, the stale one fails with EIO and the
// destination reports "load of migration failed: Input/output error". So the next Perform removes them first, once
// their endpoint answers again (its QEMU is gone, so the old connection fails at once instead of hanging).
public sealed partial class QemuDomainDriver
{
    /// <summary>A node left in QEMU process <c>Pid</c> (a later QEMU of the same domain does not have it).</summary>
    private sealed record StaleNbdNode(int Pid, string Node, string Host, int Port);

    private readonly ConcurrentDictionary<Guid, List<StaleNbdNode>> _staleNbdNodes = new();

    /// <summary>After a lost link: remembers the mirrors' NBD nodes for the next Perform of this domain.</summary>
    private void KeepStaleNbdNodes(QemuDomain d, MigrationJob job, IEnumerable<(string Job, string Node)> mirrors)
    {
        if (job.NbdHost is not { } host)
            return;
        int pid;
        lock (_lock)
            pid = d.Pid;
        var list = _staleNbdNodes.GetOrAdd(d.Uuid, _ => []);
        lock (list)
            list.AddRange(mirrors.Select(m => new StaleNbdNode(pid, m.Node, host, job.NbdPort)));
    }

    /// <summary>
    /// Before a migration: removes an earlier attempt's stale NBD nodes, or fails clearly while one still hangs on a
    /// dead link (the migration would fail at the switch-over anyway).
    /// </summary>
    private async Task DropStaleNbdNodesAsync(QemuDomain d, QmpClient qmp)
    {
        if (!_staleNbdNodes.TryGetValue(d.Uuid, out var list))
            return;
        int pid;
        lock (_lock)
            pid = d.Pid;
        List<StaleNbdNode> stale;
        lock (list)
        {
            list.RemoveAll(s => s.Pid != pid); // left in a QEMU that has ended since
            stale = [.. list];
        }
        foreach (var s in stale)
        {
            if (!await EndpointAnswersAsync(s.Host, s.Port, TimeSpan.FromSeconds(3)).ConfigureAwait(false))
                throw QemuErrors.OperationFailed($"migration out job: the disk copy of an earlier attempt still waits on its connection to {s.Host}:{s.Port} "
                    + "(the link is down); QEMU cannot hand over its disks until that host is reachable again");
            try
            {
                await qmp.BlockdevDelAsync(s.Node).ConfigureAwait(false);
            }
            catch (QmpErrorException e) when (e.Description.Contains("find node", StringComparison.OrdinalIgnoreCase))
            {
                // already gone
            }
            _settings.Log($"domain '{d.Name}': removed the NBD node {s.Node} left by an earlier disk copy whose link was lost");
            lock (list)
                list.Remove(s);
        }
    }

    /// <summary>True when HOST:PORT accepts or refuses a TCP connection within the timeout (a route exists); false when it stays silent.</summary>
    private static async Task<bool> EndpointAnswersAsync(string host, int port, TimeSpan timeout)
    {
        using var client = new TcpClient();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await client.ConnectAsync(host.Trim('[', ']'), port, cts.Token).ConfigureAwait(false);
            return true;
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionRefused or SocketError.ConnectionReset)
        {
            return true;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException)
        {
            return false;
        }
    }
}
