namespace Vireo.Drivers.Qemu.Host;

/// <summary>virConnectGetDomainCapabilities: what a domain of this emulator, machine and virt type may use.</summary>
public sealed partial class QemuHost
{
    public async Task<string> GetDomainCapabilitiesAsync(string? emulatorBin, string? arch, string? machine, string? virttype, uint flags)
    {
        QemuErrors.CheckFlags(flags, 0, "qemuConnectGetDomainCapabilities");
        string type = virttype ?? (KvmUsable() ? "kvm" : "qemu");
        if (type is not ("qemu" or "kvm" or "kqemu" or "xen" or "lxc" or "uml" or "openvz" or "test" or "vmware" or "hyperv" or "vbox" or "phyp" or "parallels" or "bhyve" or "vz" or "none"))
            throw QemuErrors.InvalidArg($"unknown virttype: {type}");
        if (arch is not null && arch != "x86_64")
            throw arch is "i686" or "aarch64" or "armv7l" or "ppc64" or "ppc64le" or "s390x" or "riscv64" or "mips" or "mipsel" or "sparc" or "sparc64"
                ? QemuErrors.Unsupported($"unable to find any emulator to serve '{arch}' architecture")
                : QemuErrors.InvalidArg($"unknown architecture: {arch}");
        string path = emulatorBin ?? emulator.Path;
        if (!File.Exists(path))
            throw QemuErrors.System($"Cannot check QEMU binary {path}", "No such file or directory");
        var caps = await DomainCapabilitiesProbe.GetAsync(path).ConfigureAwait(false);
        // libvirt names the accelerator: kvm for kvm, tcg for every other virt type (which only qemu serves).
        if (type == "kvm" ? !(caps.KvmPresent && KvmUsable()) : type != "qemu")
            throw QemuErrors.InvalidArg($"the accel '{(type == "kvm" ? "kvm" : "tcg")}' is not supported by '{path}' on this host");
        var m = caps.Resolve(machine) ?? throw QemuErrors.InvalidArg($"the machine '{machine}' is not supported by emulator '{path}'");
        var cpuMap = DomainCapabilitiesCpuMap.Load();
        var models = caps.CpuModels
            .Where(c => cpuMap is null || cpuMap.ContainsKey(c.Name))
            .Select(c => (c.Name, c.Usable, cpuMap is not null ? cpuMap[c.Name] : "unknown"))
            .ToList();
        return DomainCapabilitiesXml.Format(new DomainCapabilitiesFacts(path, type, m.Name, "x86_64", m.CpuMax,
            DomainCapabilitiesFirmware.Find("x86_64", m.Name), models, ReadHostCpu()));
    }

    /// <summary>KVM counts only when /dev/kvm opens: this driver starts guests with TCG otherwise.</summary>
    private static bool KvmUsable()
    {
        try
        {
            using var kvm = File.Open("/dev/kvm", FileMode.Open, FileAccess.ReadWrite);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
