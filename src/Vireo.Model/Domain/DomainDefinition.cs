using System.Globalization;
using System.Xml.Linq;
using Vireo.Model.Domain.Devices;
using Vireo.Model.Identity;
using Vireo.Model.Units;
using Vireo.Model.Xml;

namespace Vireo.Model.Domain;

/// <summary>A domain (guest) definition: libvirt's domain XML as a typed model that formats back exactly as libvirt 9.0 does.</summary>
public sealed partial class DomainDefinition : ModelElement
{
    /// <summary>Hypervisor types accepted in &lt;domain type=&gt;.</summary>
    public static readonly string[] DomainTypes =
        ["qemu", "kqemu", "kvm", "xen", "lxc", "uml", "openvz", "test", "vmware", "hyperv", "vbox", "phyp", "parallels", "bhyve", "vz", "hvf"];

    /// <summary>Actions for &lt;on_poweroff&gt; and &lt;on_reboot&gt;.</summary>
    public static readonly string[] LifecycleActions = ["destroy", "restart", "rename-restart", "preserve"];

    /// <summary>Actions for &lt;on_crash&gt;.</summary>
    public static readonly string[] CrashActions = ["destroy", "restart", "rename-restart", "preserve", "coredump-destroy", "coredump-restart"];

    /// <summary>Hypervisor type, e.g. "kvm", "qemu" or "test".</summary>
    public string Type { get; set; } = "test";

    /// <summary>Id of a running domain; formatted as id='N' unless the inactive XML is asked for.</summary>
    public int? Id { get; set; }

    /// <summary>Unique name.</summary>
    public string Name { get; set; } = "";

    /// <summary>UUID; <see cref="Guid.Empty"/> until defaults generate one.</summary>
    public Guid Uuid { get; set; }

    /// <summary>Short title (one line).</summary>
    public string? Title { get; set; }

    /// <summary>Free-form description.</summary>
    public string? Description { get; set; }

    /// <summary>The &lt;metadata&gt; element, kept verbatim (applications' namespaced data).</summary>
    public XElement? Metadata { get; set; }

    /// <summary>Maximum memory at boot, in KiB (&lt;memory&gt;).</summary>
    public ulong MemoryKiB { get; set; }

    /// <summary>&lt;memory dumpCore=&gt;: on or off.</summary>
    public string? MemoryDumpCore { get; set; }

    /// <summary>Hotplug ceiling in KiB (&lt;maxMemory&gt;), if any.</summary>
    public ulong? MaxMemoryKiB { get; set; }

    /// <summary>Memory slots for hotplug (&lt;maxMemory slots=&gt;).</summary>
    public uint? MaxMemorySlots { get; set; }

    /// <summary>Current (balloon) memory in KiB; null until defaults set it to <see cref="MemoryKiB"/>.</summary>
    public ulong? CurrentMemoryKiB { get; set; }

    /// <summary>Maximum vCPUs (&lt;vcpu&gt; text); 0 until defaults set 1.</summary>
    public uint Vcpus { get; set; }

    /// <summary>vCPUs online at boot (&lt;vcpu current=&gt;), when fewer than <see cref="Vcpus"/>.</summary>
    public uint? VcpusCurrent { get; set; }

    /// <summary>&lt;vcpu placement=&gt;: static or auto.</summary>
    public string? VcpuPlacement { get; set; }

    /// <summary>&lt;vcpu cpuset=&gt;, e.g. "0-3,^2".</summary>
    public string? VcpuCpuset { get; set; }

    /// <summary>Host bootloader for Xen PV guests, e.g. /usr/bin/pygrub.</summary>
    public string? Bootloader { get; set; }

    /// <summary>Arguments for <see cref="Bootloader"/>.</summary>
    public string? BootloaderArgs { get; set; }

    /// <summary>The &lt;os&gt; element.</summary>
    public DomainOs Os { get; set; } = new();

    /// <summary>Hypervisor features; null or empty when none.</summary>
    public DomainFeatures? Features { get; set; }

    /// <summary>Guest CPU model and topology.</summary>
    public DomainCpu? Cpu { get; set; }

    /// <summary>Guest clock; null until defaults set utc.</summary>
    public DomainClock? Clock { get; set; }

    /// <summary>Action when the guest powers off.</summary>
    public string? OnPoweroff { get; set; }

    /// <summary>Action when the guest reboots.</summary>
    public string? OnReboot { get; set; }

    /// <summary>Action when the guest crashes.</summary>
    public string? OnCrash { get; set; }

    /// <summary>Devices.</summary>
    public DomainDevices Devices { get; set; } = new();

    /// <summary>Namespaced top-level elements (e.g. qemu:commandline), kept verbatim at the end.</summary>
    public List<XElement> NamespaceElements { get; } = [];

