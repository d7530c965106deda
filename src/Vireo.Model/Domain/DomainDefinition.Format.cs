using System.Xml.Linq;
using Vireo.Model.Identity;
using Vireo.Model.Xml;

namespace Vireo.Model.Domain;

public sealed partial class DomainDefinition
{
    /// <summary>Formats the domain as libvirt 9.0 does (virsh dumpxml); the text ends with a newline.</summary>
    public string ToXml(DomainXmlFormatFlags flags = DomainXmlFormatFlags.None) => LibvirtXmlWriter.Write(ToElement(flags));

    /// <summary>The formatted element tree (for embedding, e.g. in snapshot XML).</summary>
    public XElement ToElement(DomainXmlFormatFlags flags = DomainXmlFormatFlags.None)
    {
        bool inactive = flags.HasFlag(DomainXmlFormatFlags.Inactive);
        var b = Builder(DomainSchema.Domain).Attr("type", Type);
        if (Id is { } id && !inactive)
            b.Attr("id", id);
        b.TextChild("name", Name);
        if (HasUuid)
            b.TextChild("uuid", Identity.Uuid.Format(Uuid));
        b.TextChild("title", Title).TextChild("description", Description);
        if (Metadata is not null)
        {
            var md = new XElement(Metadata);
            md.AddAnnotation(FormatHint.Libxml2);
            b.Child(md);
        }
        if (MaxMemoryKiB is { } max)
            b.Child(new XElement("maxMemory", MaxMemorySlots is { } slots ? new XAttribute("slots", slots) : null, new XAttribute("unit", "KiB"), max));
        b.Child(new XElement("memory", MemoryDumpCore is null ? null : new XAttribute("dumpCore", MemoryDumpCore), new XAttribute("unit", "KiB"), MemoryKiB));
        if (CurrentMemoryKiB is { } cur)
            b.Child(new XElement("currentMemory", new XAttribute("unit", "KiB"), cur));
        if (Vcpus > 0)
        {
            var v = new ElementBuilder(DomainSchema.Vcpu).Attr("placement", VcpuPlacement)
                .Attr("cpuset", VcpuPlacement == "auto" ? null : VcpuCpuset);
            if (VcpusCurrent is { } c && c != Vcpus)
                v.Attr("current", c);
            b.Child(v.Text(Vcpus.ToString(System.Globalization.CultureInfo.InvariantCulture)).Build());
        }
        b.TextChild("bootloader", Bootloader).TextChild("bootloader_args", BootloaderArgs);
        b.Child(Os.ToElement(Type));
        if (Features is { Items.Count: > 0 })
            b.Child(Features.ToElement());
        b.Child(Cpu?.ToElement());
        b.Child(Clock?.ToElement());
        b.TextChild("on_poweroff", OnPoweroff).TextChild("on_reboot", OnReboot).TextChild("on_crash", OnCrash);
        b.Child(Devices.ToElement(flags, Os.Type));
        var root = b.Build();
        foreach (var ns in NamespaceElements)
        {
            foreach (var decl in ns.Attributes().Where(a => a.IsNamespaceDeclaration).ToList())
            {
                if (root.Attribute(decl.Name) is null)
                    root.Add(new XAttribute(decl));
            }
            var copy = new XElement(ns);
            copy.Attributes().Where(a => a.IsNamespaceDeclaration).Remove();
            root.Add(copy);
        }
        return root;
    }
}
