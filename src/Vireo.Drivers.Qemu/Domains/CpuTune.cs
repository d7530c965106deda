using System.Globalization;
using System.Text;
using System.Xml.Linq;
using Vireo.Model.Domain;

namespace Vireo.Drivers.Qemu.Domains;

/// <summary>
/// The &lt;cputune&gt; pinning a definition carries (kept by the model as a verbatim element): &lt;vcpupin vcpu='N'
/// cpuset='...'/&gt; and &lt;emulatorpin cpuset='...'/&gt;. Cpusets are libvirt's syntax: "0-3,^2,5".
/// </summary>
internal static class CpuTune
{
    private static XElement? Element(DomainDefinition def) => def.ExtraElements.FirstOrDefault(e => e.Name == "cputune");

    /// <summary>The pinning of vCPU <paramref name="vcpu"/> as a host CPU map, or null when it is not pinned.</summary>
    public static bool[]? VcpuPin(DomainDefinition def, uint vcpu, int hostCpus) =>
        Element(def)?.Elements("vcpupin").FirstOrDefault(e => (string?)e.Attribute("vcpu") == vcpu.ToString(CultureInfo.InvariantCulture)) is { } pin
            ? ParseCpuset((string?)pin.Attribute("cpuset") ?? "", hostCpus) : null;

    /// <summary>The emulator threads' pinning, or null.</summary>
    public static bool[]? EmulatorPin(DomainDefinition def, int hostCpus) =>
        Element(def)?.Element("emulatorpin") is { } pin ? ParseCpuset((string?)pin.Attribute("cpuset") ?? "", hostCpus) : null;

    /// <summary>Sets (or, with a full map, removes, as libvirt does) the pinning of one vCPU.</summary>
    public static void SetVcpuPin(DomainDefinition def, uint vcpu, bool[] map)
    {
        var tune = GetOrAdd(def);
        var n = vcpu.ToString(CultureInfo.InvariantCulture);
        tune.Elements("vcpupin").Where(e => (string?)e.Attribute("vcpu") == n).Remove();
        if (!map.All(b => b))
        {
            var pin = new XElement("vcpupin", new XAttribute("vcpu", n), new XAttribute("cpuset", FormatCpuset(map)));
            var after = tune.Elements("vcpupin").LastOrDefault(e => int.Parse((string?)e.Attribute("vcpu") ?? "0", CultureInfo.InvariantCulture) < vcpu);
            if (after is not null)
                after.AddAfterSelf(pin);
            else
                tune.AddFirst(pin);
        }
        RemoveIfEmpty(def, tune);
    }

    /// <summary>Sets or removes (full map) the emulator pinning.</summary>
    public static void SetEmulatorPin(DomainDefinition def, bool[] map)
    {
        var tune = GetOrAdd(def);
        tune.Elements("emulatorpin").Remove();
        if (!map.All(b => b))
        {
            var pin = new XElement("emulatorpin", new XAttribute("cpuset", FormatCpuset(map)));
            if (tune.Elements("vcpupin").LastOrDefault() is { } last)
                last.AddAfterSelf(pin);
            else
                tune.AddFirst(pin);
        }
        RemoveIfEmpty(def, tune);
    }

    /// <summary>Drops pins of vCPUs at or above <paramref name="max"/> (setvcpus --maximum lowered the count).</summary>
    public static void TrimVcpuPins(DomainDefinition def, uint max)
    {
        if (Element(def) is not { } tune)
            return;
        tune.Elements("vcpupin").Where(e => uint.TryParse((string?)e.Attribute("vcpu"), CultureInfo.InvariantCulture, out var v) && v >= max).Remove();
        RemoveIfEmpty(def, tune);
    }

    /// <summary>"0-2,5" → map; "^N" excludes. Throws libvirt's error for bad syntax or CPUs the host lacks.</summary>
    public static bool[] ParseCpuset(string text, int hostCpus)
    {
        var map = new bool[hostCpus];
        foreach (var raw in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            bool neg = raw.StartsWith('^');
            var part = neg ? raw[1..] : raw;
            var range = part.Split('-');
            if (range.Length is < 1 or > 2 || !int.TryParse(range[0], CultureInfo.InvariantCulture, out int lo) || lo < 0)
                throw QemuErrors.InvalidArg($"Failed to parse bitmap '{text}'");
            int hi = lo;
            if (range.Length == 2 && (!int.TryParse(range[1], CultureInfo.InvariantCulture, out hi) || hi < lo))
                throw QemuErrors.InvalidArg($"Failed to parse bitmap '{text}'");
            for (int i = lo; i <= hi; i++)
                if (i < hostCpus)
                    map[i] = !neg;
        }
        return map;
    }

    /// <summary>Map → "0-2,5", libvirt's compact form.</summary>
    public static string FormatCpuset(bool[] map)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < map.Length; i++)
        {
            if (!map[i])
                continue;
            int j = i;
            while (j + 1 < map.Length && map[j + 1])
                j++;
            if (sb.Length > 0)
                sb.Append(',');
            sb.Append(i.ToString(CultureInfo.InvariantCulture));
            if (j > i)
                sb.Append('-').Append(j.ToString(CultureInfo.InvariantCulture));
            i = j;
        }
        return sb.ToString();
    }

    private static XElement GetOrAdd(DomainDefinition def)
    {
        if (Element(def) is { } e)
            return e;
        var tune = new XElement("cputune");
        def.ExtraElements.Add(tune);
        return tune;
    }

    private static void RemoveIfEmpty(DomainDefinition def, XElement tune)
    {
        if (!tune.HasElements && !tune.HasAttributes)
            def.ExtraElements.Remove(tune);
    }
}