    /// <summary>Parses domain XML; throws <see cref="XmlModelException"/> with libvirt's code and message on bad input.</summary>
    public static DomainDefinition Parse(string xml)
    {
        var root = XmlInput.LoadRoot(xml, "domain", "domain_definition", XmlModelException.FromDomain);
        return FromElement(root);
    }

    /// <summary>Parses an already loaded &lt;domain&gt; element.</summary>
    public static DomainDefinition FromElement(XElement root)
    {
        var foreign = root.Elements().Where(e => e.Name.Namespace != XNamespace.None).ToList();
        var plain = new XElement(root.Name, root.Attributes(), root.Elements().Where(e => e.Name.Namespace == XNamespace.None));
        var r = new ElementReader(plain, DomainSchema.Domain);
        var d = new DomainDefinition();
        d.NamespaceElements.AddRange(foreign.Select(WithOwnNamespaces));

        var type = r.Attr("type") ?? throw XmlModelException.Internal("missing domain type attribute");
        if (!DomainTypes.Contains(type))
            throw XmlModelException.Unsupported($"invalid domain type {type}");
        d.Type = type;
        d.Id = r.Int("id") is { } id and >= 0 ? id : null;

        d.Name = r.ChildText("name")?.Trim() ?? "";
        if (d.Name.Length == 0)
            throw new XmlModelException(XmlModelException.NoName, XmlModelException.FromDomain, "missing name information: <name> is required");
        if (d.Name.Contains('/'))
            throw XmlModelException.Xml($"name {d.Name} cannot contain '/'");
        if (r.ChildText("uuid") is { } uuidText)
        {
            if (!Identity.Uuid.TryParse(uuidText, out var uuid))
                throw XmlModelException.Internal("malformed uuid element");
            d.Uuid = uuid;
        }
        d.Title = NullIfEmpty(r.ChildText("title"));
        if (d.Title is not null && d.Title.Contains('\n'))
            throw XmlModelException.Xml("Domain title can't contain newlines");
        d.Description = NullIfEmpty(r.ChildText("description"));
        if (r.Child("metadata") is { } md)
            d.Metadata = SanitizeMetadata(WithOwnNamespaces(md));

        ParseMemory(r, d);
        ParseVcpu(r, d);

        d.Bootloader = NullIfEmpty(r.ChildText("bootloader"));
        d.BootloaderArgs = NullIfEmpty(r.ChildText("bootloader_args"));
        d.Os = DomainOs.Parse(r.Child("os") ?? throw XmlModelException.Xml("an os <type> must be specified"), d.Type);
        if (r.Child("features") is { } features)
            d.Features = DomainFeatures.Parse(features);
        if (r.Child("cpu") is { } cpu)
            d.Cpu = DomainCpu.Parse(cpu);
        if (r.Child("clock") is { } clock)
            d.Clock = DomainClock.Parse(clock);
        d.OnPoweroff = Lifecycle(r, "on_poweroff", LifecycleActions);
        d.OnReboot = Lifecycle(r, "on_reboot", LifecycleActions);
        d.OnCrash = Lifecycle(r, "on_crash", CrashActions);
        if (r.Child("devices") is { } devices)
            d.Devices = DomainDevices.Parse(devices);
        d.TakeExtras(r);
        if (d.MemoryKiB == 0)
            throw XmlModelException.Xml("Memory size must be specified via <memory> or in the <numa> configuration");
        CheckDuplicateDisks(d.Devices);
        return d;
    }

    /// <summary>True once a UUID is set.</summary>
    public bool HasUuid => Uuid != Guid.Empty;

    /// <summary>Deep copy (through XML, secrets included).</summary>
    public DomainDefinition Clone()
    {
        var copy = FromElement(ToElement(DomainXmlFormatFlags.Secure));
        copy.Id = Id;
        return copy;
    }

    private static void ParseMemory(ElementReader r, DomainDefinition d)
    {
        if (r.Child("memory") is { } mem)
        {
            d.MemoryKiB = MemoryValue(mem, "./memory[1]");
            d.MemoryDumpCore = new ElementReader(mem, DomainSchema.Memory).OnOff("dumpCore") switch
            {
                null => null,
                true => "on",
                false => "off",
            };
        }
        else
            d.MemoryKiB = NumaMemory(r.Element.Element("cpu"));
        if (r.Child("maxMemory") is { } max)
        {
            d.MaxMemoryKiB = MemoryValue(max, "./maxMemory[1]");
            d.MaxMemorySlots = new ElementReader(max, DomainSchema.MaxMemory).UInt("slots");
        }
        if (r.Child("currentMemory") is { } cur)
            d.CurrentMemoryKiB = MemoryValue(cur, "./currentMemory[1]");
    }

