using Vireo.Drivers.Qemu.Migration;
using Vireo.Drivers.Qemu.Qmp;
using Vireo.Model.Domain;
using Vireo.Model.Domain.Devices;
using Vireo.Protocol.Remote;

namespace Vireo.Drivers.Qemu.Domains;

// --copy-storage-all (issue 8): the destination exports its (new, empty) disks over QEMU's NBD server; the source
// mirrors each disk onto them with blockdev-mirror, waits until every mirror is ready (in step), migrates the
// memory, then completes the mirrors (block-job-cancel on a ready mirror leaves the copy consistent).
public sealed partial class QemuDomainDriver
{
    /// <summary>Writable file disks (all, or those named by migrate_disks).</summary>
    private static List<DiskDevice> DisksToCopy(DomainDefinition def, IReadOnlyList<TypedParameter> prms)
    {
        var named = MigrationParams.Strs(prms, MigrationParams.MigrateDisks);
        var disks = def.Devices.Disks.Where(x => x.Type == "file" && x.SourceFile is not null && !x.ReadOnly && x.Device is "disk" or "lun").ToList();
        foreach (var n in named)
            if (!disks.Any(x => x.TargetDev == n))
                throw QemuErrors.InvalidArg($"disk target {n} not found");
        return named.Count == 0 ? disks : disks.Where(x => named.Contains(x.TargetDev)).ToList();
    }

    /// <summary>Virtual size of a disk image in bytes (raw: the file size).</summary>
    private static ulong DiskCapacity(string path, string format)
    {
        if (format == "raw")
            return (ulong)new FileInfo(path).Length;
        using var img = Vireo.Images.Image.Open(path, new Vireo.Images.ImageOpenOptions { Format = format, OpenBacking = false });
        return (ulong)img.VirtualSize;
    }

    /// <summary>Destination: creates the disks the source will copy (missing files only, as libvirt pre-creates them).</summary>
    private static List<string> CreateCopyTargets(DomainDefinition def, MigrationCookie cookie)
    {
        var made = new List<string>();
        foreach (var (target, capacity, format) in cookie.Disks)
        {
            var disk = def.Devices.Disks.FirstOrDefault(x => x.TargetDev == target)
                ?? throw QemuErrors.InvalidArg($"disk target {target} not found in the destination XML");
            var path = disk.SourceFile!;
            if (File.Exists(path))
                continue;
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            // an incremental copy's top image goes over the backing file already here
            var backing = cookie.Backing.TryGetValue(target, out var b) ? b : ((string Path, string Format)?)null;
            Vireo.Images.Image.Create(path, format, new Vireo.Images.Qcow2.Qcow2CreateOptions
            {
                Size = (long)capacity,
                BackingFile = backing?.Path,
                BackingFormat = backing?.Format,
            });
            made.Add(path);
        }
        return made;
    }

    /// <summary>Source: NBD client nodes for the destination's exports, then one full mirror per disk, until all are ready.</summary>
    private async Task StartDiskMirrorsAsync(QemuDomain d, QmpClient qmp, MigrationJob job, MigrationCookie cookie, long speedBytes)
    {
        if (cookie.NbdHost is null)
            throw QemuErrors.OperationFailed("migration out job: the destination did not start an NBD server for the disk copy");
        DomainDefinition def;
        lock (_lock)
            def = d.Current;
        job.NbdHost = cookie.NbdHost;
        job.NbdPort = cookie.NbdPort;
        foreach (var (target, _, _) in cookie.Disks)
        {
            var disk = def.Devices.Disks.First(x => x.TargetDev == target);
            var export = "drive-" + disk.Alias;
            // Names unique per attempt: a mirror cancelled after a cut link lingers until its NBD requests fail.
            long attempt = Interlocked.Increment(ref _mirrorAttempt);
            var node = $"migration-{disk.TargetDev}-{attempt}";
            var jobId = $"migration-job-{disk.TargetDev}-{attempt}";
            await qmp.BlockdevAddNbdAsync(node, cookie.NbdHost, cookie.NbdPort, export).ConfigureAwait(false);
            job.Mirrors.Add((jobId, node));
            // as libvirt, the migration bandwidth limits the disk copy too
            await qmp.BlockdevMirrorAsync(jobId, export, node, MirrorSync(job.Flags), speedBytes).ConfigureAwait(false);
        }
        // A cut link stalls the NBD connection without an error (as the memory stream, see TransferStallWatch).
        var stall = new TransferStallWatch(_settings.MigrationStallTimeout);
        while (true)
        {
            var jobs = await qmp.QueryBlockJobsAsync().ConfigureAwait(false);
            var ours = jobs.Where(j => job.Mirrors.Any(m => m.Job == j.Device)).ToList();
            if (ours.Count < job.Mirrors.Count)
                throw QemuErrors.OperationFailed("migration out job: a disk mirror ended before it was ready (the destination's NBD server went away?)");
            if (ours.All(j => j.Ready))
                return;
            if (stall.Stalled(ours.Aggregate(0UL, (sum, j) => sum + j.Offset)))
            {
                job.LinkLost = true;
                throw QemuErrors.OperationFailed($"migration out job: no disk data reached the destination for {stall.Limit.TotalSeconds:0} s (connection to it lost)");
            }
            if (job.AbortRequested)
                throw new Protocol.Errors.LibvirtException(Protocol.Errors.ErrorCode.OperationAborted, Protocol.Errors.ErrorDomain.Qemu,
                    "operation aborted: migration out job: canceled by client");
            await Task.Delay(50).ConfigureAwait(false);
        }
    }

