using System.Text.RegularExpressions;

namespace Vireo.Drivers.Qemu.Host;

/// <summary>
/// The x86 CPU models libvirt knows (its cpu_map data files) and their vendors: domcapabilities lists only the
/// emulator's models that are in the map, with the map's vendor ('unknown' when the map names none).
/// </summary>
public static partial class DomainCapabilitiesCpuMap
{
    public const string DefaultDirectory = "/usr/share/libvirt/cpu_map";

    /// <summary>Model name → vendor; null when the map is not installed (then every model is listed).</summary>
    public static IReadOnlyDictionary<string, string>? Load(string directory = DefaultDirectory)
    {
        if (!Directory.Exists(directory))
            return null;
        var models = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(directory, "x86_*.xml"))
        {
            string text = File.ReadAllText(file);
            if (ModelRe().Match(text) is not { Success: true } m)
                continue;
            models[m.Groups[1].Value] = VendorRe().Match(text) is { Success: true } v ? v.Groups[1].Value : "unknown";
        }
        return models.Count == 0 ? null : models;
    }

    [GeneratedRegex(@"<model name='([^']+)'>")]
    private static partial Regex ModelRe();

    [GeneratedRegex(@"<vendor name='([^']+)'/>")]
    private static partial Regex VendorRe();
}
