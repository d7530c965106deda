using Vireo.Drivers.Qemu.CommandLine;
using Vireo.Model.Defaults;
using Vireo.Model.Domain;
using Vireo.Model.Domain.Devices;
using Vireo.Protocol.Errors;

namespace Vireo.Drivers.Qemu.Domains;

/// <summary>Host facts the QEMU driver fills into definitions: the emulator binary and the canonical default machine type.</summary>
public sealed record QemuDefaults(string Emulator, string Machine)
{
    /// <summary>The QEMU namespace whose elements (qemu:commandline) a definition keeps.</summary>
    public const string QemuNamespace = "http://libvirt.org/schemas/domain/qemu/1.0";

    /// <summary>Options for <see cref="DomainDefaults.Apply"/>: x86_64 guests, this emulator and machine.</summary>
    public DomainDefaultsOptions ToOptions() => new()
    {
        DefaultArch = static _ => "x86_64",
        DefaultMachine = (_, _) => Machine,
        DefaultEmulator = _ => Emulator,
        KeptNamespaces = [QemuNamespace],
    };
}

/// <summary>
/// Parses domain XML the way libvirt's qemu driver completes it on define: the generic defaults, then the qemu
/// post-parse additions (USB and PCI root controllers, a virtio balloon, PS/2 inputs with graphics) and PCI addresses.
/// </summary>
public static class QemuDomainXml
{
    /// <summary>Parses, validates and completes a client's XML; errors are libvirt's.</summary>
    public static DomainDefinition Parse(string xml, QemuDefaults defaults)
    {
        var def = QemuErrors.Model(() => DomainDefinition.Parse(xml));
        Complete(def, defaults);
        return def;
    }

    /// <summary>Completes an already parsed definition in place.</summary>
    public static void Complete(DomainDefinition def, QemuDefaults defaults)
    {
        if (def.Type is not ("qemu" or "kvm"))
            throw new LibvirtException(ErrorCode.ConfigUnsupported, ErrorDomain.Qemu,
                $"unsupported configuration: Emulator '{def.Devices.Emulator ?? defaults.Emulator}' does not support virt type '{def.Type}'");
        if (def.Name.Contains('\n'))
            throw new LibvirtException(ErrorCode.XmlDetail, ErrorDomain.Xml, "invalid char in name: \n");
        // The machine alias "pc" is stored as its canonical versioned name, so a QEMU upgrade does not change the guest.
        if (def.Os.Machine is "pc")
            def.Os.Machine = defaults.Machine;
        if (def.Os.Machine is "q35" && defaults.Machine.StartsWith("pc-i440fx-", StringComparison.Ordinal))
            def.Os.Machine = "pc-q35-" + defaults.Machine["pc-i440fx-".Length..];
        QemuErrors.Model(() =>
        {
            DomainDefaults.Apply(def, defaults.ToOptions());
            return 0;
        });
        var devs = def.Devices;
        if (PcieTopology.IsQ35(def))
            PcieTopology.AddDefaultDevices(def);
        if (!devs.Controllers.Any(c => c.Type == "usb"))
            devs.InsertController(new ControllerDevice { Type = "usb", Index = 0, Model = "piix3-uhci" });
        if (!devs.Controllers.Any(c => c.Type == "pci"))
            devs.InsertController(new ControllerDevice { Type = "pci", Index = 0, Model = "pci-root" });
        devs.Memballoon ??= new MemballoonDevice { Model = "virtio" };
        if (devs.Graphics.Count > 0)
        {
            if (!devs.Inputs.Any(i => i.Type == "mouse" && i.Bus == "ps2"))
                devs.Inputs.Add(new InputDevice { Type = "mouse", Bus = "ps2" });
            if (!devs.Inputs.Any(i => i.Type == "keyboard" && i.Bus == "ps2"))
                devs.Inputs.Add(new InputDevice { Type = "keyboard", Bus = "ps2" });
        }
        PciSlots.Assign(def);
    }
}
