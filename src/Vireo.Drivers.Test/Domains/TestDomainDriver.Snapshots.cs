using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using Vireo.Drivers.Domains;
using Vireo.Model.Domain;
using Vireo.Model.Xml;
using Vireo.Protocol.Errors;
using L = Vireo.Drivers.Events.DomainLifecycle;
using R = Vireo.Drivers.Domains.DomainStateReason;

namespace Vireo.Drivers.Test.Domains;

/// <summary>
/// Snapshot metadata as the test driver keeps it: a copy of the domain, its state, the parent (the snapshot that
/// was current) and creation time; no disk or memory data. Creating one makes it current.
/// </summary>
public sealed partial class TestDomainDriver
{
    // virDomainSnapshotCreateFlags
    private const uint SnapRedefine = 1, SnapCurrent = 2, SnapHalt = 8, SnapQuiesce = 64, SnapAtomic = 128, SnapLive = 256, SnapValidate = 512;

    // virDomainSnapshotListFlags
    private const uint ListRoots = 1, ListMetadata = 2, ListLeaves = 4, ListNoLeaves = 8, ListNoMetadata = 16, ListInactive = 32,
        ListActive = 64, ListDiskOnly = 128, ListInternal = 256, ListExternal = 512, ListTopological = 1024;

    public Task<string> SnapshotCreateXmlAsync(DomainRef dom, string xml, uint flags)
    {
        TestErrors.CheckFlags(flags, SnapRedefine | SnapCurrent | SnapHalt | SnapQuiesce | SnapAtomic | SnapLive | SnapValidate,
            "testDomainSnapshotCreateXML");
        if ((flags & SnapRedefine) != 0)
            throw new LibvirtException(ErrorCode.ArgumentUnsupported, ErrorDomain.Test,
                "argument unsupported: redefining snapshot metadata is not supported by this test driver");
        var (name, description) = ParseSnapshotXml(xml);
        return Task.FromResult(Change(events =>
        {
            var d = Get(dom);
            if (!d.IsPersistent && (flags & SnapHalt) != 0)
                throw TestErrors.Invalid("cannot halt after transient domain snapshot");
            long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            name ??= now.ToString(CultureInfo.InvariantCulture);
            if (d.Snapshots.Any(s => s.Name == name))
                throw TestErrors.OperationFailed($"domain moment {name} already exists", ErrorDomain.Domain);
            string state = d.State switch
            {
                DomainState.Running => "running",
                DomainState.Paused => "paused",
                DomainState.Shutoff => "shutoff",
                DomainState.Blocked => "blocked",
                DomainState.Shutdown => "shutdown",
                DomainState.Crashed => "crashed",
                DomainState.PmSuspended => "pmsuspended",
                _ => "nostate",
            };
            var copy = d.Current.Clone();
            copy.Id = null;
            d.Snapshots.Add(new TestSnapshot(name, description, state, now, d.CurrentSnapshot, copy, d.State != DomainState.Shutoff));
            d.CurrentSnapshot = name;
            if ((flags & SnapHalt) != 0 && d.IsActive)
                Stop(d, R.ShutoffFromSnapshot, L.StoppedFromSnapshot, events);
            return name;
        }));
    }

    public Task<IReadOnlyList<string>> ListAllSnapshotsAsync(DomainRef dom, uint flags)
    {
        TestErrors.CheckFlags(flags, 0x7FF, "testDomainListAllSnapshots");
        return Locked<IReadOnlyList<string>>(dom, d => FilterSnapshots(d, flags).Select(s => s.Name).ToList());
    }

    public Task<int> SnapshotNumAsync(DomainRef dom, uint flags)
    {
        TestErrors.CheckFlags(flags, 0x7FF, "testDomainSnapshotNum");
        return Locked(dom, d => FilterSnapshots(d, flags).Count());
    }

