using System.Xml.Linq;
using Vireo.Drivers.Domains;
using Vireo.Drivers.Events;
using Vireo.Drivers.Qemu.Qmp;
using Vireo.Drivers.Qemu.Snapshots;
using Vireo.Drivers.Qemu.Supervision;
using Vireo.Images;
using Vireo.Images.Qcow2;
using Vireo.Model.Domain;
using Vireo.Model.Domain.Devices;
using Vireo.Protocol.Errors;
using L = Vireo.Drivers.Events.DomainLifecycle;
using R = Vireo.Drivers.Domains.DomainStateReason;

namespace Vireo.Drivers.Qemu.Domains;

/// <summary>
/// Internal qcow2 snapshots (the guide's chapter 15). A running guest is snapshotted by QEMU's snapshot-save job
/// (disks plus VM state in the first disk), a shut-off one by writing the snapshot into each qcow2 with Vireo.Images.
/// Metadata lives in <see cref="SnapshotStore"/>; a new snapshot becomes current and the previous current its parent.
/// </summary>
public sealed partial class QemuDomainDriver
{
    // virDomainSnapshotCreateFlags
    private const uint SnapRedefine = 1, SnapCurrent = 2, SnapNoMetadata = 4, SnapHalt = 8, SnapDiskOnly = 16, SnapReuseExt = 32,
        SnapQuiesce = 64, SnapAtomic = 128, SnapLive = 256, SnapValidate = 512;

    // virDomainSnapshotListFlags
    private const uint ListDescendants = 1, ListRoots = 1, ListMetadata = 2, ListLeaves = 4, ListNoLeaves = 8, ListNoMetadata = 16,
        ListInactive = 32, ListActive = 64, ListDiskOnly = 128, ListInternal = 256, ListExternal = 512, ListTopological = 1024;

    // virDomainSnapshotRevertFlags and virDomainSnapshotDeleteFlags
    private const uint RevertRunning = 1, RevertPaused = 2, RevertForce = 4;
    private const uint DeleteChildren = 1, DeleteMetadataOnly = 2, DeleteChildrenOnly = 4;

    private SnapshotStore? _snapshotStore;
    private SnapshotStore Snapshots => _snapshotStore ??= new SnapshotStore(_paths.LibDir);

