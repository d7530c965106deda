using Vireo.Model.Domain;

namespace Vireo.Drivers.Test.Domains;

/// <summary>
/// testDomainObjCheckTaint: the configuration choices libvirt's test driver flags when it loads a node file
/// (and only then), reported by virDomainGetMessages.
/// </summary>
internal static class TestDomainTaint
{
    // virDomainTaintFlags values (their order is the order messages are listed in) with their messages.
    private static readonly (int Flag, string Message) HighPrivileges = (2, "running with undesirable elevated privileges");
    private static readonly (int Flag, string Message) ShellScripts = (3, "network configuration using opaque shell scripts");
    private static readonly (int Flag, string Message) CdromPassthrough = (8, "use of host cdrom passthrough");
    private static readonly (int Flag, string Message) CustomDtb = (9, "custom device tree blob used");
    private static readonly (int Flag, string Message) DeprecatedConfig = (12, "use of deprecated configuration settings");

    public static void Check(TestDomain d, DomainDefinition def)
    {
        foreach (var disk in def.Devices.Disks)
        {
            if (disk.ExtraAttributes.TryGetValue("rawio", out var rawio) && rawio == "yes")
                Taint(d, HighPrivileges);
            if (disk.Device == "cdrom" && disk.Type == "block" && disk.SourceDev is not null)
                Taint(d, CdromPassthrough);
        }
        foreach (var hostdev in def.Devices.Others.Where(o => o.ElementName == "hostdev"))
        {
            var e = System.Xml.Linq.XElement.Parse(hostdev.ToXml(DomainXmlFormatFlags.Secure));
            if (e.Attribute("type")?.Value == "scsi" && e.Attribute("rawio")?.Value == "yes")
                Taint(d, HighPrivileges);
        }
        if (def.Devices.Interfaces.Any(n => n.Script is not null))
            Taint(d, ShellScripts);
        if (def.Cpu is { } cpu && (cpu.Mode is null or "custom") && cpu.Model == "Deprecated-Test")
        {
            Taint(d, DeprecatedConfig);
            d.Deprecations.Add("deprecated configuration: CPU model Deprecated-Test");
        }
        if (def.Os.Dtb is not null)
            Taint(d, CustomDtb);
    }

    private static void Taint(TestDomain d, (int Flag, string Message) taint) => d.Taints[taint.Flag] = "tainted: " + taint.Message;

    /// <summary>virDomainObjGetMessages: taints unless only deprecations are asked for, then deprecations unless only taints are.</summary>
    public static IReadOnlyList<string> Messages(TestDomain d, uint flags)
    {
        const uint deprecation = 1, tainting = 2;
        if (flags == 0)
            flags = deprecation | tainting;
        var list = new List<string>();
        if ((flags & tainting) != 0)
            list.AddRange(d.Taints.Values);
        if ((flags & deprecation) != 0)
            list.AddRange(d.Deprecations);
        return list;
    }
}
