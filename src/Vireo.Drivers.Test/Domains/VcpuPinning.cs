using System.Globalization;
using System.Xml.Linq;
using Vireo.Model.Domain;

namespace Vireo.Drivers.Test.Domains;

/// <summary>
/// Per-vCPU pinning kept where libvirt keeps it: &lt;cputune&gt;&lt;vcpupin vcpu='N' cpuset='...'/&gt; in the definition,
/// so it shows in dumpxml, survives Clone() and disappears with the live definition on shutdown.
/// </summary>
internal static class VcpuPinning
{
    // cputune children that libvirt formats before <vcpupin> (virDomainCputuneDefFormat order).
    private static readonly string[] BeforeVcpupin =
        ["shares", "period", "quota", "global_period", "global_quota", "emulator_period", "emulator_quota", "iothread_period", "iothread_quota"];

    /// <summary>vCPU number to cpuset text.</summary>
    public static SortedDictionary<uint, string> Read(DomainDefinition def)
    {
        var pins = new SortedDictionary<uint, string>();
        foreach (var pin in CputuneOf(def)?.Elements("vcpupin") ?? [])
        {
            if (uint.TryParse(pin.Attribute("vcpu")?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var v)
                && pin.Attribute("cpuset")?.Value is { } set)
                pins[v] = set;
        }
        return pins;
    }

    /// <summary>Replaces every &lt;vcpupin&gt; with <paramref name="pins"/>; drops an empty &lt;cputune&gt;.</summary>
    public static void Write(DomainDefinition def, SortedDictionary<uint, string> pins)
    {
        var cputune = CputuneOf(def);
        if (cputune is null)
        {
            if (pins.Count == 0)
                return;
            cputune = new XElement("cputune");
            def.ExtraElements.Add(cputune);
        }
        cputune.Elements("vcpupin").Remove();
        var anchor = cputune.Elements().LastOrDefault(e => BeforeVcpupin.Contains(e.Name.LocalName));
        var elements = pins.Select(p => new XElement("vcpupin",
            new XAttribute("vcpu", p.Key.ToString(CultureInfo.InvariantCulture)), new XAttribute("cpuset", p.Value))).ToList();
        if (anchor is not null)
            anchor.AddAfterSelf(elements);
        else
            cputune.AddFirst(elements);
        if (!cputune.HasElements && !cputune.HasAttributes)
            def.ExtraElements.Remove(cputune);
    }

    /// <summary>The CPUs vCPU <paramref name="vcpu"/> may run on: its pin, else &lt;vcpu cpuset&gt;, else every host CPU.</summary>
    public static bool[] Affinity(DomainDefinition def, uint vcpu, int hostCpus)
    {
        if (Read(def).TryGetValue(vcpu, out var set) && CpuBitmap.TryParse(set, hostCpus) is { } pinned)
            return pinned;
        if (def.VcpuCpuset is { } cpuset && CpuBitmap.TryParse(cpuset, hostCpus) is { } mask)
            return mask;
        return CpuBitmap.All(hostCpus);
    }

    private static XElement? CputuneOf(DomainDefinition def) => def.ExtraElements.FirstOrDefault(e => e.Name.LocalName == "cputune");
}