    public async Task<string> SnapshotCreateXmlAsync(DomainRef dom, string xml, uint flags)
    {
        QemuErrors.CheckFlags(flags, SnapRedefine | SnapCurrent | SnapNoMetadata | SnapHalt | SnapDiskOnly | SnapReuseExt | SnapQuiesce
            | SnapAtomic | SnapLive | SnapValidate, "qemuDomainSnapshotCreateXML");
        if ((flags & SnapRedefine) != 0)
            return Redefine(dom, xml, flags);
        if ((flags & SnapCurrent) != 0)
            throw QemuErrors.InvalidArg("current flag requires redefine flag");
        if ((flags & (SnapDiskOnly | SnapReuseExt | SnapQuiesce | SnapLive)) != 0)
            throw QemuErrors.Unsupported("only internal snapshots are supported by this driver (no --disk-only, --reuse-external, --quiesce or --live)");
        var request = QemuSnapshot.ParseRequest(xml);
        var d = GetLocked(dom);
        await d.Job.WaitAsync().ConfigureAwait(false);
        try
        {
            DomainDefinition def;
            DomainState state;
            QmpClient? qmp;
            lock (_lock)
            {
                def = d.Current.Clone();
                state = d.State;
                qmp = d.Monitor;
                if (!d.IsPersistent && (flags & SnapHalt) != 0)
                    throw QemuErrors.Invalid("cannot halt after transient domain snapshot", ErrorDomain.Domain);
            }
            bool active = d.IsActive;
            var existing = Snapshots.Load(d.Name);
            string name = request.Name ?? DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (existing.Any(s => s.Name == name))
                throw QemuErrors.OperationFailed($"domain snapshot '{name}' already exists", ErrorDomain.DomainSnapshot);
            var disks = SnapshotDisks(def, request.Disks);
            bool memory = active && request.Memory != "no";
            if (request.Memory is "external")
                throw QemuErrors.Unsupported("external memory snapshots are not supported by this driver");
            if (memory && !disks.Any(x => x.Mode == "internal"))
                throw QemuErrors.Unsupported("internal snapshot of a running VM must include the memory state: no disk can hold it");
            var parent = existing.FirstOrDefault(s => s.Current);
            var snap = new QemuSnapshot
            {
                Name = name,
                Description = request.Description,
                State = active ? (state == DomainState.Paused ? "paused" : "running") : "shutoff",
                Parent = parent?.Name,
                CreationTime = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                MemoryInternal = memory,
                Disks = disks.Select(x => (x.Disk.TargetDev, x.Mode)).ToList(),
                Domain = XElement.Parse(def.ToXml(DomainXmlFormatFlags.Secure | DomainXmlFormatFlags.Inactive)),
                Cookie = active ? await SnapshotCookieAsync(def, qmp!).ConfigureAwait(false) : null,
                Current = true,
            };
            var internalDisks = disks.Where(x => x.Mode == "internal").Select(x => x.Disk).ToList();
            if (active)
            {
                var nodes = await DriveNodesAsync(qmp!, internalDisks).ConfigureAwait(false);
                await MonitorJobAsync(d, () => qmp!.SnapshotSaveAsync(name, nodes[0], nodes, _settings.SaveTimeout)).ConfigureAwait(false);
            }
            else
                OfflineSnapshot(internalDisks, name, (q, n) => q.CreateSnapshot(n), undo: (q, n) => q.DeleteSnapshot(n));
            if ((flags & SnapNoMetadata) == 0)
            {
                if (parent is not null)
                {
                    parent.Current = false;
                    Snapshots.Save(d.Name, parent);
                }
                Snapshots.Save(d.Name, snap);
            }
            if ((flags & SnapHalt) != 0 && active)
                await StopForSnapshotAsync(d).ConfigureAwait(false);
            return name;
        }
        finally
        {
            d.Job.Release();
        }
    }

    /// <summary>REDEFINE: stores client-supplied metadata (as vsh snapshot-current NAME does with REDEFINE|CURRENT).</summary>
    private string Redefine(DomainRef dom, string xml, uint flags)
    {
        var snap = QemuSnapshot.Parse(xml);
        var d = GetLocked(dom);
        lock (_lock)
        {
            var all = Snapshots.Load(d.Name);
            var old = all.FirstOrDefault(s => s.Name == snap.Name);
            if (snap.Domain is null && old?.Domain is null)
                throw new LibvirtException(ErrorCode.InvalidDomainSnapshot, ErrorDomain.DomainSnapshot, "invalid snapshot: a redefined snapshot must include the domain");
            if (snap.Parent is not null && all.All(s => s.Name != snap.Parent))
                throw new LibvirtException(ErrorCode.InvalidDomainSnapshot, ErrorDomain.DomainSnapshot,
                    $"invalid snapshot: parent {snap.Parent} for snapshot {snap.Name} not found");
            bool makeCurrent = (flags & SnapCurrent) != 0;
            snap.Current = makeCurrent || (old?.Current ?? false);
            var stored = snap.Domain is null && old is not null
                ? new QemuSnapshot { Name = snap.Name, Description = snap.Description, State = snap.State, Parent = snap.Parent, CreationTime = snap.CreationTime,
                    MemoryInternal = snap.MemoryInternal, Disks = snap.Disks, Domain = old.Domain, Cookie = snap.Cookie ?? old.Cookie, Current = snap.Current }
                : snap;
            if (makeCurrent)
                foreach (var other in all.Where(s => s.Current && s.Name != snap.Name))
                {
                    other.Current = false;
                    Snapshots.Save(d.Name, other);
                }
            Snapshots.Save(d.Name, stored);
            return snap.Name;
        }
    }

