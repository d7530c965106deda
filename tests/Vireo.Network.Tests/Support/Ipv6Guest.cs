namespace Vireo.Network.Tests.Support;

/// <summary>
/// IPv6 inside a <see cref="FakeGuest"/>'s namespace: SLAAC from the network's router advertisements (the kernel's
/// own autoconfiguration) and DHCPv6 from ISC dhclient -6 (a real client; its files and script stay in a temp dir).
/// </summary>
public static class Ipv6Guest
{
    /// <summary>The global IPv6 addresses on the guest's eth0 that are not tentative.</summary>
    public static IReadOnlyList<string> Addresses(FakeGuest g) =>
        g.Ns.Run("ip", "-6", "-o", "addr", "show", "dev", "eth0", "scope", "global", "-tentative").Split('\n')
            .Select(l => l.IndexOf("inet6 ", StringComparison.Ordinal) is var i and >= 0 ? l[(i + 6)..].Split('/')[0] : null)
            .OfType<string>().ToList();

    /// <summary>Polls until the guest's link-local address has finished duplicate address detection.</summary>
    public static Task<bool> LinkLocalReadyAsync(FakeGuest g) => PollDeadline.UntilAsync(() => Task.FromResult(
        g.Ns.Run("ip", "-6", "-o", "addr", "show", "dev", "eth0", "scope", "link", "-tentative").Contains("inet6", StringComparison.Ordinal)),
        TimeSpan.FromSeconds(10));

    /// <summary>
    /// Runs dhclient -6 once (-1: give up when no server answers) with a DUID made from the MAC (-D LL); the script
    /// puts the leased address on eth0. Returns dhclient's exit code and output.
    /// </summary>
    public static (int Code, string Out, string Err) Dhcp6(FakeGuest g, string dir)
    {
        var script = Path.Combine(dir, "dhclient6.sh");
        File.WriteAllText(script, """
            #!/bin/sh
            case "$reason" in
              BOUND6|RENEW6|REBIND6|REBOOT6)
                [ -n "$new_ip6_address" ] && ip -6 addr replace "$new_ip6_address/${new_ip6_prefixlen:-128}" dev "$interface" nodad
                ;;
            esac
            exit 0
            """.Replace("\r", ""));
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.WriteAllText(Path.Combine(dir, "dhclient6.conf"), "");
        return g.Ns.TryRun("timeout", "30", "dhclient", "-6", "-1", "-D", "LL", "-cf", Path.Combine(dir, "dhclient6.conf"),
            "-lf", Path.Combine(dir, "dhclient6.leases"), "-pf", Path.Combine(dir, "dhclient6.pid"), "-sf", script, "eth0");
    }
}
