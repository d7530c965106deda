using Vireo.Install.Host;
using Vireo.Install.OsInfo;

namespace Vireo.Install.Guest;

/// <summary>Kernel boot of the install phase (--location, --boot kernel=).</summary>
public sealed record KernelBoot(string Kernel, string? Initrd, string? Cmdline);

/// <summary>One NIC: type user/network/bridge, its source, model and MAC.</summary>
public sealed record NicPlan(string Type, string? Source, string? Model, string Mac);

/// <summary>Everything decided about the guest; <see cref="DomainXmlWriter"/> turns it into the install and final XML.</summary>
public sealed class GuestPlan
{
    public required ConnectionFacts Facts { get; init; }
    public required OsVariant Os { get; init; }
    public required string Name { get; init; }
    public required string Uuid { get; init; }
    public required string DomainType { get; init; }
    public required string OsType { get; init; }
    public required string Arch { get; init; }
    public string? Machine { get; init; }
    public string? Emulator { get; init; }
    public long MemoryKiB { get; set; }
    public int Vcpus { get; set; } = 1;
    public int? MaxVcpus { get; set; }
    public List<DiskPlan> Disks { get; } = new();
    public List<NicPlan> Nics { get; } = new();
    /// <summary>vnc, spice, sdl or none, with port/listen/keymap when given.</summary>
    public string GraphicsType { get; set; } = "none";
    public string? GraphicsPort { get; set; }
    public string? GraphicsListen { get; set; }
    public string? GraphicsKeymap { get; set; }
    public List<(string Kind, string Type, string? Path, string? TargetType)> CharDevices { get; } = new();
    public bool Acpi { get; set; }
    public bool Apic { get; set; }
    public bool Pae { get; set; }
    /// <summary>Boot devices of the final config (hd, cdrom, network, fd).</summary>
    public List<string> FinalBoot { get; } = new();
    /// <summary>Boot devices while installing, or null when there is no install phase.</summary>
    public List<string>? InstallBoot { get; set; }
    public KernelBoot? InstallKernel { get; set; }
    public KernelBoot? FinalKernel { get; set; }

    public bool HasInstallPhase => InstallBoot != null || InstallKernel != null;
    public bool IsX86 => Arch is "x86_64" or "i686" or "i586" or "i386";
    public bool IsQ35 => Machine != null && Machine.Contains("q35", StringComparison.Ordinal);
    public bool HasSpice => GraphicsType == "spice";
    public bool HasGraphics => GraphicsType != "none";

    // virt-install uses virtio only on qemu connections, and only where osinfo says the OS has the driver
    public bool VirtioDisk => Facts.IsQemu && Os.SupportsVirtioDisk;
    public bool VirtioNet => Facts.IsQemu && Os.SupportsVirtioNet;
    public bool VirtioSerial => Facts.IsQemu && Os.SupportsVirtioSerial;
}
