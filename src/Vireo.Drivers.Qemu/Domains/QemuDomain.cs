using Vireo.Drivers.Domains;
using Vireo.Drivers.Qemu.Qmp;
using Vireo.Model.Domain;

namespace Vireo.Drivers.Qemu.Domains;

/// <summary>
/// One domain of the QEMU driver: persistent config (null when transient), live definition and QEMU process while
/// running, state with reason. Fields are guarded by the driver's lock; <see cref="Job"/> serialises long operations
/// (start, destroy, suspend ...) on this domain so conflicting requests queue.
/// </summary>
internal sealed class QemuDomain(Guid uuid, string name)
{
    public Guid Uuid { get; } = uuid;
    public string Name { get; } = name;

    /// <summary>One long operation at a time per domain.</summary>
    public SemaphoreSlim Job { get; } = new(1, 1);

    public DomainDefinition? Persistent { get; set; }
    public DomainDefinition? Live { get; set; }
    public DomainDefinition Current => Live ?? Persistent ?? throw new InvalidOperationException("domain without definition");

    public DomainState State { get; set; } = DomainState.Shutoff;
    public int Reason { get; set; }
    public bool Autostart { get; set; }

    /// <summary>A managed save image (LIB/qemu/save/NAME.save) exists; the next start restores from it.</summary>
    public bool HasManagedSave { get; set; }

    /// <summary>QEMU's pid while running; 0 otherwise.</summary>
    public int Pid { get; set; }
    public QmpClient? Monitor { get; set; }
    public string Accel { get; set; } = "tcg";

    /// <summary>Why the process is going away, set by destroy/shutdown before QEMU ends (so the monitor loop reports the right reason).</summary>
    public (int Reason, int Detail)? StopIntent { get; set; }

    /// <summary>A reboot was requested: the next guest SHUTDOWN resets the machine instead of ending it.</summary>
    public bool FakeReboot { get; set; }

    /// <summary>The guest powered off (SHUTDOWN event seen).</summary>
    public bool GuestShutdown { get; set; }

    public bool IsActive => Live is not null;
    public bool IsPersistent => Persistent is not null;
    public int Id => Live?.Id ?? -1;
    public DomainRef Ref => new(Name, Uuid, Id);
}