    public Task<IReadOnlyList<string>> ListAllSnapshotsAsync(DomainRef dom, uint flags)
    {
        QemuErrors.CheckFlags(flags, 0x7FF, "qemuDomainListAllSnapshots");
        var d = GetLocked(dom);
        var all = Snapshots.Load(d.Name);
        return Task.FromResult<IReadOnlyList<string>>(FilterSnapshots(all, all, flags).Select(s => s.Name).ToList());
    }

    public async Task<int> SnapshotNumAsync(DomainRef dom, uint flags) => (await ListAllSnapshotsAsync(dom, flags).ConfigureAwait(false)).Count;

    public Task<IReadOnlyList<string>> SnapshotListAllChildrenAsync(DomainRef dom, string snapshot, uint flags)
    {
        QemuErrors.CheckFlags(flags, 0x7FF, "qemuDomainSnapshotListAllChildren");
        var (all, snap) = FindSnapshot(dom, snapshot);
        bool descendants = (flags & ListDescendants) != 0;
        var children = new List<QemuSnapshot>();
        void Collect(string parent)
        {
            foreach (var c in all.Where(s => s.Parent == parent))
            {
                children.Add(c);
                if (descendants)
                    Collect(c.Name);
            }
        }
        Collect(snap.Name);
        // ROOTS means DESCENDANTS here (the same bit); the remaining filters apply as for the whole list.
        return Task.FromResult<IReadOnlyList<string>>(FilterSnapshots(all, children, flags & ~ListRoots).Select(s => s.Name).ToList());
    }

    public Task<string> SnapshotGetXmlDescAsync(DomainRef dom, string snapshot, uint flags)
    {
        QemuErrors.CheckFlags(flags, DomainFlags.XmlSecure, "qemuDomainSnapshotGetXMLDesc");
        return Task.FromResult(FindSnapshot(dom, snapshot).Snap.ToXml(internalFormat: false));
    }

    public Task<string> SnapshotLookupByNameAsync(DomainRef dom, string name, uint flags)
    {
        QemuErrors.CheckFlags(flags, 0, "qemuDomainSnapshotLookupByName");
        return Task.FromResult(FindSnapshot(dom, name).Snap.Name);
    }

    public Task<bool> HasCurrentSnapshotAsync(DomainRef dom, uint flags)
    {
        QemuErrors.CheckFlags(flags, 0, "qemuDomainHasCurrentSnapshot");
        return Task.FromResult(Snapshots.Load(GetLocked(dom).Name).Any(s => s.Current));
    }

    public Task<string> SnapshotCurrentAsync(DomainRef dom, uint flags)
    {
        QemuErrors.CheckFlags(flags, 0, "qemuDomainSnapshotCurrent");
        var d = GetLocked(dom);
        return Task.FromResult(Snapshots.Load(d.Name).FirstOrDefault(s => s.Current)?.Name
            ?? throw new LibvirtException(ErrorCode.NoDomainSnapshot, ErrorDomain.DomainSnapshot, "Domain snapshot not found: the domain does not have a current snapshot"));
    }

    public Task<string> SnapshotGetParentAsync(DomainRef dom, string snapshot, uint flags)
    {
        QemuErrors.CheckFlags(flags, 0, "qemuDomainSnapshotGetParent");
        var snap = FindSnapshot(dom, snapshot).Snap;
        return Task.FromResult(snap.Parent ?? throw new LibvirtException(ErrorCode.NoDomainSnapshot, ErrorDomain.DomainSnapshot,
            $"Domain snapshot not found: snapshot '{snap.Name}' does not have a parent"));
    }

    public Task<bool> SnapshotIsCurrentAsync(DomainRef dom, string snapshot, uint flags)
    {
        QemuErrors.CheckFlags(flags, 0, "qemuDomainSnapshotIsCurrent");
        return Task.FromResult(FindSnapshot(dom, snapshot).Snap.Current);
    }

