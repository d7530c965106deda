namespace Vireo.Network.Driver;

/// <summary>
/// Where the network driver keeps its state: persistent configs in ETC/qemu/networks/NAME.xml (autostart links in
/// ETC/qemu/networks/autostart), the live definition of each running network in RUN/network/NAME.xml beside its
/// dnsmasq files (NAME.conf, .pid, .hostsfile, .addnhosts, .leases).
/// </summary>
public sealed record NetworkDriverPaths(string Etc, string Run)
{
    public string ConfigDir => Path.Combine(Etc, "qemu", "networks");
    public string AutostartDir => Path.Combine(ConfigDir, "autostart");
    public string StateDir => Path.Combine(Run, "network");

    public string ConfigFile(string name) => Path.Combine(ConfigDir, name + ".xml");
    public string AutostartLink(string name) => Path.Combine(AutostartDir, name + ".xml");
    public string StatusFile(string name) => Path.Combine(StateDir, name + ".xml");
    public Dnsmasq.DnsmasqFiles Dnsmasq(string name) => new(StateDir, name);
}
