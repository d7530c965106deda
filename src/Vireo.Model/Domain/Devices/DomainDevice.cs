using System.Globalization;
using System.Xml.Linq;
using Vireo.Model.Xml;

namespace Vireo.Model.Domain.Devices;

/// <summary>One element under &lt;devices&gt;: a typed device or a verbatim one (<see cref="OtherDevice"/>).</summary>
public abstract class DomainDevice : ModelElement
{
    /// <summary>The element name, e.g. "disk" or "interface".</summary>
    public abstract string ElementName { get; }

    /// <summary>Per-device boot order (&lt;boot order='N'/&gt;), where the device supports it.</summary>
    public int? BootOrder { get; set; }

    /// <summary>Boot loadparm (s390), upper-cased as libvirt stores it.</summary>
    public string? BootLoadParm { get; set; }

    /// <summary>Device alias; user aliases start with "ua-".</summary>
    public string? Alias { get; set; }

    /// <summary>Guest-visible address, if assigned.</summary>
    public DeviceAddress? Address { get; set; }

    /// <summary>Parses one device element (for attach-device/detach-device); unknown elements are rejected.</summary>
    public static DomainDevice Parse(string xml)
    {
        var root = XmlInput.LoadRoot(xml, null, "device_definition", XmlModelException.FromDomain);
        return FromElement(root);
    }

    /// <summary>Builds the typed device for an element already parsed.</summary>
    public static DomainDevice FromElement(XElement e)
    {
        if (e.Name.Namespace != XNamespace.None || !DomainSchema.Devices.HasChild(e.Name.LocalName) || e.Name.LocalName == "emulator")
            throw XmlModelException.UnknownElement(e.Name.LocalName, "devices");
        return e.Name.LocalName switch
        {
            "disk" => DiskDevice.FromElement(e),
            "interface" => InterfaceDevice.FromElement(e),
            "controller" => ControllerDevice.FromElement(e),
            "input" => InputDevice.FromElement(e),
            "graphics" => GraphicsDevice.FromElement(e),
            "video" => VideoDevice.FromElement(e),
            "serial" or "parallel" or "console" or "channel" => CharDevice.FromElement(e),
            "memballoon" => MemballoonDevice.FromElement(e),
            _ => new OtherDevice(e),
        };
    }

    /// <summary>The device as libvirt formats it on its own (as in attach-device XML).</summary>
    public string ToXml(DomainXmlFormatFlags flags = DomainXmlFormatFlags.None) => LibvirtXmlWriter.Write(ToElement(flags));

    /// <summary>Deep copy through XML.</summary>
    public DomainDevice Clone() => FromElement(ToElement(DomainXmlFormatFlags.Secure));

    internal abstract XElement ToElement(DomainXmlFormatFlags flags);

    /// <summary>Reads boot, alias and address.</summary>
    internal void ReadInfo(ElementReader r)
    {
        if (r.Spec.HasChild("boot") && r.Child("boot") is { } boot)
        {
            var br = new ElementReader(boot, DomainSchema.DeviceBoot);
            var order = br.Attr("order") ?? throw XmlModelException.Xml("missing boot order attribute");
            if (!int.TryParse(order, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n <= 0)
                throw XmlModelException.Xml($"incorrect boot order '{order}', expecting positive integer");
            BootOrder = n;
            BootLoadParm = br.Attr("loadparm")?.ToUpperInvariant();
        }
        if (r.Child("alias") is { } alias)
            Alias = alias.Attribute("name")?.Value;
        if (r.Child("address") is { } addr)
            Address = DeviceAddress.Parse(addr);
    }

    /// <summary>Writes boot, alias and address (libvirt prints only user aliases in the inactive XML).</summary>
    internal void WriteInfo(ElementBuilder b, DomainXmlFormatFlags flags)
    {
        if (BootOrder is { } order)
            b.Child(new XElement("boot", new XAttribute("order", order), BootLoadParm is null ? null : new XAttribute("loadparm", BootLoadParm)));
        if (Alias is not null && (!flags.HasFlag(DomainXmlFormatFlags.Inactive) || Alias.StartsWith("ua-", StringComparison.Ordinal)))
            b.Child(new XElement("alias", new XAttribute("name", Alias)));
        if (Address is not null)
            b.Child(Address.ToElement());
    }
}
