using System.Text.Json;

namespace Vireo.Drivers.Qemu.Host;

/// <summary>A UEFI firmware image a descriptor offers for a machine: its code file and whether it enforces secure boot.</summary>
public sealed record FirmwareImage(string Executable, bool SecureBoot);

/// <summary>
/// Reads QEMU's firmware descriptors (docs/interop/firmware.json) the way libvirt does for domcapabilities:
/// UEFI images whose targets list the architecture and a machine pattern matching the machine.
/// </summary>
public static class DomainCapabilitiesFirmware
{
    public static readonly string[] DefaultDirectories = ["/etc/qemu/firmware", "/usr/share/qemu/firmware"];

    public static IReadOnlyList<FirmwareImage> Find(string arch, string machine, IEnumerable<string>? directories = null)
    {
        // A file name in an earlier directory hides the same name in later ones, as in libvirt.
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var dir in (directories ?? DefaultDirectories).Reverse())
            if (Directory.Exists(dir))
                foreach (var f in Directory.EnumerateFiles(dir, "*.json"))
                    files[Path.GetFileName(f)] = f;
        var images = new List<FirmwareImage>();
        foreach (var file in files.Values)
            if (Parse(file, arch, machine) is { } image && !images.Any(i => i.Executable == image.Executable))
                images.Add(image);
        return images;
    }

    private static FirmwareImage? Parse(string file, string arch, string machine)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(file));
            var root = doc.RootElement;
            if (!root.GetProperty("interface-types").EnumerateArray().Any(t => t.GetString() == "uefi"))
                return null;
            bool matches = root.GetProperty("targets").EnumerateArray().Any(t =>
                t.GetProperty("architecture").GetString() == arch
                && t.GetProperty("machines").EnumerateArray().Any(p => Glob(p.GetString() ?? "", machine)));
            if (!matches || !root.GetProperty("mapping").TryGetProperty("executable", out var exe))
                return null;
            var features = root.TryGetProperty("features", out var fs) ? fs.EnumerateArray().Select(f => f.GetString()).ToList() : [];
            return new FirmwareImage(exe.GetProperty("filename").GetString()!, features.Contains("secure-boot"));
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or IOException)
        {
            return null; // a broken descriptor is skipped, not fatal
        }
    }

    /// <summary>fnmatch with only '*' and '?', which is all the descriptors use.</summary>
    private static bool Glob(string pattern, string text)
    {
        if (pattern.Length == 0)
            return text.Length == 0;
        if (pattern[0] == '*')
            return Glob(pattern[1..], text) || (text.Length > 0 && Glob(pattern, text[1..]));
        return text.Length > 0 && (pattern[0] == '?' || pattern[0] == text[0]) && Glob(pattern[1..], text[1..]);
    }
}
