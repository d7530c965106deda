using System.Globalization;
using System.Xml.Linq;
using Vireo.Model.Xml;

namespace Vireo.Model.Storage;

/// <summary>&lt;permissions&gt; of a pool target, volume or backing store: octal mode, uid, gid, security label.</summary>
public sealed class StoragePermissions
{
    /// <summary>File mode bits (e.g. 0x1ED for 0755); printed as four octal digits.</summary>
    public uint? Mode { get; set; }

    /// <summary>Owner uid.</summary>
    public long? Owner { get; set; }

    /// <summary>Group gid.</summary>
    public long? Group { get; set; }

    /// <summary>SELinux label.</summary>
    public string? Label { get; set; }

    internal static StoragePermissions Parse(XElement e, int domain)
    {
        var r = new ElementReader(e, StorageSchema.Permissions, domain);
        var p = new StoragePermissions();
        if (r.ChildText("mode") is { } mode)
        {
            try
            {
                p.Mode = Convert.ToUInt32(mode.Trim(), 8);
            }
            catch (Exception ex) when (ex is FormatException or OverflowException or ArgumentException)
            {
                throw XmlModelException.Xml("malformed octal mode", domain);
            }
            if (p.Mode > 0xFFF)
                throw XmlModelException.Xml("malformed octal mode", domain);
        }
        p.Owner = Id(r.ChildText("owner"), "owner", domain);
        p.Group = Id(r.ChildText("group"), "group", domain);
        p.Label = r.ChildText("label");
        return p;
    }

    private static long? Id(string? text, string what, int domain)
    {
        if (text is null)
            return null;
        if (!long.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) || v < -1)
            throw XmlModelException.Xml($"malformed {what} element", domain);
        return v;
    }

    internal XElement ToElement()
    {
        var e = new XElement("permissions");
        if (Mode is { } m)
            e.Add(new XElement("mode", "0" + Convert.ToString(m, 8).PadLeft(3, '0')));
        if (Owner is { } o and not -1)
            e.Add(new XElement("owner", o));
        if (Group is { } g and not -1)
            e.Add(new XElement("group", g));
        if (Label is not null)
            e.Add(new XElement("label", Label));
        return e;
    }
}
