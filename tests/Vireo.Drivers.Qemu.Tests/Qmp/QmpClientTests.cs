using System.Diagnostics;
using Vireo.Drivers.Qemu.Qmp;
using Vireo.Drivers.Qemu.Tests.Support;
using Xunit.Abstractions;

namespace Vireo.Drivers.Qemu.Tests.Qmp;

/// <summary>The QMP client against a real QEMU (TCG) running the test guest, started paused by the test.</summary>
[Trait("Category", "Integration")]
[Collection(QemuCollection.Name)]
public class QmpClientTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(40);

    private sealed class RunningQemu : IAsyncDisposable
    {
        public required Process Process { get; init; }
        public required TempDir Dir { get; init; }
        public required QmpClient Qmp { get; init; }
        public string Serial => Dir.File("serial.log");

        public async ValueTask DisposeAsync()
        {
            await Qmp.DisposeAsync();
            if (!Process.HasExited)
                Process.Kill();
            await Process.WaitForExitAsync();
            Process.Dispose();
            Dir.Dispose();
        }
    }

    private static async Task<RunningQemu> StartAsync()
    {
        var dir = new TempDir();
        var sock = dir.File("qmp.sock");
        var disk = dir.File("disk.img");
        await File.WriteAllBytesAsync(disk, new byte[1024 * 1024]);
        var psi = new ProcessStartInfo(TestGuest.Emulator!) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[]
        {
            "-S", "-accel", "tcg", "-machine", "pc,acpi=on", "-m", "256", "-smp", "2", "-display", "none", "-nodefaults", "-no-user-config",
            "-chardev", $"socket,id=mon,path={sock},server=on,wait=off", "-mon", "chardev=mon,mode=control",
            "-serial", "file:" + dir.File("serial.log"),
            "-kernel", TestGuest.Kernel, "-initrd", TestGuest.Initrd, "-append", "console=ttyS0",
            "-drive", $"file={disk},format=raw,if=none,id=drive-virtio-disk0", "-device", "virtio-blk-pci,drive=drive-virtio-disk0,id=virtio-disk0",
            "-device", "virtio-balloon-pci,id=balloon0",
        })
            psi.ArgumentList.Add(a);
        var p = Process.Start(psi)!;
        var qmp = await QmpClient.ConnectWithRetryAsync(sock, TimeSpan.FromSeconds(10));
        return new RunningQemu { Process = p, Dir = dir, Qmp = qmp };
    }

    [QemuFact]
    public async Task NegotiatesAndControlsTheVcpus()
    {
        await using var q = await StartAsync();
        Assert.Equal(7, q.Qmp.Version!.Major);
        var status = await q.Qmp.QueryStatusAsync();
        Assert.False(status.Running);
        Assert.Equal("prelaunch", status.Status);

        await q.Qmp.ContAsync();
        Assert.Equal(QmpEvents.Resume, (await NextEventAsync(q.Qmp, QmpEvents.Resume)).Name);
        Assert.Equal("running", (await q.Qmp.QueryStatusAsync()).Status);
        await TestGuest.WaitForAsync(q.Serial, "VIREO-COUNTER 1", Deadline);

        await q.Qmp.StopAsync();
        await NextEventAsync(q.Qmp, QmpEvents.Stop);
        Assert.Equal("paused", (await q.Qmp.QueryStatusAsync()).Status);
        int paused = TestGuest.LastCounter(q.Serial);
        await Task.Delay(1500); // not a wait for an event: a stopped guest must show no progress over a span (no poll can prove absence)
        Assert.Equal(paused, TestGuest.LastCounter(q.Serial));

        await q.Qmp.ContAsync();
        await TestGuest.WaitForAsync(q.Serial, $"VIREO-COUNTER {paused + 1}", Deadline);
    }

    [QemuFact]
    public async Task QueriesCpusBalloonAndBlockStats()
    {
        await using var q = await StartAsync();
        var cpus = await q.Qmp.QueryCpusFastAsync();
        Assert.Equal(2, cpus.Count);
        Assert.All(cpus, c => Assert.True(c.ThreadId > 0));
        Assert.Equal([0, 1], cpus.Select(c => c.CpuIndex));

        var balloon = await q.Qmp.QueryBalloonAsync();
        Assert.Equal(256L * 1024 * 1024, balloon.Actual);

        var stats = await q.Qmp.QueryBlockstatsAsync();
        var disk = Assert.Single(stats, s => s.Device == "drive-virtio-disk0");
        Assert.Equal(0, disk.Stats.WrBytes);

        await q.Qmp.ContAsync();
        await TestGuest.WaitForAsync(q.Serial, TestGuest.Ready, Deadline);
        // The guest probed its disk: reads were counted.
        Assert.True((await q.Qmp.QueryBlockstatsAsync()).Single(s => s.Device == "drive-virtio-disk0").Stats.RdOperations > 0);

        await q.Qmp.BalloonAsync(192L * 1024 * 1024);
        var change = await NextEventAsync(q.Qmp, QmpEvents.BalloonChange);
        output.WriteLine($"BALLOON_CHANGE {change.Data}");
        var err = await Assert.ThrowsAsync<QmpErrorException>(() => q.Qmp.ExecuteAsync("no-such-command", null));
        Assert.Equal("CommandNotFound", err.ErrorClass);
    }

    [QemuFact]
    public async Task PowerdownShutsTheGuestDownAndResetRestartsIt()
    {
        await using var q = await StartAsync();
        await q.Qmp.ContAsync();
        await TestGuest.WaitForAsync(q.Serial, TestGuest.Ready, Deadline);

        await q.Qmp.SystemResetAsync();
        await NextEventAsync(q.Qmp, QmpEvents.Reset);
        int len = TestGuest.ReadShared(q.Serial).Length;
        await TestGuest.WaitForAsync(q.Serial, TestGuest.Ready, Deadline, from: len);

        await q.Qmp.SystemPowerdownAsync();
        await NextEventAsync(q.Qmp, QmpEvents.Powerdown);
        var shutdown = await NextEventAsync(q.Qmp, QmpEvents.Shutdown);
        Assert.True(shutdown.Data.GetProperty("guest").GetBoolean());
        await q.Qmp.Closed.WaitAsync(Deadline);
        Assert.Contains(TestGuest.PowerButton, TestGuest.ReadShared(q.Serial));
        await q.Process.WaitForExitAsync().WaitAsync(Deadline);
    }

    [QemuFact]
    public async Task QuitEndsQemuAndFailsLaterCommands()
    {
        await using var q = await StartAsync();
        await q.Qmp.QuitAsync();
        await q.Qmp.Closed.WaitAsync(Deadline);
        await Assert.ThrowsAsync<QmpDisconnectedException>(() => q.Qmp.QueryStatusAsync());
    }

    private static async Task<QmpEvent> NextEventAsync(QmpClient qmp, string name)
    {
        using var cts = new CancellationTokenSource(Deadline);
        await foreach (var e in qmp.Events.ReadAllAsync(cts.Token))
            if (e.Name == name)
                return e;
        throw new InvalidOperationException($"monitor closed before event {name}");
    }
}
