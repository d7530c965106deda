namespace Vireo.Network.Dnsmasq;

/// <summary>The files of one network's dnsmasq, all under RUN/network: NAME.conf, .pid, .hostsfile, .addnhosts, .leases.</summary>
public sealed record DnsmasqFiles(string Dir, string Name)
{
    public string Conf => Path.Combine(Dir, Name + ".conf");
    public string Pid => Path.Combine(Dir, Name + ".pid");
    public string HostsFile => Path.Combine(Dir, Name + ".hostsfile");
    public string AddnHosts => Path.Combine(Dir, Name + ".addnhosts");
    public string Leases => Path.Combine(Dir, Name + ".leases");
}
