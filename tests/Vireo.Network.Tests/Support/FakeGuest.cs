namespace Vireo.Network.Tests.Support;

/// <summary>
/// A "guest" without QEMU: its own namespace with eth0, the peer of a veth whose other end is plugged into a bridge
/// in the host namespace; busybox udhcpc is its real DHCP client.
/// </summary>
public sealed class FakeGuest : IDisposable
{
    public NetNamespace Ns { get; } = new("g");
    public string Mac { get; }
    private string Script => Path.Combine(Path.GetTempPath(), Ns.Name + ".udhcpc");

    public FakeGuest(NetNamespace host, string bridge, string mac)
    {
        Mac = mac;
        var port = "vg" + Ns.Name[^8..];
        host.Run("ip", "link", "add", port, "type", "veth", "peer", "name", "eth0", "netns", Ns.Name);
        host.Run("ip", "link", "set", port, "master", bridge, "up");
        Ns.Run("ip", "link", "set", "eth0", "address", mac, "up");
    }

    /// <summary>
    /// Runs udhcpc once (-n: fail if no lease, -q: exit when bound; 12 tries because a port of an STP bridge only
    /// forwards after listening + learning, 2 s each); the script configures eth0 and the default route.
    /// </summary>
    public (int Code, string Out, string Err) Dhcp()
    {
        File.WriteAllText(Script, """
            #!/bin/sh
            case "$1" in
              bound|renew)
                ip addr flush dev "$interface"
                ip addr add "$ip/${mask:-24}" dev "$interface"
                [ -n "$router" ] && ip route replace default via "$router"
                ;;
            esac
            exit 0
            """.Replace("\r", ""));
        File.SetUnixFileMode(Script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return Ns.TryRun("busybox", "udhcpc", "-i", "eth0", "-n", "-q", "-t", "12", "-T", "1", "-s", Script);
    }

    /// <summary>The IPv4 address on eth0, or null.</summary>
    public string? Address()
    {
        var o = Ns.Run("ip", "-4", "-o", "addr", "show", "dev", "eth0");
        var i = o.IndexOf("inet ", StringComparison.Ordinal);
        return i < 0 ? null : o[(i + 5)..].Split('/')[0];
    }

    public void Dispose()
    {
        Ns.Dispose();
        File.Delete(Script);
    }
}