    // Total memory of <cpu><numa><cell memory=...> cells, used when <memory> is absent.
    private static ulong NumaMemory(XElement? cpu)
    {
        ulong total = 0;
        foreach (var cell in cpu?.Element("numa")?.Elements("cell") ?? [])
        {
            if (!ulong.TryParse(cell.Attribute("memory")?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var v))
                throw XmlModelException.Xml("Invalid 'memory' attribute value in <numa> <cell>");
            total += ByteSize.BytesToKiBRoundUp(ByteSize.Scale(v, cell.Attribute("unit")?.Value, 1024));
        }
        return total;
    }

    /// <summary>Reads a scaled memory element into KiB as virDomainParseMemory does (bytes rounded up to KiB).</summary>
    internal static ulong MemoryValue(XElement e, string xpath)
    {
        var text = e.Value.Trim();
        if (!ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            throw new XmlModelException(XmlModelException.XmlError, XmlModelException.FromXml,
                $"XML error: Invalid value '{e.Value}' for element or attribute '{xpath}'");
        var bytes = ByteSize.Scale(value, e.Attribute("unit")?.Value, 1024);
        var kib = ByteSize.BytesToKiBRoundUp(bytes);
        if (kib >= ByteSize.BytesToKiBRoundUp(ByteSize.MaxBytes))
            throw new XmlModelException(XmlModelException.Overflow, XmlModelException.FromNone,
                $"numerical overflow: size value too large: {kib}");
        return kib;
    }

    private static void ParseVcpu(ElementReader r, DomainDefinition d)
    {
        if (r.Child("vcpu") is not { } vcpu)
            return;
        var vr = new ElementReader(vcpu, DomainSchema.Vcpu);
        if (!uint.TryParse(vcpu.Value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            throw XmlModelException.Xml("maximum vcpus count must be an integer");
        if (n == 0)
            throw XmlModelException.Xml("<vcpu> count must be at least 1");
        d.Vcpus = n;
        var current = vr.Attr("current");
        if (current is not null)
        {
            if (!uint.TryParse(current, NumberStyles.None, CultureInfo.InvariantCulture, out var c))
                throw XmlModelException.Xml("current vcpus count must be an integer");
            if (c > n)
                throw XmlModelException.Xml($"maxvcpus must not be less than current vcpus ({n} < {c})");
            d.VcpusCurrent = c;
        }
        d.VcpuPlacement = vr.Enum("placement", ["static", "auto"]);
        d.VcpuCpuset = vr.Attr("cpuset");
    }

    private static string? Lifecycle(ElementReader r, string name, string[] allowed)
    {
        var text = r.ChildText(name)?.Trim();
        if (string.IsNullOrEmpty(text))
            return null;
        if (!allowed.Contains(text))
            throw XmlModelException.Unsupported($"unknown {name} action: {text}");
        return text;
    }

    private static void CheckDuplicateDisks(DomainDevices devices)
    {
        var seen = new Dictionary<string, DiskDevice>(StringComparer.Ordinal);
        foreach (var disk in devices.Disks)
        {
            if (seen.TryGetValue(disk.TargetDev, out var other))
                throw XmlModelException.Xml($"target '{disk.TargetDev}' duplicated for disk sources '{other.SourcePath}' and '{disk.SourcePath}'");
            seen[disk.TargetDev] = disk;
        }
    }

    // Like libvirt's virXMLNodeSanitizeNamespaces: metadata keeps one element per namespace and none without one.
    private static XElement SanitizeMetadata(XElement md)
    {
        var seen = new HashSet<XNamespace>();
        foreach (var child in md.Elements().ToList())
        {
            if (child.Name.Namespace == XNamespace.None || !seen.Add(child.Name.Namespace))
                child.Remove();
        }
        return md;
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;

    // Copies an element and declares on the copy every namespace prefix it uses that was declared above it.
    private static XElement WithOwnNamespaces(XElement source)
    {
        var copy = new XElement(source);
        foreach (var (orig, cp) in source.DescendantsAndSelf().Zip(copy.DescendantsAndSelf()))
        {
            foreach (var ns in orig.Attributes().Where(a => !a.IsNamespaceDeclaration).Select(a => a.Name.Namespace).Append(orig.Name.Namespace).Distinct())
            {
                if (ns == XNamespace.None || ns == XNamespace.Xml)
                    continue;
                var prefix = orig.GetPrefixOfNamespace(ns);
                bool declared = cp.AncestorsAndSelf().Any(a => a.Attributes().Any(x => x.IsNamespaceDeclaration && x.Value == ns.NamespaceName));
                if (declared)
                    continue;
                if (prefix is null)
                    cp.SetAttributeValue("xmlns", ns.NamespaceName);
                else
                    cp.SetAttributeValue(XNamespace.Xmlns + prefix, ns.NamespaceName);
            }
        }
        return copy;
    }
}
