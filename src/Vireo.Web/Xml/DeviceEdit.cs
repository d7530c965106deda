using System.Xml.Linq;
using Vireo.Web.Api;

namespace Vireo.Web.Xml;

/// <summary>
/// The Hardware tab's in-place changes (16.7): a disk's cache mode, read-only flag and (cdrom/floppy) medium, a NIC's
/// model and source, a display's password. The device is found again by what names it (disk target, NIC MAC,
/// graphics type), so the same change applies to the persistent definition and to the running guest.
/// </summary>
public static class DeviceEdit
{
    public static readonly string[] CacheModes = ["default", "none", "writethrough", "writeback", "directsync", "unsafe"];

    /// <summary>The device in <paramref name="domain"/> that is the same as <paramref name="device"/>, or null.</summary>
    public static XElement? Find(XElement domain, XElement device)
    {
        var devices = domain.Element("devices")?.Elements(device.Name) ?? [];
        return device.Name.LocalName switch
        {
            "disk" => devices.FirstOrDefault(d => Attr(d.Element("target"), "dev") == Attr(device.Element("target"), "dev")),
            "interface" => devices.FirstOrDefault(d => string.Equals(Attr(d.Element("mac"), "address"), Attr(device.Element("mac"), "address"), StringComparison.OrdinalIgnoreCase)),
            "graphics" => devices.FirstOrDefault(d => Attr(d, "type") == Attr(device, "type")),
            _ => throw new WebInputException($"a {device.Name.LocalName} device cannot be changed here (only disks, NICs and displays)", "xml"),
        };
    }

    /// <summary>Checks the request and applies it to <paramref name="device"/> (changed in place).</summary>
    public static void Apply(XElement device, DeviceEditRequest r)
    {
        switch (device.Name.LocalName)
        {
            case "disk":
                if (r.Cache is { } cache)
                {
                    DeviceXml.Check(CacheModes, cache, "cache");
                    var driver = device.Element("driver");
                    if (driver is null) device.AddFirst(driver = new XElement("driver", new XAttribute("name", "qemu")));
                    driver.SetAttributeValue("cache", cache == "default" ? null : cache);
                }
                bool media = Attr(device, "device") is "cdrom" or "floppy";
                if (r.ReadOnly is { } ro && !media)
                {
                    device.Elements("readonly").Remove();
                    if (ro) (device.Element("target") ?? device.Elements().Last()).AddAfterSelf(new XElement("readonly"));
                }
                if (r.Media is { } path && media)
                {
                    path = path.Trim();
                    device.Elements("source").Remove();
                    if (path.Length > 0)
                    {
                        if (!path.StartsWith('/')) throw new WebInputException("the medium's path must be absolute", "media");
                        var anchor = device.Element("driver") ?? device.Elements().FirstOrDefault();
                        var source = new XElement("source", new XAttribute("file", path));
                        if (anchor is null) device.AddFirst(source); else anchor.AddAfterSelf(source);
                    }
                }
                break;
            case "interface":
                if (r.Model is { } model)
                {
                    DeviceXml.Check(DeviceXml.NicModels, model, "model");
                    var m = device.Element("model");
                    if (m is null) device.Add(m = new XElement("model"));
                    m.SetAttributeValue("type", model);
                }
                if (r.Source is { } src)
                {
                    src = src.Trim();
                    string type = Attr(device, "type") ?? "";
                    if (src.Length == 0) throw new WebInputException("enter the virtual network or the device", "source");
                    if (type is not ("network" or "bridge")) throw new WebInputException($"the source of a '{type}' interface cannot be changed here", "source");
                    var s = device.Element("source");
                    if (s is null) device.Add(s = new XElement("source"));
                    if (Attr(s, type) != src) s.RemoveAttributes(); // the bridge and port the old network gave no longer apply
                    s.SetAttributeValue(type, src);
                }
                break;
            case "graphics":
                if (r.Password is { } pw) device.SetAttributeValue("passwd", pw.Length == 0 ? null : pw);
                break;
            default:
                throw new WebInputException($"a {device.Name.LocalName} device cannot be changed here", "xml");
        }
    }

    /// <summary>What the live XML adds and update-device does not want back (alias; the address stays to match).</summary>
    public static XElement ForUpdate(XElement device)
    {
        var copy = new XElement(device);
        copy.Elements("alias").Remove();
        return copy;
    }

    private static string? Attr(XElement? e, string name) => (string?)e?.Attribute(name);
}
