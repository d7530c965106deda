// Commands vsh has beyond virsh 9.0 (listed in virsh's "Host and Hypervisor" group).
namespace Vireo.Shell.Definitions;

internal static partial class CommandTable
{
    private static CommandDef[] VireoHost() =>
    [
        new("host-validate", "validate the host for running QEMU guests", "Checks the local host as virt-host-validate qemu does: hardware virtualization, /dev/kvm, whether KVM really boots a guest, constant_tsc, cgroup controllers, IOMMU.", [], CommandFlags.NoConnect | CommandFlags.VshOnly),
    ];
}