    public Task<bool> SnapshotHasMetadataAsync(DomainRef dom, string snapshot, uint flags)
    {
        QemuErrors.CheckFlags(flags, 0, "qemuDomainSnapshotHasMetadata");
        FindSnapshot(dom, snapshot);
        return Task.FromResult(true);
    }

    /// <summary>
    /// Reverts disks (and, for a snapshot of a running guest, the VM state) to the snapshot. A snapshot with memory
    /// is loaded into the running QEMU, or into one started paused for it; a shut-off snapshot stops the guest and
    /// rewinds each qcow2 offline, then starts it again only when --running/--paused ask.
    /// </summary>
    public async Task RevertToSnapshotAsync(DomainRef dom, string snapshot, uint flags)
    {
        QemuErrors.CheckFlags(flags, RevertRunning | RevertPaused | RevertForce, "qemuDomainRevertToSnapshot");
        if ((flags & RevertRunning) != 0 && (flags & RevertPaused) != 0)
            throw QemuErrors.InvalidArg("Flags 'VIR_DOMAIN_SNAPSHOT_REVERT_RUNNING' and 'VIR_DOMAIN_SNAPSHOT_REVERT_PAUSED' are mutually exclusive");
        var (all, snap) = FindSnapshot(dom, snapshot);
        var d = GetLocked(dom);
        var def = snap.Domain is { } x ? QemuDomainXml.Parse(x.ToString(), _defaults) : throw QemuErrors.Invalid($"snapshot '{snap.Name}' lacks domain '{d.Name}' rollback info", ErrorDomain.Domain);
        var internalDisks = def.Devices.Disks.Where(disk => snap.Disks.Any(s => s.Disk == disk.TargetDev && s.Snapshot == "internal")).ToList();
        await d.Job.WaitAsync().ConfigureAwait(false);
        try
        {
            bool wantRunning = (flags & RevertRunning) != 0 || ((flags & RevertPaused) == 0 && snap.State == "running");
            if (snap.IsActiveState)
            {
                bool started = false;
                if (!d.IsActive)
                {
                    await StartProcessAsync(d, paused: true, runDef: def).ConfigureAwait(false);
                    started = true;
                }
                QmpClient qmp;
                List<DiskDevice> liveDisks;
                lock (_lock)
                {
                    qmp = d.Monitor ?? throw QemuErrors.NotRunning();
                    // The live definition carries the aliases that name QEMU's drives.
                    liveDisks = d.Live!.Devices.Disks.Where(disk => internalDisks.Any(x => x.TargetDev == disk.TargetDev)).ToList();
                }
                var nodes = await DriveNodesAsync(qmp, liveDisks).ConfigureAwait(false);
                await MonitorJobAsync(d, () => qmp.SnapshotLoadAsync(snap.Name, nodes[0], nodes, _settings.SaveTimeout)).ConfigureAwait(false);
                await SetRunStateAfterRevertAsync(d, qmp, wantRunning, started).ConfigureAwait(false);
                ConfigFromSnapshot(d, def);
            }
            else
            {
                if (d.IsActive)
                    await StopForSnapshotAsync(d).ConfigureAwait(false);
                OfflineSnapshot(internalDisks, snap.Name, (q, n) => q.ApplySnapshot(n), undo: null);
                ConfigFromSnapshot(d, def);
                if ((flags & (RevertRunning | RevertPaused)) != 0 && d.IsPersistent)
                    await StartProcessAsync(d, paused: (flags & RevertPaused) != 0).ConfigureAwait(false);
            }
            lock (_lock)
                SetCurrent(d.Name, all, snap.Name);
        }
        finally
        {
            d.Job.Release();
        }
    }

    /// <summary>As libvirt does on revert, the snapshot's domain definition becomes a persistent domain's config.</summary>
    private void ConfigFromSnapshot(QemuDomain d, DomainDefinition snapshotDef)
    {
        if (!d.IsPersistent)
            return;
        // Through the inactive XML: a running guest's snapshot carries live-only parts (id, aliases).
        var config = QemuDomainXml.Parse(snapshotDef.ToXml(DomainXmlFormatFlags.Secure | DomainXmlFormatFlags.Inactive), _defaults);
        lock (_lock)
        {
            d.Persistent = config;
            SaveConfig(config);
        }
    }

