using Vireo.Integration.Tests.Infrastructure;

namespace Vireo.Integration.Tests.Migration;

/// <summary>
/// Failure safety of migration (issue 8) between two vireod hosts (<see cref="MigrationHosts"/>): the destination
/// daemon killed mid-transfer (client-managed and --p2p), the link between the hosts cut mid-transfer; each time the
/// guest keeps running on the source and nothing is left on the destination, and a migration works afterwards.
/// Also --copy-storage-inc: only the top image of a disk whose backing file both hosts have is copied.
/// The daemons use a short keepalive (2 s, 3 missed) so a vanished peer is noticed within about 8 s.
/// </summary>
[Trait("Category", "Integration")]
public sealed class MigrationFailureTests : IClassFixture<MigrationFailureTests.Hosts>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);
    private readonly Hosts _fixture;

    public MigrationFailureTests(Hosts fixture) => _fixture = fixture;

    public sealed class Hosts : IDisposable
    {
        public string? SkipReason { get; } = MigrationHosts.Missing();
        public MigrationHosts? Pair { get; }

        public Hosts()
        {
            if (SkipReason is null)
                Pair = new MigrationHosts("keepalive_interval = 2\nkeepalive_count = 3\n");
        }

        public void Dispose() => Pair?.Dispose();
    }

    private static ProcessResult Ok(ProcessResult r, MigrationHosts h) =>
        r.Succeeded ? r : throw new InvalidOperationException($"command failed:\n{r}\n{h.Describe()}");

    private static string State(MigrationHosts h, char host, string name)
    {
        var r = h.Virsh(host, "domstate", name);
        return r.Succeeded ? r.Stdout.Trim() : "absent";
    }

    [Fact]
    public async Task GuestStaysOnSourceWhenDestinationDaemonDiesOrLinkIsCut()
    {
        if (_fixture.SkipReason is { } why)
        {
            Console.WriteLine("skipped: " + why);
            return;
        }
        var h = _fixture.Pair!;
        const string name = "fail1";
        var serialA = CreateCountingOnA(h, name);

        // 1. client-managed: B's daemon is killed mid-transfer; its incoming QEMU outlives it, and the restarted
        //    daemon kills that QEMU instead of adopting it; A's migration then fails and the guest runs on.
        var direct = h.RunAsync('A', "virsh", h.UnixUri('A'), "migrate", "--live", "--bandwidth", "1", name, MigrationHosts.TcpUri('B'));
        await PollTransferAsync(h, name);
        int incoming = IncomingQemuPid(h, name);
        h.KillDaemon('B');
        Assert.True(IsAlive(incoming), "the incoming QEMU should outlive its killed daemon (that is what the restart must clean up)");
        h.RestartDaemon('B');
        var failed = await direct;
        Assert.False(failed.Succeeded, failed.ToString());
        await AssertCleanAsync(h, name, incoming);
        await AssertRunsOnAAsync(h, name, serialA);

        // 2. --p2p: A's daemon itself notices its connection to B drop and cancels, before B comes back.
        var p2p = h.RunAsync('A', "virsh", h.UnixUri('A'), "migrate", "--live", "--p2p", "--bandwidth", "1", name, MigrationHosts.TcpUri('B'));
        await PollTransferAsync(h, name);
        incoming = IncomingQemuPid(h, name);
        h.KillDaemon('B');
        failed = await p2p;
        Assert.False(failed.Succeeded, failed.ToString());
        Assert.Contains("Lost connection to destination host", failed.Stdout);
        await AssertRunsOnAAsync(h, name, serialA);
        h.RestartDaemon('B');
        await AssertCleanAsync(h, name, incoming);

        // 3. the link is cut mid-transfer: A's QEMU neither fails nor progresses; A gives up after the keepalive
        //    time, B drops the incoming guest when its client's keepalive expires (Finish never comes).
        var cut = h.RunAsync('A', "virsh", h.UnixUri('A'), "-k", "2", "-K", "3", "migrate", "--live", "--bandwidth", "1", name, MigrationHosts.TcpUri('B'));
        await PollTransferAsync(h, name);
        incoming = IncomingQemuPid(h, name);
        h.SetLink(up: false);
        try
        {
            failed = await cut;
            Assert.False(failed.Succeeded, failed.ToString());
            Assert.Contains("connection to it lost", failed.Stdout);
            await AssertRunsOnAAsync(h, name, serialA);
            await AssertCleanAsync(h, name, incoming);
        }
        finally
        {
            h.SetLink(up: true);
        }

        // 4. with the link back, a migration goes through and the guest continues on B.
        int before = MigrationGuest.Counters(serialA)[^1];
        Ok(h.Run('A', "virsh", h.UnixUri('A'), "migrate", "--live", name, MigrationHosts.TcpUri('B')), h);
        Assert.Equal("running", State(h, 'B', name));
        var onB = MigrationGuest.WaitCounter(MigrationGuest.SerialOf(h, 'B', name), before + 2, Deadline);
        Assert.True(onB[0] > before, $"counter restarted on B: first {onB[0]}, A had reached {before}");
        Ok(h.Virsh('B', "destroy", name), h);
    }

    [Fact]
    public void CopyStorageIncCopiesOnlyTheTopImage()
    {
        if (_fixture.SkipReason is { } why)
        {
            Console.WriteLine("skipped: " + why);
            return;
        }
        var h = _fixture.Pair!;
        const string name = "inc1";
        // base.img (4 MiB of random data) under an overlay that holds 64 KiB of its own; both hosts see the
        // overlay's backing file at DIR/local/base.img, but at first only A has it.
        var baseData = new byte[4 << 20];
        new Random(12).NextBytes(baseData);
        File.WriteAllBytes(h.LocalFile('A', "base.img"), baseData);
        var overlay = Path.Combine(h.Local, name + ".qcow2");
        Ok(InHost(h, 'A', "qemu-img", "create", "-q", "-f", "qcow2", "-b", Path.Combine(h.Local, "base.img"), "-F", "raw", overlay), h);
        Ok(InHost(h, 'A', "qemu-io", "-f", "qcow2", "-c", "write -P 0x5a 1M 64k", overlay), h);
        File.WriteAllText(Path.Combine(h.Dir, name + ".xml"),
            MigrationGuest.Xml(h, name, overlay).Replace("type='raw'", "type='qcow2'", StringComparison.Ordinal));
        Ok(h.Virsh('A', "create", Path.Combine(h.Dir, name + ".xml")), h);
        var serialA = MigrationGuest.SerialOf(h, 'A', name);
        int before = MigrationGuest.WaitCounter(serialA, 1, Deadline)[^1];

        // The backing file is not copied, so the destination must have it: refused up front, nothing made on B.
        var refused = h.Run('A', "virsh", h.UnixUri('A'), "migrate", "--live", "--copy-storage-inc", name, MigrationHosts.TcpUri('B'));
        Assert.False(refused.Succeeded);
        Assert.Contains("is not visible on the destination host", refused.Stdout);
        Assert.Equal("running", State(h, 'A', name));
        Assert.False(File.Exists(h.LocalFile('B', name + ".qcow2")));

        File.WriteAllBytes(h.LocalFile('B', "base.img"), baseData);
        Ok(h.Run('A', "virsh", h.UnixUri('A'), "migrate", "--live", "--copy-storage-inc", "--verbose", name, MigrationHosts.TcpUri('B')), h);
        Assert.Equal("running", State(h, 'B', name));
        var onB = MigrationGuest.WaitCounter(MigrationGuest.SerialOf(h, 'B', name), before + 2, Deadline);
        Assert.True(onB[0] > before);
        Ok(h.Virsh('B', "destroy", name), h);

        // Same guest-visible content: in B, B's overlay over B's base against A's overlay (whose backing name
        // resolves to B's base there, the same bytes as A's, checked below).
        Assert.Equal(File.ReadAllBytes(h.LocalFile('A', "base.img")), File.ReadAllBytes(h.LocalFile('B', "base.img")));
        Assert.Equal(baseData, File.ReadAllBytes(h.LocalFile('B', "base.img")));
        var compare = InHost(h, 'B', "qemu-img", "compare", "-f", "qcow2", "-F", "qcow2", overlay, h.LocalFile('A', name + ".qcow2"));
        Assert.True(compare.Succeeded, compare.ToString());
        Assert.Contains("Images are identical", compare.Stdout);
        // Only the top image travelled: B's overlay holds the 64 KiB (plus metadata), not the 4 MiB base.
        long copied = new FileInfo(h.LocalFile('B', name + ".qcow2")).Length;
        Assert.True(copied < 1 << 20, $"B's overlay is {copied} bytes: the base was copied into it");
        Assert.Contains("backing file: " + Path.Combine(h.Local, "base.img"), InHost(h, 'B', "qemu-img", "info", "-U", overlay).Stdout);
    }

    [Fact]
    public async Task LinkCutDuringDiskCopyIsNoticedAndTheGuestStaysOnTheSource()
    {
        if (_fixture.SkipReason is { } why)
        {
            Console.WriteLine("skipped: " + why);
            return;
        }
        var h = _fixture.Pair!;
        const string name = "mirror1";
        // 16 MiB of random data (nothing sparse to skip) copied at 1 MiB/s: the disk phase lasts ~16 s.
        var data = new byte[16 << 20];
        new Random(21).NextBytes(data);
        File.WriteAllBytes(h.LocalFile('A', name + ".img"), data);
        File.WriteAllText(Path.Combine(h.Dir, name + ".xml"), MigrationGuest.Xml(h, name, Path.Combine(h.Local, name + ".img")));
        Ok(h.Virsh('A', "create", Path.Combine(h.Dir, name + ".xml")), h);
        var serialA = MigrationGuest.SerialOf(h, 'A', name);
        MigrationGuest.WaitCounter(serialA, 1, Deadline);

        // The link is cut while the disk mirror copies (before any memory moves): A notices that the mirror stopped
        // moving after keepalive_interval × (keepalive_count + 1), cancels the block jobs and the guest runs on;
        // B drops the incoming guest, its NBD export and the disk file it created.
        var cut = h.RunAsync('A', "virsh", h.UnixUri('A'), "-k", "2", "-K", "3", "migrate", "--live", "--copy-storage-all",
            "--bandwidth", "1", name, MigrationHosts.TcpUri('B'));
        var copyOnB = h.LocalFile('B', name + ".img");
        await PollAsync(() => AllocatedBlocks(copyOnB) > 0, "the disk copy to reach B");
        int incoming = IncomingQemuPid(h, name);
        h.SetLink(up: false);
        try
        {
            var failed = await cut;
            Assert.False(failed.Succeeded, failed.ToString());
            Assert.True(failed.Stdout.Contains("no disk data reached the destination", StringComparison.Ordinal),
                $"{failed}\nA's daemon:\n{h.DaemonOutput('A')}");
            await AssertRunsOnAAsync(h, name, serialA);
            await AssertCleanAsync(h, name, incoming);
            Assert.False(File.Exists(copyOnB), "B kept the disk file it created for the copy");
        }
        finally
        {
            h.SetLink(up: true);
        }

        // With the link back, the same copy goes through: the NBD node the lost attempt had to leave in A's QEMU is
        // removed first (at the switch-over QEMU inactivates every block node, and the stale one would fail it).
        Ok(h.Run('A', "virsh", h.UnixUri('A'), "migrate", "--live", "--copy-storage-all", name, MigrationHosts.TcpUri('B')), h);
        Assert.Contains($"domain '{name}': removed the NBD node", h.DaemonOutput('A'));
        Assert.Equal("running", State(h, 'B', name));
        Ok(h.Virsh('B', "destroy", name), h);
        Assert.True(File.ReadAllBytes(h.LocalFile('A', name + ".img")).AsSpan().SequenceEqual(File.ReadAllBytes(copyOnB)), "B's copy differs from A's disk");
    }

    [Fact]
    public async Task PostcopyCutByALinkFailureIsResumedWhenTheLinkReturns()
    {
        if (_fixture.SkipReason is { } why)
        {
            Console.WriteLine("skipped: " + why);
            return;
        }
        var h = _fixture.Pair!;
        const string name = "pcrec";
        var (migrate, serialB, atSwitch) = await StartSlowPostcopyAsync(h, name);
        h.SetLink(up: false);
        try
        {
            await AssertPostcopyFailedOnBothAsync(h, name, migrate);
        }
        finally
        {
            h.SetLink(up: true);
        }
        ResumePostcopy(h, name, serialB, atSwitch);
    }

    /// <summary>
    /// domjobabort during post-copy: refused without --postcopy (cancelling would lose the guest, split between the
    /// hosts); with it the migration is paused, both hosts report the failed post-copy, and --postcopy-resume ends it.
    /// </summary>
    [Fact]
    public async Task PostcopyPausedByDomjobabortIsResumed()
    {
        if (_fixture.SkipReason is { } why)
        {
            Console.WriteLine("skipped: " + why);
            return;
        }
        var h = _fixture.Pair!;
        const string name = "pcabort";
        var (migrate, serialB, atSwitch) = await StartSlowPostcopyAsync(h, name);
        var refused = h.Virsh('A', "domjobabort", name);
        Assert.False(refused.Succeeded, refused.ToString());
        Assert.Contains("cannot abort migration in post-copy mode", refused.Stdout);
        Ok(h.Virsh('A', "domjobabort", "--postcopy", name), h);
        await AssertPostcopyFailedOnBothAsync(h, name, migrate);
        ResumePostcopy(h, name, serialB, atSwitch);
    }

    /// <summary>
    /// A guest rewriting 16 MiB in a loop (tests/guest: vireo.dirty) migrated with post-copy, switched early, its
    /// remaining pages trickling at 1 MiB/s, so pages are still missing on B; returns once B runs it in post-copy,
    /// with the running `virsh migrate`, B's serial log and A's counter at the switch.
    /// </summary>
    private static async Task<(Task<ProcessResult> Migrate, string SerialB, int AtSwitch)> StartSlowPostcopyAsync(MigrationHosts h, string name)
    {
        Ok(h.Virsh('A', "create", MigrationGuest.WriteShared(h, name, "vireo.dirty=16")), h);
        var serialA = MigrationGuest.SerialOf(h, 'A', name);
        MigrationGuest.WaitCounter(serialA, 2, Deadline);
        var migrate = h.RunAsync('A', "virsh", h.UnixUri('A'), "-k", "2", "-K", "3", "migrate", "--live", "--postcopy",
            "--bandwidth", "8", "--postcopy-bandwidth", "1", name, MigrationHosts.TcpUri('B'));
        await PollTransferAsync(h, name);
        Ok(h.Virsh('A', "migrate-postcopy", name), h);
        await PollAsync(() => StateReason(h, 'B', name) == "running (post-copy)", "the guest to run on B in post-copy",
            () => StateReason(h, 'B', name));
        return (migrate, MigrationGuest.SerialOf(h, 'B', name), MigrationGuest.Counters(serialA)[^1]);
    }

    /// <summary>
    /// Neither side loses the guest: the migration fails, both QEMUs are postcopy-paused, the source reports paused
    /// (post-copy failed), the destination running (post-copy failed), as libvirt does.
    /// </summary>
    private static async Task AssertPostcopyFailedOnBothAsync(MigrationHosts h, string name, Task<ProcessResult> migrate)
    {
        var failed = await migrate;
        Assert.False(failed.Succeeded, failed.ToString());
        await PollAsync(() => StateReason(h, 'A', name) == "paused (post-copy failed)", "A to report the failed post-copy",
            () => StateReason(h, 'A', name) + "\n" + failed);
        await PollAsync(() => StateReason(h, 'B', name) == "running (post-copy failed)", "B to report the failed post-copy",
            () => StateReason(h, 'B', name) + "\n" + QemuThreads(IncomingQemuPid(h, name)) + "\nB's daemon:\n" + h.DaemonOutput('B'));
        // QEMU's own view on the source (the destination's main loop may wait for a missing page, so an in-band
        // query-migrate there would hang until the recovery)
        Assert.Equal("postcopy-paused", QemuMigrationStatus(h, 'A', name));
    }

    /// <summary>The recovery: the same migration again with --postcopy-resume; the guest continues on B, no reboot.</summary>
    private static void ResumePostcopy(MigrationHosts h, string name, string serialB, int atSwitch)
    {
        Ok(h.Run('A', "virsh", h.UnixUri('A'), "migrate", "--live", "--postcopy", "--postcopy-resume", "--postcopy-bandwidth", "1024",
            name, MigrationHosts.TcpUri('B')), h);
        Assert.Equal("running", State(h, 'B', name));
        Assert.Equal("absent", State(h, 'A', name)); // transient: gone from the source once the last page arrived
        var onB = MigrationGuest.WaitCounter(serialB, atSwitch + 3, Deadline);
        Assert.DoesNotContain("VIREO-GUEST-READY", File.ReadAllText(serialB)); // no reboot: the guest continued
        Assert.True(onB[0] >= atSwitch - 1, $"counter restarted on B: first {onB[0]}, A had reached {atSwitch}");
        Ok(h.Virsh('B', "destroy", name), h);
    }

    /// <summary>Diagnostics: each thread of a QEMU with the kernel function it waits in.</summary>
    private static string QemuThreads(int pid) =>
        string.Join("\n", Directory.GetDirectories($"/proc/{pid}/task").Select(t =>
            $"{Path.GetFileName(t)} {File.ReadAllText(t + "/comm").Trim()} {File.ReadAllText(t + "/wchan")}"));

    private static string StateReason(MigrationHosts h, char host, string name)
    {
        var r = h.Virsh(host, "domstate", "--reason", name);
        return r.Succeeded ? r.Stdout.Trim() : "absent";
    }

    /// <summary>
    /// Finish fails after the guest's whole state reached B (B cannot write the --persistent config: its config
    /// directory is immutable). B resumed the guest the moment the stream completed, so it keeps it running; A, told
    /// the migration failed (Confirm cancelled), must not resume its paused copy: two copies would run on one disk.
    /// </summary>
    [Fact]
    public void AGuestAlreadyRunningOnTheDestinationStaysThereWhenFinishFails()
    {
        if (_fixture.SkipReason is { } why)
        {
            Console.WriteLine("skipped: " + why);
            return;
        }
        var h = _fixture.Pair!;
        const string name = "own1";
        var serialA = CreateCountingOnA(h, name);
        Ok(h.Virsh('B', "list", "--all"), h); // B's QEMU driver opens (and makes its directories) before the lock
        var configDir = Path.Combine(h.Dir, "B", "root", "etc", "qemu");
        var immutable = ProcessRunner.Run("chattr", ["+i", configDir], timeout: TimeSpan.FromSeconds(10));
        if (!immutable.Succeeded)
        {
            Console.WriteLine("skipped: this file system has no immutable attribute (chattr +i): " + immutable.Stderr.Trim());
            Ok(h.Virsh('A', "destroy", name), h);
            return;
        }
        ProcessResult migrate;
        try
        {
            migrate = h.Run('A', "virsh", h.UnixUri('A'), "migrate", "--live", "--persistent", name, MigrationHosts.TcpUri('B'));
        }
        finally
        {
            ProcessRunner.Run("chattr", ["-i", configDir], timeout: TimeSpan.FromSeconds(10)).EnsureSuccess();
        }
        Assert.False(migrate.Succeeded, migrate.ToString());
        Assert.Contains("migration in job: ", migrate.Stdout); // Finish's failure, not an earlier one
        Assert.True(State(h, 'B', name) == "running" && State(h, 'A', name) == "paused",
            $"B: {State(h, 'B', name)}, A: {State(h, 'A', name)}\n{migrate}\n{h.Describe()}");
        int lastOnA = MigrationGuest.Counters(serialA)[^1];
        var onB = MigrationGuest.WaitCounter(MigrationGuest.SerialOf(h, 'B', name), lastOnA + 2, Deadline);
        Assert.True(onB[0] > lastOnA - 2, $"counter restarted on B: first {onB[0]}, A had reached {lastOnA}");
        Assert.Equal(lastOnA, MigrationGuest.Counters(serialA)[^1]);
        Assert.Contains($"domain '{name}': not resuming it here", h.DaemonOutput('A'));
        Assert.Contains($"domain '{name}': its incoming migration ended without a successful Finish, but the guest already runs here", h.DaemonOutput('B'));
        Ok(h.Virsh('A', "destroy", name), h);
        Ok(h.Virsh('B', "destroy", name), h);
    }

    /// <summary>Starts the guest (shared disk) on A and waits for its counter; returns A's serial log.</summary>
    private static string CreateCountingOnA(MigrationHosts h, string name)
    {
        Ok(h.Virsh('A', "create", MigrationGuest.WriteShared(h, name)), h);
        var serialA = MigrationGuest.SerialOf(h, 'A', name);
        MigrationGuest.WaitCounter(serialA, 2, Deadline);
        return serialA;
    }

    /// <summary>QEMU's own migration status (query-migrate through virsh qemu-monitor-command).</summary>
    private static string QemuMigrationStatus(MigrationHosts h, char host, string name)
    {
        var r = Ok(h.Virsh(host, "qemu-monitor-command", name, "{\"execute\":\"query-migrate\"}"), h);
        var m = System.Text.RegularExpressions.Regex.Match(r.Stdout, "\"status\":\\s*\"([a-z-]+)\"");
        return m.Success ? m.Groups[1].Value : r.Stdout;
    }

    /// <summary>512-byte blocks a file occupies (0 while B's sparse copy target has received nothing, or is gone).</summary>
    private static long AllocatedBlocks(string path)
    {
        var r = ProcessRunner.Run("stat", ["-c", "%b", path], timeout: TimeSpan.FromSeconds(10));
        return r.Succeeded ? long.Parse(r.Stdout.Trim(), System.Globalization.CultureInfo.InvariantCulture) : 0;
    }

    private static ProcessResult InHost(MigrationHosts h, char host, params string[] argv)
    {
        var full = h.InHost(host, argv);
        return ProcessRunner.Run(full[0], full.Skip(1), timeout: TimeSpan.FromSeconds(60), mergeStderr: true);
    }

    private static int IncomingQemuPid(MigrationHosts h, string name) =>
        int.Parse(File.ReadAllText(Path.Combine(h.Dir, "B", "root", "run", "qemu", name + ".pid")).Trim(), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Alive and not a zombie (an orphaned QEMU is reaped by PID 1 only every second or two).</summary>
    private static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Nothing of the guest on B: not listed, not defined, no status files, its incoming QEMU gone.</summary>
    private static async Task AssertCleanAsync(MigrationHosts h, string name, int incomingPid)
    {
        await PollAsync(() => !IsAlive(incomingPid) && State(h, 'B', name) == "absent", "B to drop the unfinished incoming guest",
            () => $"QEMU {incomingPid} alive: {IsAlive(incomingPid)}, state on B: {State(h, 'B', name)}, B's run/qemu: " +
                string.Join(" ", Directory.GetFiles(Path.Combine(h.Dir, "B", "root", "run", "qemu")).Select(Path.GetFileName)) + "\n" + h.Describe());
        Assert.False(File.Exists(Path.Combine(h.Dir, "B", "root", "etc", "qemu", name + ".xml")));
        Assert.Empty(Directory.GetFiles(Path.Combine(h.Dir, "B", "root", "run", "qemu"), name + ".*"));
    }

    private static async Task AssertRunsOnAAsync(MigrationHosts h, string name, string serialA)
    {
        await PollAsync(() => State(h, 'A', name) == "running", "the guest to run on A again");
        int now = MigrationGuest.Counters(serialA)[^1];
        MigrationGuest.WaitCounter(serialA, now + 2, Deadline);
    }

    /// <summary>Polls domjobinfo on A until QEMU reports data moving.</summary>
    private static Task PollTransferAsync(MigrationHosts h, string name) =>
        PollAsync(() => h.Virsh('A', "domjobinfo", name).Stdout.Contains("Data processed", StringComparison.Ordinal), "domjobinfo to show a transfer");

    private static async Task PollAsync(Func<bool> condition, string what, Func<string>? diagnostics = null)
    {
        long until = Environment.TickCount64 + (long)Deadline.TotalMilliseconds;
        while (!condition())
        {
            if (Environment.TickCount64 > until)
                throw new TimeoutException($"waited {Deadline.TotalSeconds:0} s for {what}\n{diagnostics?.Invoke()}");
            await Task.Delay(200); // poll until the deadline above
        }
    }
}
