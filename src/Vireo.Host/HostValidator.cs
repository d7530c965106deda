
namespace Vireo.Host;

/// <summary>One host check: what was checked, PASS/WARN/FAIL, and a hint when it did not pass.</summary>
public sealed record HostCheck(string Description, string Result, string? Hint = null);

/// <summary>
/// The checks of virt-host-validate's QEMU section that matter here, plus the guide's constant_tsc (chapter 11) and
/// whether KVM really boots a guest (a nested host can expose /dev/kvm and still hang every guest). Read-only.
/// </summary>
public static class HostValidator
{
    public static async Task<IReadOnlyList<HostCheck>> RunAsync(string emulator, (string Kernel, string Initrd)? probeGuest, string procRoot = "/")
    {
        string Read(string path)
        {
            try
            {
                return File.ReadAllText(Path.Combine(procRoot, path.TrimStart('/')));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return "";
            }
        }
        var cpu = ProcFiles.ParseCpuInfo(Read("/proc/cpuinfo"));
        var checks = new List<HostCheck>();
        bool hw = cpu.Flags.Contains("vmx") || cpu.Flags.Contains("svm");
        checks.Add(hw ? new("for hardware virtualization", "PASS")
            : new("for hardware virtualization", "FAIL", "Only emulated CPUs are available; performance will be significantly limited"));
        bool kvmExists = File.Exists("/dev/kvm");
        checks.Add(kvmExists ? new("if device /dev/kvm exists", "PASS")
            : new("if device /dev/kvm exists", "FAIL", "Check that the 'kvm-intel' or 'kvm-amd' modules are loaded & the BIOS has enabled virtualization"));
        if (kvmExists)
        {
            bool accessible = CanOpen("/dev/kvm");
            checks.Add(accessible ? new("if device /dev/kvm is accessible", "PASS")
                : new("if device /dev/kvm is accessible", "FAIL", "Check /dev/kvm is world writable or you are in a group that is allowed to access it"));
            if (accessible)
            {
                var probe = await KvmProbe.ProbeAsync(emulator, probeGuest?.Kernel, probeGuest?.Initrd, TimeSpan.FromSeconds(10)).ConfigureAwait(false);
                checks.Add(probe.Usable && probeGuest is not null ? new("if KVM really boots a guest", "PASS")
                    : probe.Usable ? new("if KVM really boots a guest", "WARN", probe.Reason)
                    : new("if KVM really boots a guest", "FAIL", probe.Reason + "; guests of type 'kvm' will run on TCG"));
            }
        }
        checks.Add(File.Exists("/dev/vhost-net") ? new("if device /dev/vhost-net exists", "PASS")
            : new("if device /dev/vhost-net exists", "WARN", "Load the 'vhost_net' module to improve performance of virtio networking"));
        checks.Add(File.Exists("/dev/net/tun") ? new("if device /dev/net/tun exists", "PASS")
            : new("if device /dev/net/tun exists", "FAIL", "Load the 'tun' module to enable networking for QEMU guests"));
        checks.Add(cpu.Flags.Contains("constant_tsc") ? new("for a constant-rate time stamp counter (constant_tsc)", "PASS")
            : new("for a constant-rate time stamp counter (constant_tsc)", "WARN", "The TSC rate varies: guests need a kvm-clock or another stable clock source (guide chapter 11)"));
        var controllers = CgroupControllers(Read);
        foreach (var c in new[] { "cpu", "cpuacct", "cpuset", "memory", "devices", "blkio" })
        {
            // cgroup v2 has no cpuacct/devices/blkio controllers: libvirt uses cpu, BPF device filters and io instead.
            bool present = controllers.Contains(c) || c == "cpuacct" && controllers.Contains("cpu") || c == "devices" && controllers.Contains("v2")
                || c == "blkio" && controllers.Contains("io");
            checks.Add(present ? new($"for cgroup '{c}' controller support", "PASS")
                : new($"for cgroup '{c}' controller support", "WARN", $"Enable '{c}' in kernel Kconfig file or mount/enable cgroup controller in your system"));
        }
        bool iommu = Directory.Exists("/sys/kernel/iommu_groups") && Directory.GetDirectories("/sys/kernel/iommu_groups").Length > 0;
        checks.Add(iommu ? new("for device assignment IOMMU support", "PASS")
            : new("for device assignment IOMMU support", "WARN", "No IOMMU groups in /sys/kernel/iommu_groups: PCI device assignment is not possible"));
        return checks;
    }

    /// <summary>The cached test guest the KVM probe boots (tests/guest/build.sh), if built on this machine.</summary>
    public static (string Kernel, string Initrd)? ProbeGuest() => Vireo.Host.ProbeGuest.Find();

    /// <summary>One line as virt-host-validate prints it: "  QEMU: Checking ...   : PASS (hint)".</summary>
    public static string Format(HostCheck c) =>
        ("  QEMU: Checking " + c.Description).PadRight(77) + ": " + c.Result + (c.Hint is null ? "" : $" ({c.Hint})");

    private static bool CanOpen(string path)
    {
        try
        {
            using var fs = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Controllers of cgroup v2 (cgroup.controllers, plus the marker "v2") or v1 (/proc/cgroups, enabled ones).</summary>
    private static HashSet<string> CgroupControllers(Func<string, string> read)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        var v2 = read("/sys/fs/cgroup/cgroup.controllers");
        if (v2.Length > 0)
        {
            set.Add("v2");
            set.UnionWith(v2.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            return set;
        }
        foreach (var line in read("/proc/cgroups").Split('\n'))
        {
            var f = line.Split('\t');
            if (f.Length >= 4 && !line.StartsWith('#') && f[3].Trim() == "1")
                set.Add(f[0]);
        }
        return set;
    }
}
