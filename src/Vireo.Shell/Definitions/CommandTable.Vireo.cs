// Commands vsh has beyond virsh 9.0 (listed in virsh's "Host and Hypervisor" group).
namespace Vireo.Shell.Definitions;

internal static partial class CommandTable
{
    private static CommandDef[] VireoHost() =>
    [
        new("host-validate", "validate the host for running QEMU guests", "Checks the local host as virt-host-validate qemu does: hardware virtualization, /dev/kvm, whether KVM really boots a guest, constant_tsc, cgroup controllers, IOMMU.", [], CommandFlags.NoConnect | CommandFlags.VshOnly),
    ];

    private static CommandDef[] VireoNetworking() =>
    [
        new("net-doctor", "diagnose firewall rules that break a network", "Names the firewall rules outside Vireo's own (Docker, firewalld, ufw, any nftables or iptables-nft table) that would drop the network's forwarded traffic or its guests' DHCP and DNS, and says what to do.",
        [
            Data("network", Req, "network name or uuid"),
        ], CommandFlags.VshOnly),
    ];
}
