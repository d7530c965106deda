using System.Globalization;

namespace Vireo.Drivers.Qemu.CommandLine;

/// <summary>
/// Guest NUMA cells and DIMMs as libvirt 9.0 writes them: per cell a memory-backend-ram object (JSON) and -numa node
/// with its cpus and memdev (after -smp); per DIMM present at start a memory-backend-ram (memdimmN) and -device pc-dimm. Memory
/// hotplug (&lt;maxMemory&gt;) needs at least one cell.
/// </summary>
public static class NumaArgs
{
    public static IEnumerable<QemuArg> Build(BuildContext ctx)
    {
        var def = ctx.Def;
        var cells = MemoryDevices.Cells(def);
        if (def.MaxMemoryKiB is > 0 && cells.Count == 0)
            throw QemuErrors.Unsupported("At least one numa node has to be configured when enabling memory hotplug");
        foreach (var (id, cpus, kib) in cells)
        {
            var alias = "ram-node" + id.ToString(CultureInfo.InvariantCulture);
            yield return new("-object", Backend(alias, kib));
            var node = new QemuOptionValue("node").Add("nodeid", id);
            foreach (var range in cpus.Split(',', StringSplitOptions.RemoveEmptyEntries))
                node.Add("cpus", range);
            yield return new("-numa", node.Add("memdev", alias).ToString());
        }
    }

    /// <summary>The DIMMs present at start (placed after the controllers, as libvirt does).</summary>
    public static IEnumerable<QemuArg> Dimms(BuildContext ctx)
    {
        var def = ctx.Def;
        int next = 0;
        foreach (var dimm in MemoryDevices.Dimms(def))
        {
            int slot = MemoryDevices.Slot(dimm) ?? next;
            next = slot + 1;
            var alias = MemoryDevices.Alias(dimm) ?? "dimm" + slot.ToString(CultureInfo.InvariantCulture);
            yield return new("-object", Backend("mem" + alias, MemoryDevices.SizeKiB(dimm)));
            yield return new("-device", new QemuOptionValue("pc-dimm").Add("node", MemoryDevices.Node(dimm)).Add("memdev", "mem" + alias)
                .Add("id", alias).Add("slot", slot).ToString());
        }
    }

    private static string Backend(string id, ulong kib) =>
        $"{{\"qom-type\":\"memory-backend-ram\",\"id\":\"{id}\",\"size\":{(kib * 1024).ToString(CultureInfo.InvariantCulture)}}}";
}
