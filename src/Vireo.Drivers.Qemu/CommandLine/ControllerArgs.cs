using Vireo.Model.Domain.Devices;

namespace Vireo.Drivers.Qemu.CommandLine;

/// <summary>Controllers that are devices of their own: USB (piix3-uhci), SCSI (lsi, virtio-scsi) and SATA (ich9-ahci). IDE and FDC are built into the pc machine.</summary>
public static class ControllerArgs
{
    public static IEnumerable<QemuArg> Build(BuildContext ctx)
    {
        foreach (var c in ctx.Def.Devices.Controllers)
        {
            switch (c.Type)
            {
                case "usb" when c.Model is not "none":
                    var usb = (c.Model ?? "piix3-uhci") switch
                    {
                        "piix3-uhci" => "piix3-usb-uhci",
                        "qemu-xhci" => "qemu-xhci",
                        "nec-xhci" => "nec-usb-xhci",
                        "ich9-ehci1" => "ich9-usb-ehci1",
                        var m => throw QemuErrors.Unsupported($"USB controller model '{m}' is not supported yet by the qemu driver"),
                    };
                    yield return new("-device", BuildContext.Pci(new QemuOptionValue(usb).Add("id", c.Alias), c).ToString());
                    break;
                case "scsi":
                    var scsi = (c.Model ?? "lsilogic") switch
                    {
                        "lsilogic" => "lsi",
                        "virtio-scsi" => "virtio-scsi-pci",
                        var m => throw QemuErrors.Unsupported($"SCSI controller model '{m}' is not supported yet by the qemu driver"),
                    };
                    yield return new("-device", BuildContext.Pci(new QemuOptionValue(scsi).Add("id", c.Alias), c).ToString());
                    break;
                case "sata" when c.Index is 0 or null && PcieTopology.IsQ35(ctx.Def):
                    break; // the q35 machine's own ICH9 AHCI at 00:1f.2
                case "sata":
                    yield return new("-device", BuildContext.Pci(new QemuOptionValue("ich9-ahci").Add("id", c.Alias), c).ToString());
                    break;
                case "ide" when c.Index is > 0:
                    throw QemuErrors.Unsupported("the pc machine has exactly one IDE controller");
                case "virtio-serial":
                    yield return new("-device", BuildContext.Pci(new QemuOptionValue("virtio-serial-pci").Add("id", c.Alias), c).ToString());
                    break;
            }
        }
    }
}
