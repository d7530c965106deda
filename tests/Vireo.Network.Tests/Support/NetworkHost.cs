using System.Diagnostics;
using Vireo.Drivers.Events;
using Vireo.Network.Driver;

namespace Vireo.Network.Tests.Support;

/// <summary>
/// A "host" for the network driver: a namespace of its own (where bridges, nft tables and dnsmasq live), a private
/// state root, and an "outside" namespace reached through a veth (10.99.0.1 here, 10.99.0.2 outside) standing
/// for the upstream network. Everything is removed on dispose.
/// </summary>
public sealed class NetworkHost : IDisposable
{
    public NetNamespace Ns { get; } = new("h");
    public NetNamespace Outside { get; } = new("o");
    public string Root { get; } = Directory.CreateTempSubdirectory("vireo-net-").FullName;
    public NetworkDriverPaths Paths => new(Path.Combine(Root, "etc"), Path.Combine(Root, "run"));
    private readonly List<IDisposable> _owned = [];

    /// <summary>What the driver logged (autostart failures and the like), for assertion messages.</summary>
    public List<string> Log { get; } = [];

    public NetworkHost()
    {
        // dnsmasq drops to user nobody and re-reads its hosts files on SIGHUP: the state path must be traversable.
        File.SetUnixFileMode(Root, (UnixFileMode)0b111_101_101);
        var up = "up" + Ns.Name[^8..];
        Ns.Run("ip", "link", "add", up, "type", "veth", "peer", "name", "eth0", "netns", Outside.Name);
        Ns.Run("ip", "addr", "add", "10.99.0.1/24", "dev", up);
        Ns.Run("ip", "link", "set", up, "up");
        Outside.Run("ip", "addr", "add", "10.99.0.2/24", "dev", "eth0");
        Outside.Run("ip", "link", "set", "eth0", "up");
    }

    /// <summary>A driver as a (re)started vireod would have it: loads configs and status, adopts running networks.</summary>
    public async Task<BridgeNetworkDriver> StartDriverAsync(bool autostart = true)
    {
        var d = new BridgeNetworkDriver(new EventBus(), Paths, Ns.Commands, m => { lock (Log) Log.Add(m); });
        await d.LoadAsync(autostart);
        return d;
    }

    public FakeGuest Guest(string bridge, string mac)
    {
        var g = new FakeGuest(Ns, bridge, mac);
        _owned.Add(g);
        return g;
    }

    /// <summary>
    /// Connects from <paramref name="from"/> to a one-shot TCP listener in the outside namespace and returns the
    /// source address the listener saw, or null when the connection failed.
    /// </summary>
    public async Task<string?> SourceSeenOutsideAsync(NetNamespace from)
    {
        var psi = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "netns", "exec", Outside.Name, "python3", "-c",
            "import socket\ns=socket.socket()\ns.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1)\ns.bind(('10.99.0.2',5555))\ns.listen(1)\n" +
            "s.settimeout(8)\nprint('ready',flush=True)\nc,a=s.accept()\nprint(a[0],flush=True)" })
            psi.ArgumentList.Add(a);
        using var listener = Process.Start(psi)!;
        try
        {
            Assert.Equal("ready", await listener.StandardOutput.ReadLineAsync());
            from.TryRun("busybox", "nc", "-w", "3", "10.99.0.2", "5555");
            var seen = await listener.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10));
            return string.IsNullOrEmpty(seen) ? null : seen;
        }
        catch (TimeoutException)
        {
            return null;
        }
        finally
        {
            if (!listener.HasExited)
                listener.Kill();
        }
    }

    /// <summary>How many nftables tables of ours, bridges named <paramref name="bridge"/> and dnsmasq processes the namespace holds.</summary>
    public (int Tables, int Bridges, int Dnsmasqs) Count(string bridge)
    {
        int tables = Ns.Run("nft", "list", "tables").Split('\n').Count(l => l.Contains(" vireo_", StringComparison.Ordinal));
        int bridges = Ns.Run("ip", "-o", "link", "show", "type", "bridge").Split('\n').Count(l => l.Contains(": " + bridge + ":", StringComparison.Ordinal));
        int dnsmasqs = Ns.Pids().Count(p => File.Exists($"/proc/{p}/comm") && File.ReadAllText($"/proc/{p}/comm").Trim() == "dnsmasq");
        return (tables, bridges, dnsmasqs);
    }

    public void Dispose()
    {
        foreach (var o in _owned)
            o.Dispose();
        Ns.Dispose();
        Outside.Dispose();
        Directory.Delete(Root, recursive: true);
    }
}
