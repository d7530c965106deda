using System.Globalization;
using System.Xml.Linq;

namespace Vireo.Drivers.Qemu.Host;

/// <summary>One CPUID output word of a running vCPU (QEMU's feature-words QOM property).</summary>
public readonly record struct CpuidWord(uint EaxIn, uint? EcxIn, string Register, uint Bits);

/// <summary>
/// Names the features a running vCPU has from its CPUID words, with the feature table of libvirt's cpu_map
/// (x86_features.xml): a feature is on when every bit of its cpuid entries is set. MSR features are not in CPUID
/// and are left out. Names come back in the table's order, the order libvirt lists a CPU's features in.
/// </summary>
public static class CpuidFeatures
{
    private sealed record Entry(string Name, List<(uint EaxIn, uint EcxIn, string Register, uint Mask)> Bits);

    /// <summary>Every CPUID feature of the table, in its order, with whether the vCPU has it.</summary>
    public static IReadOnlyList<(string Name, bool On)> Decode(IReadOnlyList<CpuidWord> words, string directory = DomainCapabilitiesCpuMap.DefaultDirectory)
    {
        var path = Path.Combine(directory, "x86_features.xml");
        if (!File.Exists(path))
            return [];
        var result = new List<(string, bool)>();
        foreach (var f in Load(path))
        {
            if (f.Bits.Count == 0)
                continue;
            bool on = f.Bits.All(b =>
                words.Any(w => w.EaxIn == b.EaxIn && (w.EcxIn ?? 0) == b.EcxIn && string.Equals(w.Register, b.Register, StringComparison.OrdinalIgnoreCase) && (w.Bits & b.Mask) == b.Mask));
            result.Add((f.Name, on));
        }
        return result;
    }

    private static IEnumerable<Entry> Load(string path)
    {
        foreach (var f in XElement.Load(path).Elements("feature"))
        {
            var name = (string?)f.Attribute("name");
            if (name is null || f.Element("msr") is not null)
                continue;
            var bits = new List<(uint, uint, string, uint)>();
            foreach (var c in f.Elements("cpuid"))
            {
                uint eax = Hex((string?)c.Attribute("eax_in")), ecx = Hex((string?)c.Attribute("ecx_in"));
                foreach (var reg in new[] { "eax", "ebx", "ecx", "edx" })
                    if (Hex((string?)c.Attribute(reg)) is var mask and not 0)
                        bits.Add((eax, ecx, reg, mask));
            }
            yield return new Entry(name, bits);
        }
    }

    private static uint Hex(string? s) =>
        s is null ? 0 : uint.Parse(s.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? s[2..] : s, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
}