    public async Task SnapshotDeleteAsync(DomainRef dom, string snapshot, uint flags)
    {
        QemuErrors.CheckFlags(flags, DeleteChildren | DeleteMetadataOnly | DeleteChildrenOnly, "qemuDomainSnapshotDelete");
        if ((flags & DeleteChildren) != 0 && (flags & DeleteChildrenOnly) != 0)
            throw QemuErrors.InvalidArg("Flags 'VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN' and 'VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN_ONLY' are mutually exclusive");
        var (all, snap) = FindSnapshot(dom, snapshot);
        var d = GetLocked(dom);
        var doomed = new List<QemuSnapshot>();
        void Descend(string parent)
        {
            foreach (var c in all.Where(s => s.Parent == parent))
            {
                Descend(c.Name);
                doomed.Add(c);
            }
        }
        if ((flags & (DeleteChildren | DeleteChildrenOnly)) != 0)
            Descend(snap.Name);
        if ((flags & DeleteChildrenOnly) == 0)
            doomed.Add(snap);
        await d.Job.WaitAsync().ConfigureAwait(false);
        try
        {
            foreach (var victim in doomed)
            {
                if ((flags & DeleteMetadataOnly) == 0)
                    await DeleteSnapshotDataAsync(d, victim).ConfigureAwait(false);
                lock (_lock)
                {
                    // Children move up to the victim's parent; a current victim hands "current" to its parent.
                    foreach (var child in all.Where(s => s.Parent == victim.Name))
                    {
                        child.Parent = victim.Parent;
                        Snapshots.Save(d.Name, child);
                    }
                    all.Remove(victim);
                    Snapshots.Remove(d.Name, victim.Name);
                    if (victim.Current && all.FirstOrDefault(s => s.Name == victim.Parent) is { } p)
                    {
                        p.Current = true;
                        Snapshots.Save(d.Name, p);
                    }
                }
            }
        }
        finally
        {
            d.Job.Release();
        }
    }

    /// <summary>Whether a domain has snapshot metadata (undefine refuses then, unless told to drop it).</summary>
    internal int SnapshotCount(string domain) => Snapshots.Load(domain).Count;

    internal void RemoveSnapshotMetadata(string domain) => Snapshots.RemoveAll(domain);

    // ---- helpers ----

    private (List<QemuSnapshot> All, QemuSnapshot Snap) FindSnapshot(DomainRef dom, string name)
    {
        var d = GetLocked(dom);
        var all = Snapshots.Load(d.Name);
        return (all, all.FirstOrDefault(s => s.Name == name) ?? throw IDomainDriver.NoSnapshot(name));
    }

    private void SetCurrent(string domain, List<QemuSnapshot> all, string name)
    {
        foreach (var s in all)
        {
            bool now = s.Name == name;
            if (s.Current == now)
                continue;
            s.Current = now;
            Snapshots.Save(domain, s);
        }
    }

    /// <summary>
    /// Which disks the snapshot covers: every writable disk gets an internal snapshot unless the request says
    /// snapshot='no'; cdroms, floppies and read-only disks get none. A disk that cannot hold one is refused, as libvirt does.
    /// </summary>
    private static List<(DiskDevice Disk, string Mode)> SnapshotDisks(DomainDefinition def, Dictionary<string, string> requested)
    {
        foreach (var name in requested.Keys)
            if (def.Devices.Disks.All(x => x.TargetDev != name))
                throw QemuErrors.InvalidArg($"no disk named '{name}'");
        var result = new List<(DiskDevice, string)>();
        foreach (var disk in def.Devices.Disks)
        {
            string mode = requested.TryGetValue(disk.TargetDev, out var m) ? m
                : disk.Device is "cdrom" or "floppy" || disk.ReadOnly || disk.SourceFile is null && disk.SourceDev is null ? "no" : "internal";
            if (mode == "external")
                throw QemuErrors.Unsupported($"external snapshot for disk {disk.TargetDev} is not supported by this driver");
            if (mode == "internal")
            {
                string format = disk.DriverType is null or "aio" ? "raw" : disk.DriverType;
                if (format != "qcow2")
                    throw QemuErrors.Unsupported($"internal snapshot for disk {disk.TargetDev} unsupported for storage type {format}");
                if (disk.Type != "file" || disk.SourceFile is null)
                    throw QemuErrors.Unsupported($"internal snapshot for disk {disk.TargetDev} unsupported for storage type {disk.Type}");
            }
            result.Add((disk, mode));
        }
        return result;
    }

