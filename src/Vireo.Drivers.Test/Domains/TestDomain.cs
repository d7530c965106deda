using Vireo.Drivers.Domains;
using Vireo.Model.Domain;

namespace Vireo.Drivers.Test.Domains;

/// <summary>
/// One domain of the test driver: its persistent definition (null for a transient domain), its live definition
/// (null while shut off), state with reason, autostart, managed-save flag and snapshots.
/// Guarded by the owning <see cref="TestDomainDriver"/>'s lock.
/// </summary>
internal sealed class TestDomain
{
    public TestDomain(Guid uuid, string name)
    {
        Uuid = uuid;
        Name = name;
    }

    /// <summary>The UUID never changes for the life of the object.</summary>
    public Guid Uuid { get; }

    /// <summary>The name; a redefinition must keep it (libvirt refuses a new name for a known UUID).</summary>
    public string Name { get; }

    /// <summary>Configuration that survives shutdown; null for a transient domain.</summary>
    public DomainDefinition? Persistent { get; set; }

    /// <summary>Definition of the running instance (its Id set); null while shut off.</summary>
    public DomainDefinition? Live { get; set; }

    /// <summary>What libvirt calls vm->def: the live definition when running, else the persistent one.</summary>
    public DomainDefinition Current => Live ?? Persistent ?? throw new InvalidOperationException("domain without definition");

    public bool IsActive => Live is not null;
    public bool IsPersistent => Persistent is not null;
    public int Id => Live?.Id ?? -1;

    public DomainState State { get; set; } = DomainState.Shutoff;
    public int Reason { get; set; }
    public bool Autostart { get; set; }
    public bool HasManagedSave { get; set; }

    /// <summary>Taint messages ("tainted: ...") in libvirt's taint order; kept for the life of the object.</summary>
    public SortedDictionary<int, string> Taints { get; } = [];

    /// <summary>Deprecation messages ("deprecated configuration: ...").</summary>
    public List<string> Deprecations { get; } = [];

    /// <summary>Snapshots in creation order.</summary>
    public List<TestSnapshot> Snapshots { get; } = [];
    public string? CurrentSnapshot { get; set; }

    /// <summary>The handle clients see now (name, UUID, id or -1).</summary>
    public DomainRef Ref => new(Name, Uuid, Id);

    /// <summary>testDomainStartState: becomes running with a fresh id; a persistent domain runs a copy of its config.</summary>
    public void StartState(int id, int reason)
    {
        Live ??= Persistent!.Clone();
        Live.Id = id;
        State = DomainState.Running;
        Reason = reason;
        HasManagedSave = false;
    }

    /// <summary>testDomainShutdownState: drops the live definition (live-only changes are lost) and records the reason.</summary>
    public void ShutdownState(int reason)
    {
        Live = null;
        State = DomainState.Shutoff;
        Reason = reason;
    }

    /// <summary>Online vCPUs of a definition (virDomainDefGetVcpus).</summary>
    public static uint OnlineVcpus(DomainDefinition def) => def.VcpusCurrent ?? def.Vcpus;

    /// <summary>virDomainDefSetVcpus: the first <paramref name="n"/> vCPUs online.</summary>
    public static void SetOnlineVcpus(DomainDefinition def, uint n) => def.VcpusCurrent = n == def.Vcpus ? null : n;

    /// <summary>virDomainDefSetVcpusMax: shrinking also offlines and unpins the vCPUs that disappear.</summary>
    public static void SetMaxVcpus(DomainDefinition def, uint n)
    {
        uint online = Math.Min(OnlineVcpus(def), n);
        def.Vcpus = n;
        SetOnlineVcpus(def, online);
        var pins = VcpuPinning.Read(def);
        foreach (var vcpu in pins.Keys.Where(v => v >= n).ToList())
            pins.Remove(vcpu);
        VcpuPinning.Write(def, pins);
    }
}

/// <summary>A snapshot's metadata: the domain as it was, its state then, and its place in the tree.</summary>
internal sealed record TestSnapshot(string Name, string? Description, string State, long CreationTime, string? Parent,
    DomainDefinition Domain, bool MemoryInternal);
