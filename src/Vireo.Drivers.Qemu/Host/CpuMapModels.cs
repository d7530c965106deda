using System.Xml.Linq;

namespace Vireo.Drivers.Qemu.Host;

/// <summary>One x86 CPU model of libvirt's cpu_map: its features include those of the model it is based on.</summary>
public sealed record CpuMapModel(string Name, string? Vendor, bool DecodeHost, IReadOnlySet<string> Features);

/// <summary>Reads the x86 models of libvirt's cpu_map data files (the same files libvirt decodes the host CPU with).</summary>
public static class CpuMapModels
{
    /// <summary>Every model in <paramref name="directory"/>, or none when the map is not installed.</summary>
    public static IReadOnlyList<CpuMapModel> Load(string directory = DomainCapabilitiesCpuMap.DefaultDirectory)
    {
        if (!Directory.Exists(directory))
            return [];
        var raw = new Dictionary<string, (string? Vendor, bool Decode, string? Parent, List<string> Features)>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(directory, "x86_*.xml").Order(StringComparer.Ordinal))
        {
            XElement root;
            try
            {
                root = XElement.Load(file);
            }
            catch (System.Xml.XmlException)
            {
                continue;
            }
            foreach (var m in root.Elements("model"))
            {
                var name = (string?)m.Attribute("name");
                if (name is null)
                    continue;
                raw[name] = ((string?)m.Element("vendor")?.Attribute("name"),
                    (string?)m.Element("decode")?.Attribute("host") != "off",
                    (string?)m.Element("model")?.Attribute("name"),
                    [.. m.Elements("feature").Select(f => (string?)f.Attribute("name")).OfType<string>()]);
            }
        }
        var result = new List<CpuMapModel>();
        foreach (var (name, r) in raw)
        {
            var features = new HashSet<string>(r.Features, StringComparer.Ordinal);
            string? vendor = r.Vendor;
            // Follow the "based on" chain (bounded, in case of a loop in the data).
            var parent = r.Parent;
            for (int depth = 0; parent is not null && depth < 16 && raw.TryGetValue(parent, out var p); depth++)
            {
                features.UnionWith(p.Features);
                vendor ??= p.Vendor;
                parent = p.Parent;
            }
            result.Add(new CpuMapModel(name, vendor, r.Decode, features));
        }
        return result;
    }
}
