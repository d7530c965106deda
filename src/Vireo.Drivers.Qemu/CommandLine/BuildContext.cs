using Vireo.Model.Domain;
using Vireo.Model.Domain.Devices;

namespace Vireo.Drivers.Qemu.CommandLine;

/// <summary>Inputs shared by the per-concern builders: the completed definition (aliases and addresses set), the launch options and boot indexes.</summary>
public sealed class BuildContext(DomainDefinition def, QemuLaunchOptions options)
{
    /// <summary>The definition being rendered (a private copy with aliases and PCI addresses filled in).</summary>
    public DomainDefinition Def { get; } = def;

    public QemuLaunchOptions Options { get; } = options;

    /// <summary>bootindex per device, from per-device &lt;boot order&gt; or from &lt;os&gt;&lt;boot dev&gt;.</summary>
    public IReadOnlyDictionary<DomainDevice, int> BootIndex { get; } = BootArgs.Indexes(def);

    /// <summary>The bootindex of a device, or null.</summary>
    public long? BootIndexOf(DomainDevice d) => BootIndex.TryGetValue(d, out var i) ? i : null;

    /// <summary>"bus=pci.0,addr=0x4" for a device with a PCI address ("bus=pci.N,addr=0x0" behind q35 root port N).</summary>
    public static QemuOptionValue Pci(QemuOptionValue v, DomainDevice d)
    {
        if (d.Address is { Type: "pci" } a)
            v.Add("bus", a.Get("bus") is > 0 and var bus ? $"pci.{bus}" : "pci.0").Add("addr", PciSlots.Addr(a));
        return v;
    }

    /// <summary>As <see cref="Pci"/>, naming bus 0 after this machine's root (pcie.0 on q35).</summary>
    public QemuOptionValue PciOnRoot(QemuOptionValue v, DomainDevice d)
    {
        if (d.Address is { Type: "pci" } a)
            v.Add("bus", PcieTopology.BusName(Def, a)).Add("addr", PciSlots.Addr(a));
        return v;
    }
}
