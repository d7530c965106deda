using System.Security;
using System.Text;

namespace Vireo.Drivers.Qemu.Host;

/// <summary>The facts one domainCapabilities document is made from.</summary>
public sealed record DomainCapabilitiesFacts(
    string Emulator, string VirtType, string Machine, string Arch, int MaxVcpus,
    IReadOnlyList<FirmwareImage> Firmware, IReadOnlyList<(string Name, bool Usable, string Vendor)> CpuModels, HostCpu? HostCpu = null);

/// <summary>
/// Formats libvirt's domainCapabilities XML (formatdomaincaps) in libvirt 9.0's element order. Device enums list
/// what this driver can really start, so a value here is a value a domain XML may use.
/// </summary>
public static class DomainCapabilitiesXml
{
    public static string Format(DomainCapabilitiesFacts f)
    {
        var x = new StringBuilder();
        x.Append("<domainCapabilities>\n");
        x.Append($"  <path>{E(f.Emulator)}</path>\n");
        x.Append($"  <domain>{f.VirtType}</domain>\n");
        x.Append($"  <machine>{E(f.Machine)}</machine>\n");
        x.Append($"  <arch>{f.Arch}</arch>\n");
        x.Append($"  <vcpu max='{f.MaxVcpus}'/>\n");
        x.Append("  <iothreads supported='yes'/>\n");
        Os(x, f.Firmware);
        Cpu(x, f);
        x.Append("  <devices>\n");
        Enums(x, "disk", ("diskDevice", ["disk", "cdrom", "floppy"]),
            ("bus", f.Machine.StartsWith("pc-q35", StringComparison.Ordinal) ? ["fdc", "scsi", "virtio", "sata"] : ["ide", "fdc", "scsi", "virtio", "sata"]),
            ("model", ["virtio"]));
        Enums(x, "graphics", ("type", ["vnc"]));
        Enums(x, "video", ("modelType", ["vga", "cirrus", "qxl", "virtio", "none", "bochs", "ramfb"]));
        x.Append("    <hostdev supported='no'/>\n");
        x.Append("    <rng supported='no'/>\n");
        x.Append("  </devices>\n");
        x.Append("  <features>\n");
        foreach (var feature in new[] { "gic", "vmcoreinfo", "genid", "backingStoreInput", "backup", "sev", "sgx" })
            x.Append($"    <{feature} supported='no'/>\n");
        x.Append("  </features>\n");
        x.Append("</domainCapabilities>\n");
        return x.ToString();
    }

    private static void Os(StringBuilder x, IReadOnlyList<FirmwareImage> firmware)
    {
        x.Append("  <os supported='yes'>\n");
        Enum(x, "    ", "firmware", firmware.Count > 0 ? ["efi"] : []);
        x.Append("    <loader supported='yes'>\n");
        foreach (var image in firmware) // descriptor order (by file name), as libvirt lists them
            x.Append($"      <value>{E(image.Executable)}</value>\n");
        Enum(x, "      ", "type", ["rom", "pflash"]);
        Enum(x, "      ", "readonly", ["yes", "no"]);
        Enum(x, "      ", "secure", firmware.Any(i => i.SecureBoot) ? ["yes", "no"] : ["no"]);
        x.Append("    </loader>\n");
        x.Append("  </os>\n");
    }

    private static void Cpu(StringBuilder x, DomainCapabilitiesFacts f)
    {
        x.Append("  <cpu>\n");
        if (f.VirtType == "kvm")
        {
            x.Append("    <mode name='host-passthrough' supported='yes'>\n");
            Enum(x, "      ", "hostPassthroughMigratable", ["on", "off"]);
            x.Append("    </mode>\n");
        }
        else
        {
            x.Append("    <mode name='host-passthrough' supported='no'/>\n");
        }
        x.Append("    <mode name='maximum' supported='yes'>\n");
        Enum(x, "      ", "maximumMigratable", ["on", "off"]);
        x.Append("    </mode>\n");
        // host-model: the host CPU as capabilities decodes it (model + features beyond it). Under TCG the guest gets
        // QEMU's "max" CPU, which emulates at least that much.
        if (f.HostCpu is { } host)
        {
            x.Append("    <mode name='host-model' supported='yes'>\n");
            x.Append($"      <model fallback='forbid'>{E(host.Model)}</model>\n");
            x.Append($"      <vendor>{E(host.Vendor)}</vendor>\n");
            if (host.PhysAddrBits is { } bits)
                x.Append($"      <maxphysaddr mode='passthrough' limit='{bits}'/>\n");
            foreach (var feature in host.Features)
                x.Append($"      <feature policy='require' name='{E(feature)}'/>\n");
            x.Append("    </mode>\n");
        }
        else
        {
            x.Append("    <mode name='host-model' supported='no'/>\n");
        }
        if (f.CpuModels.Count == 0)
        {
            x.Append("    <mode name='custom' supported='no'/>\n");
        }
        else
        {
            x.Append("    <mode name='custom' supported='yes'>\n");
            foreach (var (name, usable, vendor) in f.CpuModels)
                x.Append($"      <model usable='{(usable ? "yes" : "no")}' vendor='{E(vendor)}'>{E(name)}</model>\n");
            x.Append("    </mode>\n");
        }
        x.Append("  </cpu>\n");
    }

    private static void Enums(StringBuilder x, string element, params (string Name, string[] Values)[] enums)
    {
        x.Append($"    <{element} supported='yes'>\n");
        foreach (var (name, values) in enums)
            Enum(x, "      ", name, values);
        x.Append($"    </{element}>\n");
    }

    /// <summary>An enum with no values is an empty element, as libvirt prints it.</summary>
    private static void Enum(StringBuilder x, string indent, string name, IReadOnlyList<string> values)
    {
        if (values.Count == 0)
        {
            x.Append($"{indent}<enum name='{name}'/>\n");
            return;
        }
        x.Append($"{indent}<enum name='{name}'>\n");
        foreach (var v in values)
            x.Append($"{indent}  <value>{E(v)}</value>\n");
        x.Append($"{indent}</enum>\n");
    }

    private static string E(string s) => SecurityElement.Escape(s);
}