    public Task<string> SnapshotGetXmlDescAsync(DomainRef dom, string snapshot, uint flags)
    {
        TestErrors.CheckFlags(flags, DomainFlags.XmlSecure, "testDomainSnapshotGetXMLDesc");
        return Locked(dom, d =>
        {
            var snap = d.Snapshots.FirstOrDefault(s => s.Name == snapshot)
                ?? throw new LibvirtException(ErrorCode.NoDomainSnapshot, ErrorDomain.Test,
                    $"Domain snapshot not found: no domain snapshot with matching name '{snapshot}'");
            return FormatSnapshot(snap, (flags & DomainFlags.XmlSecure) != 0);
        });
    }

    // virDomainSnapshotObjListFilter, for snapshots that all have metadata and are all internal.
    private static IEnumerable<TestSnapshot> FilterSnapshots(TestDomain d, uint flags)
    {
        IEnumerable<TestSnapshot> list = d.Snapshots;
        if ((flags & ListRoots) != 0)
            list = list.Where(s => s.Parent is null);
        bool HasChildren(TestSnapshot s) => d.Snapshots.Any(c => c.Parent == s.Name);
        if ((flags & (ListLeaves | ListNoLeaves)) is var leaf && leaf != 0 && leaf != (ListLeaves | ListNoLeaves))
            list = list.Where(s => HasChildren(s) == ((flags & ListNoLeaves) != 0));
        if ((flags & (ListMetadata | ListNoMetadata)) == ListNoMetadata)
            return [];
        const uint states = ListInactive | ListActive | ListDiskOnly;
        if ((flags & states) != 0 && (flags & states) != states)
            list = list.Where(s => s.State == "shutoff" ? (flags & ListInactive) != 0 : (flags & ListActive) != 0);
        if ((flags & (ListInternal | ListExternal)) == ListExternal)
            return [];
        _ = ListTopological; // creation order already lists parents before children
        return list;
    }

    private static (string? Name, string? Description) ParseSnapshotXml(string xml)
    {
        XElement root;
        try
        {
            root = XElement.Parse(xml);
        }
        catch (XmlException e)
        {
            throw new LibvirtException(ErrorCode.XmlDetail, ErrorDomain.DomainSnapshot, $"(domain_snapshot):{e.LineNumber}: {e.Message}");
        }
        if (root.Name != "domainsnapshot")
            throw new LibvirtException(ErrorCode.XmlError, ErrorDomain.Xml,
                $"XML error: expecting root element of 'domainsnapshot', not '{root.Name.LocalName}'");
        var name = root.Element("name")?.Value.Trim();
        if (name is not null && name.Contains('/'))
            throw new LibvirtException(ErrorCode.InvalidDomainSnapshot, ErrorDomain.DomainSnapshot,
                $"invalid snapshot: invalid snapshot name '{name}': name cannot contain '/'");
        return (string.IsNullOrEmpty(name) ? null : name, root.Element("description")?.Value);
    }

    private static string FormatSnapshot(TestSnapshot s, bool secure)
    {
        var root = new XElement("domainsnapshot", new XElement("name", s.Name));
        if (s.Description is not null)
            root.Add(new XElement("description", s.Description));
        root.Add(new XElement("state", s.State));
        if (s.Parent is not null)
            root.Add(new XElement("parent", new XElement("name", s.Parent)));
        root.Add(new XElement("creationTime", s.CreationTime.ToString(CultureInfo.InvariantCulture)));
        root.Add(new XElement("memory", new XAttribute("snapshot", s.MemoryInternal ? "internal" : "no")));
        var disks = new XElement("disks");
        foreach (var disk in s.Domain.Devices.Disks)
            disks.Add(new XElement("disk", new XAttribute("name", disk.TargetDev), new XAttribute("snapshot", disk.SourcePath is null ? "no" : "internal")));
        if (disks.HasElements)
            root.Add(disks);
        root.Add(s.Domain.ToElement(DomainXmlFormatFlags.Inactive | (secure ? DomainXmlFormatFlags.Secure : DomainXmlFormatFlags.None)));
        return LibvirtXmlWriter.Write(root);
    }
}
