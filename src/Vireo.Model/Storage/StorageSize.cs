using System.Globalization;
using System.Xml.Linq;
using Vireo.Model.Units;
using Vireo.Model.Xml;

namespace Vireo.Model.Storage;

/// <summary>Reads capacity/allocation/available elements: scaled integers whose bare unit is bytes.</summary>
internal static class StorageSize
{
    public static ulong? Read(XElement? e, string name, int domain)
    {
        if (e is null)
            return null;
        if (!ulong.TryParse(e.Value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var v))
            throw XmlModelException.Xml($"malformed {name} element", domain);
        return ByteSize.Scale(v, e.Attribute("unit")?.Value, 1);
    }

    public static XElement Write(string name, ulong bytes) => new(name, new XAttribute("unit", "bytes"), bytes);
}
