using System.Globalization;
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
            var pin = new XElement("vcpupin", new XAttribute("vcpu", n), new XAttribute("cpuset", CpuBitmap.Format(map)));
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
            var pin = new XElement("emulatorpin", new XAttribute("cpuset", CpuBitmap.Format(map)));
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

    /// <summary>"0-2,5" → map; "^N" excludes. Throws libvirt's error for bad syntax.</summary>
    public static bool[] ParseCpuset(string text, int hostCpus) =>
        CpuBitmap.TryParse(text, hostCpus) ?? throw QemuErrors.InvalidArg($"Failed to parse bitmap '{text}'");

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