    private static async Task<List<string>> DriveNodesAsync(QmpClient qmp, List<DiskDevice> disks)
    {
        if (disks.Count == 0)
            throw QemuErrors.Unsupported("the snapshot covers no disk that can hold the VM state");
        var map = await qmp.QueryDriveNodesAsync().ConfigureAwait(false);
        return disks.Select(disk => map.TryGetValue("drive-" + disk.Alias, out var node) ? node
            : throw QemuErrors.Internal($"cannot find the block node of disk '{disk.TargetDev}'")).ToList();
    }

    /// <summary>Runs a snapshot job on the monitor, mapping QEMU's failure to libvirt's wording.</summary>
    private static async Task MonitorJobAsync(QemuDomain d, Func<Task> job)
    {
        try
        {
            await job().ConfigureAwait(false);
        }
        catch (QmpErrorException e)
        {
            throw QemuErrors.OperationFailed($"snapshot job of domain '{d.Name}' failed: {e.Description}");
        }
        catch (TimeoutException e)
        {
            throw QemuErrors.Timeout(e.Message);
        }
        catch (QmpDisconnectedException)
        {
            throw QemuErrors.OperationFailed($"domain '{d.Name}': QEMU closed the monitor during the snapshot job");
        }
    }

    /// <summary>Applies an offline snapshot operation to every disk; on a failure the ones done are undone.</summary>
    private static void OfflineSnapshot(List<DiskDevice> disks, string name, Action<Qcow2Image, string> op, Action<Qcow2Image, string>? undo)
    {
        var done = new List<DiskDevice>();
        try
        {
            foreach (var disk in disks)
            {
                using (var img = OpenQcow2(disk))
                    op(img, name);
                done.Add(disk);
            }
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException or ImageFormatException or ImageNotSupportedException)
        {
            if (undo is not null)
                foreach (var disk in done)
                {
                    try
                    {
                        using var img = OpenQcow2(disk);
                        undo(img, name);
                    }
                    catch (Exception)
                    {
                        // best effort: the error below is the one to report
                    }
                }
            throw QemuErrors.OperationFailed($"internal snapshot '{name}' of disk '{disks[done.Count].TargetDev}': {e.Message}");
        }
    }

    private static Qcow2Image OpenQcow2(DiskDevice disk) =>
        (Qcow2Image)Image.Open(disk.SourceFile!, new ImageOpenOptions { Writable = true, Format = "qcow2", OpenBacking = false });

    private async Task DeleteSnapshotDataAsync(QemuDomain d, QemuSnapshot snap)
    {
        QmpClient? qmp;
        DomainDefinition def;
        lock (_lock)
        {
            qmp = d.Monitor;
            def = d.Current;
        }
        var disks = def.Devices.Disks.Where(disk => snap.Disks.Any(s => s.Disk == disk.TargetDev && s.Snapshot == "internal")
            && disk.SourceFile is not null && DiskHasSnapshot(disk, snap.Name, qmp is not null)).ToList();
        if (disks.Count == 0)
            return;
        if (qmp is not null)
        {
            var nodes = await DriveNodesAsync(qmp, disks).ConfigureAwait(false);
            await MonitorJobAsync(d, () => qmp.SnapshotDeleteAsync(snap.Name, nodes, _settings.SaveTimeout)).ConfigureAwait(false);
        }
        else
            OfflineSnapshot(disks, snap.Name, (q, n) => q.DeleteSnapshot(n), undo: null);
    }

