using Vireo.Network.Host;
using Vireo.Network.Tests.Support;

namespace Vireo.Network.Tests;

/// <summary>net-destroy/net-start and a daemon restart (state left as kill -9 leaves it) never duplicate bridges, rules or dnsmasq.</summary>
public class RestartTests
{
    [NetnsFact]
    public async Task RestartAdoptsTheRunningNetworkAndDestroyStartLeavesOneOfEach()
    {
        using var host = new NetworkHost();
        var first = await host.StartDriverAsync();
        Assert.Equal((1, 1, 1), host.Count("virbr0"));
        var pid = ProcessTools.ReadPidFile(Path.Combine(host.Paths.StateDir, "default.pid"));

        // A second driver over the same state is what vireod finds after kill -9 and a restart.
        var second = await host.StartDriverAsync();
        var net = await second.LookupByNameAsync("default");
        Assert.True(await second.IsActiveAsync(net), string.Join("\n", host.Log));
        Assert.Equal((1, 1, 1), host.Count("virbr0"));
        Assert.Equal(pid, ProcessTools.ReadPidFile(Path.Combine(host.Paths.StateDir, "default.pid")));

        // dnsmasq died while the daemon was down: the next start brings exactly one back.
        ProcessTools.Signal(pid!.Value, ProcessTools.SIGKILL);
        Assert.True(await PollDeadline.UntilAsync(() => Task.FromResult(host.Count("virbr0").Dnsmasqs == 0), TimeSpan.FromSeconds(5)));
        var third = await host.StartDriverAsync();
        Assert.Equal((1, 1, 1), host.Count("virbr0"));

        for (int i = 0; i < 2; i++)
        {
            await third.DestroyAsync(net);
            Assert.Equal((0, 0, 0), host.Count("virbr0"));
            await third.CreateAsync(net);
            Assert.Equal((1, 1, 1), host.Count("virbr0"));
        }

        // The bridge vanished while the daemon was down: the network comes back inactive and leftovers are gone.
        host.Ns.Run("ip", "link", "del", "virbr0");
        var fourth = await host.StartDriverAsync(autostart: false);
        Assert.False(await fourth.IsActiveAsync(net));
        Assert.Equal((0, 0, 0), host.Count("virbr0"));
    }
}
