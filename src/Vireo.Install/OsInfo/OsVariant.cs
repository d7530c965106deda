namespace Vireo.Install.OsInfo;

/// <summary>
/// One operating system from osinfo-db, with the answers virt-install asks of it (virtio disk/NIC, USB3, q35,
/// recommended RAM/CPUs/disk). Devices and resources follow derives-from/clones links as libosinfo does.
/// </summary>
public sealed class OsVariant
{
    internal OsInfoDatabase? Db { get; init; }

    public required string Id { get; init; }
    public required IReadOnlyList<string> ShortIds { get; init; }
    public string Name { get; init; } = "";
    public string Family { get; init; } = "";
    public string Distro { get; init; } = "";
    public string Version { get; init; } = "";
    public string? KernelUrlArgument { get; init; }
    public IReadOnlyList<string> DerivesFrom { get; init; } = Array.Empty<string>();
    public IReadOnlyList<string> Clones { get; init; } = Array.Empty<string>();

    /// <summary>Install script ids from the OS's own &lt;installer&gt; (not its media's).</summary>
    public IReadOnlyList<string> InstallScriptIds { get; init; } = Array.Empty<string>();

    /// <summary>The OS's simple text properties (short-id, name, version, vendor, family, distro, codename ...), for install scripts.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Properties { get; init; } = Array.Empty<KeyValuePair<string, string>>();

    /// <summary>Device ids this OS lists itself, with supported="false" kept as false.</summary>
    public IReadOnlyDictionary<string, bool> OwnDevices { get; init; } = new Dictionary<string, bool>();

    public IReadOnlyList<OsResources> OwnResources { get; init; } = Array.Empty<OsResources>();

    /// <summary>The short id virt-install shows ("fedora37"), or "generic".</summary>
    public string ShortId => ShortIds[0];

    public bool IsGeneric => Id == OsInfoDatabase.GenericId;

    public bool IsWindows => Family == "winnt" || Family == "win9x";

    /// <summary>Every supported device id, own first, then parents' (derives-from and clones), first word wins.</summary>
    public IReadOnlySet<string> AllDevices()
    {
        var verdict = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var os in SelfAndAncestors())
            foreach (var (id, ok) in os.OwnDevices)
                verdict.TryAdd(id, ok);
        return verdict.Where(p => p.Value).Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
    }

    private IEnumerable<OsVariant> SelfAndAncestors()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<OsVariant>();
        queue.Enqueue(this);
        while (queue.Count > 0)
        {
            var os = queue.Dequeue();
            if (!seen.Add(os.Id))
                continue;
            yield return os;
            foreach (var parent in os.DerivesFrom.Concat(os.Clones))
                if (Db?.ById(parent) is { } p)
                    queue.Enqueue(p);
        }
    }

    private bool HasAny(params string[] ids)
    {
        var all = AllDevices();
        return ids.Any(all.Contains);
    }

    public bool SupportsVirtioDisk => HasAny("http://pcisig.com/pci/1af4/1001", "http://pcisig.com/pci/1af4/1042");
    public bool SupportsVirtioScsi => HasAny("http://pcisig.com/pci/1af4/1004", "http://pcisig.com/pci/1af4/1048");
    public bool SupportsVirtioNet => HasAny("http://pcisig.com/pci/1af4/1000", "http://pcisig.com/pci/1af4/1041");
    public bool SupportsVirtioRng => HasAny("http://pcisig.com/pci/1af4/1005", "http://pcisig.com/pci/1af4/1044");
    public bool SupportsVirtioGpu => HasAny("http://pcisig.com/pci/1af4/1050");
    public bool SupportsVirtioBalloon => HasAny("http://pcisig.com/pci/1af4/1002", "http://pcisig.com/pci/1af4/1045");
    public bool SupportsVirtioSerial => HasAny("http://pcisig.com/pci/1af4/1003", "http://pcisig.com/pci/1af4/1043");
    public bool SupportsUsb3 => HasAny("http://usb.org/usb/80ee/0021", "http://pcisig.com/pci/1b36/000d");
    public bool SupportsQ35 => HasAny("http://qemu.org/chipset/x86/q35");
    public bool SupportsQxl => HasAny("http://pcisig.com/pci/1b36/0100");
    public bool SupportsIch9Sound => HasAny("http://pcisig.com/pci/8086/293e");

    /// <summary>Recommended value for the arch (then "all"), else twice the minimum, as virt-install computes it.</summary>
    public long RecommendedRam(string arch) => Recommended(arch, r => r.RecRam, r => r.MinRam);
    public long RecommendedCpus(string arch) => Recommended(arch, r => r.RecCpus, r => r.MinCpus);
    public long RecommendedStorage(string arch) => Recommended(arch, r => r.RecStorage, r => r.MinStorage);
    public long MinimumRam(string arch) => Lookup(arch, r => r.MinRam);

    private long Recommended(string arch, Func<OsResources, long> rec, Func<OsResources, long> min)
    {
        var v = Lookup(arch, rec);
        if (v > 0)
            return v;
        return Lookup(arch, min) * 2;
    }

    private long Lookup(string arch, Func<OsResources, long> field)
    {
        var resources = EffectiveResources();
        foreach (var a in new[] { arch, "all" })
            if (resources.FirstOrDefault(r => r.Arch == a) is { } r && field(r) > 0)
                return field(r);
        return 0;
    }

    // an entry marked inherit="true" takes its values from the OS this one derives from
    private IReadOnlyList<OsResources> EffectiveResources()
    {
        if (!OwnResources.Any(r => r.Inherit) || DerivesFrom.Count == 0 || Db?.ById(DerivesFrom[0]) is not { } parent)
            return OwnResources;
        var mine = OwnResources.Where(r => !r.Inherit).ToList();
        mine.AddRange(parent.EffectiveResources().Where(r => mine.All(m => m.Arch != r.Arch)));
        return mine;
    }
}
