using System.Globalization;
using System.Text.RegularExpressions;

namespace Vireo.Drivers.Qemu.Host;

/// <summary>
/// The host CPU as capabilities' &lt;host&gt;&lt;cpu&gt; describes it: vendor, signature and microcode from
/// /proc/cpuinfo, topology from /sys, features as libvirt names them. The model is the largest CPU model of
/// libvirt's cpu_map whose features the host has all of (same vendor or none), and the feature list is what
/// the host has beyond it — the shape libvirt's CPUID decoding gives.
/// </summary>
public sealed record HostCpu(
    string Arch, string Model, string Vendor, ulong? Microcode, int Family, int ModelNumber, int Stepping,
    int Sockets, int Dies, int Cores, int Threads, int? PhysAddrBits, IReadOnlyList<string> Features, IReadOnlyList<ulong> PageSizesKiB)
{
    /// <summary>Builds the description from cpuinfo text, the CPU topology and the cpu_map models (pure, for tests).</summary>
    public static HostCpu Parse(string cpuinfo, HostTopology topology, IReadOnlyList<ulong> hugePagesKiB, IReadOnlyList<CpuMapModel> models)
    {
        var first = cpuinfo.Split("\n\n", 2)[0];
        string Field(string name) => Regex.Match(first, $@"^{Regex.Escape(name)}\s*:\s*(.*)$", RegexOptions.Multiline) is { Success: true } m ? m.Groups[1].Value.Trim() : "";
        int Int(string name) => int.TryParse(Field(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : 0;

        string vendor = Field("vendor_id") switch { "GenuineIntel" => "Intel", "AuthenticAMD" => "AMD", "HygonGenuine" => "Hygon", var v => v };
        ulong? microcode = Field("microcode") is { Length: > 2 } mc && mc.StartsWith("0x", StringComparison.Ordinal)
            && ulong.TryParse(mc[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code) ? code : null;
        int? bits = Regex.Match(Field("address sizes"), @"(\d+) bits physical") is { Success: true } b ? int.Parse(b.Groups[1].Value, CultureInfo.InvariantCulture) : null;
        var features = LibvirtFeatures(Field("flags").Split(' ', StringSplitOptions.RemoveEmptyEntries));

        var model = models.Where(m => m.DecodeHost && (m.Vendor is null || m.Vendor == vendor) && m.Features.All(features.Contains))
            .OrderByDescending(m => m.Features.Count).FirstOrDefault();
        var extra = model is null ? features : features.Where(f => !model.Features.Contains(f)).ToList();
        var pages = new List<ulong> { (ulong)Environment.SystemPageSize / 1024 };
        pages.AddRange(hugePagesKiB.Order());
        return new HostCpu("x86_64", model?.Name ?? "qemu64", vendor, microcode, Int("cpu family"), Int("model"), Int("stepping"),
            topology.Sockets, topology.DiesPerSocket, topology.CoresPerDie, topology.ThreadsPerCore, bits, extra, pages);
    }

    /// <summary>Linux's cpuinfo flag names as libvirt's feature names; flags Linux makes up itself are left out.</summary>
    internal static List<string> LibvirtFeatures(IEnumerable<string> flags)
    {
        var set = flags.ToHashSet(StringComparer.Ordinal);
        var result = new List<string>();
        foreach (var f in set)
        {
            if (LinuxOnly.Contains(f))
                continue;
            var name = Renamed.TryGetValue(f, out var r) ? r : KeepsUnderscore.Contains(f) ? f : f.Replace('_', '-');
            if (!result.Contains(name))
                result.Add(name);
        }
        // Linux splits the invariant TSC bit into two synthetic flags.
        if (set.Contains("constant_tsc") && set.Contains("nonstop_tsc"))
            result.Add("invtsc");
        return result;
    }

    private static readonly Dictionary<string, string> Renamed = new(StringComparer.Ordinal)
    {
        ["pclmulqdq"] = "pclmuldq", ["sse4_1"] = "sse4.1", ["sse4_2"] = "sse4.2", ["tsc_deadline_timer"] = "tsc-deadline",
        ["cr8_legacy"] = "cr8legacy", ["avx512vbmi"] = "avx512vbmi", ["avx512_vbmi2"] = "avx512vbmi2", ["avx512_bitalg"] = "avx512bitalg",
        ["pni"] = "pni", ["dca"] = "dca", ["ds_cpl"] = "ds_cpl", ["intel_stibp"] = "stibp", ["virt_ssbd"] = "virt-ssbd",
        ["nrip_save"] = "nrip-save", ["pausefilter"] = "pause-filter", ["tsc_scale"] = "tsc-scale", ["vmcb_clean"] = "vmcb-clean",
    };

    private static readonly HashSet<string> KeepsUnderscore = new(StringComparer.Ordinal)
    {
        "lahf_lm", "fxsr_opt", "cmp_legacy", "tsc_adjust", "nodeid_msr", "perfctr_core", "perfctr_nb",
    };

    /// <summary>Flags the kernel synthesises (no CPUID bit of their own) or that describe VMX internals.</summary>
    private static readonly HashSet<string> LinuxOnly = new(StringComparer.Ordinal)
    {
        "constant_tsc", "nonstop_tsc", "rep_good", "nopl", "xtopology", "cpuid", "extd_apicid", "tsc_known_freq", "vmmcall",
        "arch_perfmon", "bts", "pebs", "tsc_reliable", "aperfmperf", "eagerfpu", "cpuid_fault", "pti", "ibrs_enhanced",
        "tpr_shadow", "vnmi", "flexpriority", "ept", "vpid", "ept_ad", "user_shstk", "amd_dcm", "art", "nonstop_tsc_s3",
        "cat_l3", "cdp_l3", "mba", "cqm", "cqm_llc", "cqm_occup_llc", "cqm_mbm_total", "cqm_mbm_local", "epb", "hw_pstate",
        "proc_feedback", "sme", "sev", "sev_es", "split_lock_detect", "dtherm", "ida", "pln", "pts", "hwp", "hwp_notify",
        "hwp_act_window", "hwp_epp", "hwp_pkg_req", "rsb_ctxsw", "retpoline", "retpoline_amd", "use_ibpb", "use_ibrs_fw",
        "sme_coherent", "overflow_recov", "succor", "smca", "cpb", "irperf", "perfctr_llc", "perfmon_v2", "ibs", "brs", "rapl",
        "zero_fcs_fds",
    };
}
