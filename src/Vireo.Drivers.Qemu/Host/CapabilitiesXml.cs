using System.Globalization;
using System.Security;
using System.Text;

namespace Vireo.Drivers.Qemu.Host;

/// <summary>What running guests have committed of the host (the guide's chapter 17.4), against what it has.</summary>
public sealed record CommittedResources(int Domains, ulong MemoryKiB, uint Vcpus, ulong HostRamKiB, ulong HostSwapKiB, int HostCpus);

/// <summary>
/// Formats virConnectGetCapabilities for the qemu driver in libvirt 9.0's element order: &lt;host&gt; (uuid, cpu,
/// power_management, iommu, topology, secmodel) and one &lt;guest&gt; per emulator. Vireo adds &lt;committed&gt;
/// to &lt;host&gt; (after &lt;topology&gt;): what running guests have committed; clients skip elements they do not know.
/// </summary>
public static class CapabilitiesXml
{
    public static string Format(string? hostUuid, HostCpu cpu, HostTopology topology, bool iommu, CommittedResources? committed, QemuEmulatorInfo emulator)
    {
        var x = new StringBuilder();
        x.Append("<capabilities>\n\n  <host>\n");
        if (hostUuid is not null)
            x.Append($"    <uuid>{hostUuid}</uuid>\n");
        Cpu(x, cpu);
        x.Append("    <power_management/>\n");
        x.Append($"    <iommu support='{(iommu ? "yes" : "no")}'/>\n");
        Topology(x, topology);
        if (committed is { } c)
        {
            x.Append("    <committed>\n");
            x.Append(I($"      <domains>{c.Domains}</domains>\n"));
            x.Append(I($"      <memory unit='KiB' ram='{c.HostRamKiB}' swap='{c.HostSwapKiB}'>{c.MemoryKiB}</memory>\n"));
            x.Append(I($"      <vcpus cpus='{c.HostCpus}'>{c.Vcpus}</vcpus>\n"));
            x.Append("    </committed>\n");
        }
        x.Append("    <secmodel>\n      <model>none</model>\n      <doi>0</doi>\n    </secmodel>\n");
        x.Append("  </host>\n\n");
        x.Append($"""
              <guest>
                <os_type>hvm</os_type>
                <arch name='x86_64'>
                  <wordsize>64</wordsize>
                  <emulator>{E(emulator.Path)}</emulator>
                  <machine canonical='{E(emulator.DefaultMachine)}' maxCpus='255'>pc</machine>
                  <machine maxCpus='255'>{E(emulator.DefaultMachine)}</machine>
                  <domain type='qemu'/>
                  <domain type='kvm'/>
                </arch>
              </guest>

            </capabilities>

            """);
        return x.ToString();
    }

    private static void Cpu(StringBuilder x, HostCpu cpu)
    {
        x.Append("    <cpu>\n");
        x.Append($"      <arch>{cpu.Arch}</arch>\n");
        x.Append($"      <model>{E(cpu.Model)}</model>\n");
        x.Append($"      <vendor>{E(cpu.Vendor)}</vendor>\n");
        if (cpu.Microcode is { } mc)
            x.Append(I($"      <microcode version='{mc}'/>\n"));
        x.Append(I($"      <signature family='{cpu.Family}' model='{cpu.ModelNumber}' stepping='{cpu.Stepping}'/>\n"));
        x.Append(I($"      <topology sockets='{cpu.Sockets}' dies='{cpu.Dies}' cores='{cpu.Cores}' threads='{cpu.Threads}'/>\n"));
        if (cpu.PhysAddrBits is { } bits)
            x.Append(I($"      <maxphysaddr mode='emulate' bits='{bits}'/>\n"));
        foreach (var f in cpu.Features)
            x.Append($"      <feature name='{E(f)}'/>\n");
        foreach (var size in cpu.PageSizesKiB)
            x.Append(I($"      <pages unit='KiB' size='{size}'/>\n"));
        x.Append("    </cpu>\n");
    }

    private static void Topology(StringBuilder x, HostTopology t)
    {
        x.Append("    <topology>\n");
        x.Append(I($"      <cells num='{t.Cells.Count}'>\n"));
        foreach (var cell in t.Cells)
        {
            x.Append(I($"        <cell id='{cell.Id}'>\n"));
            x.Append(I($"          <memory unit='KiB'>{cell.MemoryKiB}</memory>\n"));
            foreach (var (size, count) in cell.Pages)
                x.Append(I($"          <pages unit='KiB' size='{size}'>{count}</pages>\n"));
            x.Append("          <distances>\n");
            foreach (var (id, value) in cell.Distances)
                x.Append(I($"            <sibling id='{id}' value='{value}'/>\n"));
            x.Append("          </distances>\n");
            x.Append(I($"          <cpus num='{cell.Cpus.Count}'>\n"));
            foreach (var c in cell.Cpus)
                x.Append(I($"            <cpu id='{c.Id}' socket_id='{c.SocketId}' die_id='{c.DieId}' core_id='{c.CoreId}' siblings='{E(c.Siblings)}'/>\n"));
            x.Append("          </cpus>\n");
            x.Append("        </cell>\n");
        }
        x.Append("      </cells>\n");
        x.Append("    </topology>\n");
    }

    private static string I(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private static string E(string s) => SecurityElement.Escape(s);
}