    /// <summary>A disk still holds the snapshot (a disk replaced since, or a snapshot deleted by hand, is skipped). QEMU holds a running guest's images, so we trust the metadata then.</summary>
    private static bool DiskHasSnapshot(DiskDevice disk, string name, bool running)
    {
        if (running)
            return true;
        try
        {
            using var img = (Qcow2Image)Image.Open(disk.SourceFile!, new ImageOpenOptions { Format = "qcow2", OpenBacking = false });
            return img.SnapshotList.Any(s => s.Name == name);
        }
        catch (Exception e) when (e is IOException or InvalidCastException or ImageFormatException)
        {
            return false;
        }
    }

    /// <summary>Ends QEMU for a snapshot (halt after create, revert to a shut-off snapshot): shut off, reason from-snapshot.</summary>
    private async Task StopForSnapshotAsync(QemuDomain d)
    {
        int pid;
        lock (_lock)
        {
            pid = d.Pid;
            d.StopIntent = (R.ShutoffFromSnapshot, L.StoppedFromSnapshot);
        }
        await ProcessState.TerminateAsync(pid, _settings.DestroyGrace).ConfigureAwait(false);
        await ProcessGoneAsync(d, pid).ConfigureAwait(false);
    }

    /// <summary>After snapshot-load QEMU runs as before the load; bring it to the state the revert asks for.</summary>
    private async Task SetRunStateAfterRevertAsync(QemuDomain d, QmpClient qmp, bool wantRunning, bool started)
    {
        bool running;
        lock (_lock)
            running = d.State == DomainState.Running;
        DomainLifecycleEvent? ev = null;
        if (wantRunning && !running)
            await qmp.ContAsync().ConfigureAwait(false);
        else if (!wantRunning && running)
            await qmp.StopAsync().ConfigureAwait(false);
        lock (_lock)
        {
            d.State = wantRunning ? DomainState.Running : DomainState.Paused;
            d.Reason = wantRunning ? R.RunningFromSnapshot : R.PausedFromSnapshot;
            SaveStatus(d);
            if (wantRunning)
                ev = new DomainLifecycleEvent(d.Ref, started ? L.Started : L.Resumed, started ? L.StartedFromSnapshot : L.ResumedFromSnapshot);
            else if (running)
                ev = new DomainLifecycleEvent(d.Ref, L.Suspended, L.SuspendedFromSnapshot);
        }
        if (ev is not null)
            _events.Publish(ev);
    }

    // virDomainSnapshotObjListFilter: every snapshot here has metadata and is internal.
    private static IEnumerable<QemuSnapshot> FilterSnapshots(List<QemuSnapshot> all, List<QemuSnapshot> candidates, uint flags)
    {
        IEnumerable<QemuSnapshot> list = candidates;
        if ((flags & ListRoots) != 0)
            list = list.Where(s => s.Parent is null);
        bool HasChildren(QemuSnapshot s) => all.Any(c => c.Parent == s.Name);
        uint leaf = flags & (ListLeaves | ListNoLeaves);
        if (leaf != 0 && leaf != (ListLeaves | ListNoLeaves))
            list = list.Where(s => HasChildren(s) == ((flags & ListNoLeaves) != 0));
        if ((flags & (ListMetadata | ListNoMetadata)) == ListNoMetadata)
            return [];
        const uint states = ListInactive | ListActive | ListDiskOnly;
        if ((flags & states) != 0 && (flags & states) != states)
            list = list.Where(s => s.IsActiveState ? (flags & ListActive) != 0 : (flags & ListInactive) != 0);
        if ((flags & (ListInternal | ListExternal)) == ListExternal)
            return [];
        _ = ListTopological; // oldest first already lists parents before children
        return list.ToList();
    }
}
