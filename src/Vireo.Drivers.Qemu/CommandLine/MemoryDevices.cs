using System.Globalization;
using System.Xml.Linq;
using Vireo.Model.Domain;
using Vireo.Model.Domain.Devices;

namespace Vireo.Drivers.Qemu.CommandLine;

/// <summary>
/// &lt;memory model='dimm'&gt; devices (kept as their XML) and the guest NUMA cells of &lt;cpu&gt;&lt;numa&gt;: sizes in KiB,
/// target nodes, and the memory totals libvirt keeps (&lt;memory&gt; counts the DIMMs, -m size does not).
/// </summary>
public static class MemoryDevices
{
    public static bool IsDimm(DomainDevice d) => d is OtherDevice o && o.Element.Name.LocalName == "memory" && (string?)o.Element.Attribute("model") == "dimm";

    public static IEnumerable<OtherDevice> Dimms(DomainDefinition def) => def.Devices.Others.Where(IsDimm).Cast<OtherDevice>();

    /// <summary>target/size in KiB (libvirt's units: b, k/KiB, KB, M/MiB, MB, G/GiB, GB ...).</summary>
    public static ulong SizeKiB(OtherDevice dimm)
    {
        var size = dimm.Element.Element("target")?.Element("size")
            ?? throw QemuErrors.Unsupported("memory device must have a target size");
        if (!ulong.TryParse(size.Value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            throw QemuErrors.Unsupported($"invalid memory device size '{size.Value}'");
        return ToKiB(n, (string?)size.Attribute("unit") ?? "KiB");
    }

    public static uint Node(OtherDevice dimm) =>
        uint.TryParse(dimm.Element.Element("target")?.Element("node")?.Value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;

    /// <summary>The guest NUMA cells: id, cpus and memory in KiB.</summary>
    public static IReadOnlyList<(uint Id, string Cpus, ulong MemoryKiB)> Cells(DomainDefinition def)
    {
        var cells = new List<(uint, string, ulong)>();
        var numa = def.Cpu?.ExtraElements.FirstOrDefault(e => e.Name.LocalName == "numa");
        foreach (var c in numa?.Elements("cell") ?? [])
        {
            uint id = uint.TryParse((string?)c.Attribute("id"), CultureInfo.InvariantCulture, out var i) ? i : (uint)cells.Count;
            ulong mem = ulong.TryParse((string?)c.Attribute("memory"), CultureInfo.InvariantCulture, out var m) ? m : 0;
            cells.Add((id, (string?)c.Attribute("cpus") ?? "", ToKiB(mem, (string?)c.Attribute("unit") ?? "KiB")));
        }
        return cells;
    }

    /// <summary>Memory the guest boots with: &lt;memory&gt; minus the DIMMs (libvirt's initial memory).</summary>
    public static ulong InitialKiB(DomainDefinition def) => def.MemoryKiB - Dimms(def).Aggregate(0UL, (s, d) => s + SizeKiB(d));

    /// <summary>Normalises a DIMM as libvirt prints it (size in KiB) and gives it its alias and slot address.</summary>
    public static void Complete(OtherDevice dimm, int slot, ulong? baseAddress)
    {
        var target = dimm.Element.Element("target")!;
        var size = target.Element("size")!;
        size.ReplaceWith(new XElement("size", new XAttribute("unit", "KiB"), SizeKiB(dimm).ToString(CultureInfo.InvariantCulture)));
        if (target.Element("node") is null)
            target.Add(new XElement("node", "0"));
        // An OtherDevice prints its element as it is: alias and address go into it.
        dimm.Element.Elements().Where(e => e.Name.LocalName is "alias" or "address").Remove();
        dimm.Element.Add(new XElement("alias", new XAttribute("name", "dimm" + slot.ToString(CultureInfo.InvariantCulture))));
        var addr = new XElement("address", new XAttribute("type", "dimm"), new XAttribute("slot", slot.ToString(CultureInfo.InvariantCulture)));
        if (baseAddress is { } b)
            addr.Add(new XAttribute("base", "0x" + b.ToString("x", CultureInfo.InvariantCulture)));
        dimm.Element.Add(addr);
    }

    /// <summary>The DIMM slot from its address, if it has one.</summary>
    public static int? Slot(OtherDevice dimm) =>
        int.TryParse((string?)dimm.Element.Element("address")?.Attribute("slot"), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : null;

    /// <summary>The DIMM's alias (dimmN), if it has one.</summary>
    public static string? Alias(OtherDevice dimm) => (string?)dimm.Element.Element("alias")?.Attribute("name");

    /// <summary>libvirt's memory-hotplug checks for a new DIMM: maxMemory defined, a NUMA node to put it in, a free slot and room under maxMemory.</summary>
    public static void CheckAttach(DomainDefinition def, OtherDevice dimm)
    {
        if (def.MaxMemoryKiB is not > 0)
            throw QemuErrors.Invalid("cannot use/hotplug a memory device when domain 'maxMemory' is not defined");
        var cells = Cells(def);
        if (!cells.Any(c => c.Id == Node(dimm)))
            throw QemuErrors.Unsupported($"can't add memory backend for guest node '{Node(dimm)}' as the guest has only '{cells.Count}' NUMA nodes configured");
        if (Dimms(def).Count() >= (def.MaxMemorySlots ?? 0))
            throw QemuErrors.Unsupported("no free memory device slot available");
        ulong size = SizeKiB(dimm);
        if (def.MemoryKiB + size > def.MaxMemoryKiB)
            throw QemuErrors.Unsupported($"Attaching memory device with size '{size}' would exceed domain's maxMemory config size '{def.MaxMemoryKiB}'");
    }

    /// <summary>The lowest slot no DIMM uses.</summary>
    public static int FreeSlot(DomainDefinition def)
    {
        var used = Dimms(def).Select(Slot).OfType<int>().ToHashSet();
        int slot = 0;
        while (used.Contains(slot))
            slot++;
        return slot;
    }

    /// <summary>Counts new DIMMs into &lt;memory&gt; and &lt;currentMemory&gt;.</summary>
    public static void AddToTotals(DomainDefinition def, IEnumerable<DomainDevice> added)
    {
        foreach (var d in added.Where(IsDimm).Cast<OtherDevice>())
        {
            var kib = SizeKiB(d);
            def.MemoryKiB += kib;
            if (def.CurrentMemoryKiB is { } cur)
                def.CurrentMemoryKiB = cur + kib;
        }
    }

    private static ulong ToKiB(ulong n, string unit) => unit switch
    {
        "b" or "bytes" => n / 1024,
        "k" or "KiB" => n,
        "KB" => n * 1000 / 1024,
        "M" or "MiB" => n * 1024,
        "MB" => n * 1000 * 1000 / 1024,
        "G" or "GiB" => n * 1024 * 1024,
        "GB" => n * 1000 * 1000 * 1000 / 1024,
        "T" or "TiB" => n * 1024 * 1024 * 1024,
        _ => throw QemuErrors.Unsupported($"unknown memory unit '{unit}'"),
    };
}