    /// <summary>The disk copy's speed in bytes/s: --bandwidth or migrate-setspeed, 0 when unlimited.</summary>
    private long MirrorSpeed(QemuDomain d, IReadOnlyList<TypedParameter> prms)
    {
        ulong mib = MigrationParams.Num(prms, MigrationParams.Bandwidth) is { } bw and > 0 ? (ulong)bw : MaxSpeedOf(d.Uuid);
        return mib >= UnlimitedSpeed ? 0 : SpeedToBytes(mib);
    }

    /// <summary>After the memory arrived (guest paused): complete each ready mirror and drop its NBD node.</summary>
    private async Task FinishDiskMirrorsAsync(QemuDomain d, QmpClient qmp, MigrationJob job)
    {
        await CancelDiskMirrorsAsync(d, qmp, job).ConfigureAwait(false);
    }

    private static long _mirrorAttempt;

    private async Task CancelDiskMirrorsAsync(QemuDomain d, QmpClient qmp, MigrationJob job)
    {
        foreach (var (id, _) in job.Mirrors)
        {
            try
            {
                await qmp.BlockJobCancelAsync(id).ConfigureAwait(false);
            }
            catch (QmpErrorException)
            {
                // the job is already gone
            }
        }
        var mirrors = job.Mirrors.ToList();
        job.Mirrors.Clear();
        if (job.LinkLost)
        {
            // blockdev-del would flush over the dead connection and hang QEMU: the next Perform removes them
            KeepStaleNbdNodes(d, job, mirrors);
            return;
        }
        if (await MirrorsGoneAsync(qmp, mirrors, 200, TimeSpan.FromMilliseconds(25)).ConfigureAwait(false))
            await DeleteMirrorNodesAsync(qmp, mirrors).ConfigureAwait(false);
        else
            _ = RemoveLingeringMirrorsAsync(qmp, mirrors);
    }

    private static async Task<bool> MirrorsGoneAsync(QmpClient qmp, List<(string Job, string Node)> mirrors, int polls, TimeSpan interval)
    {
        for (int i = 0; i < polls; i++)
        {
            var jobs = await qmp.QueryBlockJobsAsync().ConfigureAwait(false);
            if (!jobs.Any(j => mirrors.Any(m => m.Job == j.Device)))
                return true;
            await Task.Delay(interval).ConfigureAwait(false);
        }
        return false;
    }

    private static async Task DeleteMirrorNodesAsync(QmpClient qmp, List<(string Job, string Node)> mirrors)
    {
        foreach (var (_, node) in mirrors)
        {
            try
            {
                await qmp.BlockdevDelAsync(node).ConfigureAwait(false);
            }
            catch (QmpErrorException)
            {
                // never added, or already removed
            }
        }
    }

    /// <summary>
    /// A cancelled mirror whose NBD requests hang on a cut link ends only when they fail (the link back and the peer
    /// gone, or TCP giving up): its NBD nodes are removed then, in the background.
    /// </summary>
    private static async Task RemoveLingeringMirrorsAsync(QmpClient qmp, List<(string Job, string Node)> mirrors)
    {
        try
        {
            if (await MirrorsGoneAsync(qmp, mirrors, 1800, TimeSpan.FromSeconds(1)).ConfigureAwait(false))
                await DeleteMirrorNodesAsync(qmp, mirrors).ConfigureAwait(false);
        }
        catch (Exception e) when (e is QmpErrorException or QmpDisconnectedException)
        {
            // the domain stopped meanwhile
        }
    }
}
