using System.Globalization;
using Vireo.Drivers.Qemu.Migration;
using Vireo.Drivers.Qemu.State;
using Vireo.Drivers.Qemu.Supervision;
using Vireo.Protocol.Remote;
using R = Vireo.Drivers.Domains.DomainStateReason;

namespace Vireo.Drivers.Qemu.Domains;

// Failure safety of the destination side (issue 8): an incoming migration whose Finish never comes — the daemon was
// killed, or the client that prepared it went away (link cut, keepalive timeout) — is thrown away, never adopted:
// its QEMU is killed, a domain made for it forgotten and the disk files Prepare created for a copy deleted.
public sealed partial class QemuDomainDriver
{
    /// <summary>RUN/qemu/NAME.incoming: QEMU's pid on the first line, then the files Prepare created (one a line).</summary>
    private string IncomingMarker(string name) => Path.Combine(_paths.StateDir, name + ".incoming");

    /// <summary>Written once the incoming QEMU runs, so a restarted daemon knows that QEMU never got its Finish.</summary>
    private void MarkIncoming(string name, int pid, IEnumerable<string> createdFiles) =>
        AtomicFile.Write(IncomingMarker(name), string.Join('\n', createdFiles.Prepend(pid.ToString(CultureInfo.InvariantCulture))) + "\n");

    private void ClearIncoming(string name) => File.Delete(IncomingMarker(name));

    /// <summary>
    /// Reattach: true when the status file belongs to an incoming migration that never finished (the marker names
    /// the same pid); that QEMU is killed rather than adopted as running, the guest still runs on the source.
    /// </summary>
    private async Task<bool> ReapUnfinishedIncomingAsync(QemuDomain d, DomainStatusFile status)
    {
        var name = status.Live.Name;
        var marker = IncomingMarker(name);
        if (!File.Exists(marker))
            return false;
        var lines = File.ReadAllLines(marker).Where(l => l.Length > 0).ToList();
        File.Delete(marker);
        if (lines.Count == 0 || !int.TryParse(lines[0], CultureInfo.InvariantCulture, out int pid) || pid != status.Pid)
            return false; // left over from an earlier instance of this name
        _settings.Log($"domain '{name}': the incoming migration never finished (the daemon stopped before Finish); killing its QEMU (pid {pid})");
        if (ProcessState.IsAlive(pid, $"guest={name},"))
            await ProcessState.TerminateAsync(pid, TimeSpan.FromSeconds(3)).ConfigureAwait(false);
        Forget(d, name, R.ShutoffFailed);
        await DeleteTapsAsync(status.Live).ConfigureAwait(false);
        foreach (var f in lines.Skip(1))
            File.Delete(f);
        return true;
    }

    /// <summary>
    /// What to run if the client connection that prepared this incoming migration closes (libvirt's close callback
    /// of the migration job): when Finish has not taken the migration by then, it is discarded. Null if nothing
    /// is incoming under the name the parameters give.
    /// </summary>
    public Func<Task>? MigrateIncomingAbandoner(IReadOnlyList<TypedParameter> prms)
    {
        var name = MigrationParams.Str(prms, MigrationParams.DestName);
        if (name is null && MigrationParams.Str(prms, MigrationParams.DestXml) is { } xml)
            name = System.Xml.Linq.XElement.Parse(xml).Element("name")?.Value;
        if (name is null || !_incoming.TryGetValue(name, out var mine))
            return null;
        return async () =>
        {
            if (!_incoming.TryRemove(new KeyValuePair<string, IncomingMigration>(name, mine)))
            {
                await PauseIncomingPostcopyOfAsync(name).ConfigureAwait(false); // Finish came first; a post-copy it waits for is stuck
                return;
            }
            if (mine.Resuming)
            {
                _settings.Log($"domain '{name}': the client resuming its failed post-copy went away before Finish; the guest keeps waiting here");
                return;
            }
            _settings.Log($"domain '{name}': the client that prepared its incoming migration went away before Finish; discarding it");
            QemuDomain? d;
            lock (_lock)
                d = FindByName(name);
            if (d is not null)
                await DiscardIncomingAsync(d, mine).ConfigureAwait(false);
            else
                DropIncomingLeftovers(mine);
        };
    }

    /// <summary>A failed or discarded incoming migration: no marker, no half-copied disk left behind.</summary>
    private void DropIncomingLeftovers(IncomingMigration incoming)
    {
        ClearIncoming(incoming.Name);
        foreach (var f in incoming.CreatedFiles)
            File.Delete(f);
        incoming.CreatedFiles.Clear();
    }
}
