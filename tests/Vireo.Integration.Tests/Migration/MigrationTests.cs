using Vireo.Integration.Tests.Infrastructure;

namespace Vireo.Integration.Tests.Migration;

/// <summary>
/// Migration between two vireod hosts (network namespaces, see <see cref="MigrationHosts"/>) with the real virsh
/// and vsh: one running TCG guest on shared storage moves back and forth (live with virsh and with vsh, an aborted
/// migration, a destination killed mid-transfer, --p2p, offline); a second guest whose disk is on each host's
/// own storage moves with --copy-storage-all.
/// </summary>
[Trait("Category", "Integration")]
public sealed class MigrationTests : IClassFixture<MigrationTests.Hosts>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);
    private readonly Hosts _fixture;

    public MigrationTests(Hosts fixture) => _fixture = fixture;

    public sealed class Hosts : IDisposable
    {
        public string? SkipReason { get; } = MigrationHosts.Missing();
        public MigrationHosts? Pair { get; }

        public Hosts()
        {
            if (SkipReason is null)
                Pair = new MigrationHosts();
        }

        public void Dispose() => Pair?.Dispose();
    }

    private string Vsh => RepoPaths.Program("vsh");

    private static ProcessResult Ok(ProcessResult r, MigrationHosts h) =>
        r.Succeeded ? r : throw new InvalidOperationException($"command failed:\n{r}\n{h.Describe()}");

    private static string State(MigrationHosts h, char host, string name)
    {
        var r = h.Virsh(host, "domstate", name);
        return r.Succeeded ? r.Stdout.Trim() : "absent";
    }

    [Fact]
    public async Task SharedStorageGuestMovesLiveAndBackWithJobsAbortAndFailures()
    {
        if (_fixture.SkipReason is { } why)
        {
            Console.WriteLine("skipped: " + why);
            return;
        }
        var h = _fixture.Pair!;
        const string name = "mig1";
        var disk = Path.Combine(h.Images, "mig1.img");
        using (var f = File.Create(Path.Combine(h.Dir, "shared", "mig1.img")))
            f.SetLength(4 << 20);
        File.WriteAllText(Path.Combine(h.Dir, "mig1.xml"), MigrationGuest.Xml(h, name, disk));
        Ok(h.Virsh('A', "define", Path.Combine(h.Dir, "mig1.xml")), h);
        Ok(h.Virsh('A', "start", name), h);
        var serialA = MigrationGuest.SerialOf(h, 'A', name);
        var serialB = MigrationGuest.SerialOf(h, 'B', name);
        int beforeFirst = MigrationGuest.WaitCounter(serialA, 2, Deadline)[^1];

        // 1. the real virsh, direct (client-managed) live migration A → B over TCP, run inside A, with a max
        // downtime generous enough for any machine (QEMU's downtime-limit); the downtime measured stays under it.
        Ok(h.Virsh('A', "migrate-setmaxdowntime", name, MaxDowntimeMs.ToString()), h);
        Assert.Equal(MaxDowntimeMs.ToString(), Ok(h.Virsh('A', "migrate-getmaxdowntime", name), h).Stdout.Trim());
        Ok(h.Run('A', "virsh", h.UnixUri('A'), "migrate", "--live", "--verbose", name, MigrationHosts.TcpUri('B')), h);
        Assert.Equal("running", State(h, 'B', name));
        Assert.Equal("shut off", State(h, 'A', name)); // defined on A, so it stays there shut off, as with libvirt
        Assert.Contains("migrated", h.Virsh('A', "domstate", "--reason", name).Stdout);
        var onB = MigrationGuest.WaitCounter(serialB, beforeFirst + 2, Deadline);
        Assert.DoesNotContain("VIREO-GUEST-READY", File.ReadAllText(serialB)); // no reboot: the guest continued
        Assert.True(onB[0] > beforeFirst, $"counter restarted on B: first {onB[0]}, A had reached {beforeFirst}");
        var completed = Ok(h.Virsh('A', "domjobinfo", "--completed", name), h).Stdout;
        Assert.Contains("Completed", completed);
        Assert.Contains("Outgoing migration", completed);
        // As libvirt's: the downtime is the destination's view (the source's stop → the resume there), which the
        // source takes over at Confirm, with the network delay subtracted in "w/o network".
        long downtime = JobField(completed, "Total downtime");
        Assert.InRange(downtime, 1, MaxDowntimeMs - 1);
        Assert.InRange(JobField(completed, "Downtime w/o network"), 0, downtime);
        Assert.InRange(JobField(completed, "Time elapsed w/o network"), 0, JobField(completed, "Time elapsed"));
        // The destination keeps the finished job too (the source's figures came in Perform's cookie).
        var incoming = Ok(h.Virsh('B', "domjobinfo", "--completed", name), h).Stdout;
        Assert.Contains("Incoming migration", incoming);
        Assert.Equal(downtime, JobField(incoming, "Total downtime"));
        Assert.InRange(JobField(incoming, "Downtime w/o network"), 0, downtime);
        Assert.Contains("Data processed", incoming);
        // A logs the same stop → resume figure it reports.
        var paused = System.Text.RegularExpressions.Regex.Match(h.DaemonOutput('A'), $@"'{name}': migration out: the guest was paused (\d+) ms");
        Assert.True(paused.Success, "no stop → resume downtime logged by A:\n" + h.DaemonOutput('A'));
        Assert.Equal(downtime, long.Parse(paused.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));

        // 2. tunables through vsh and virsh on the running guest: the same answers.
        Ok(h.Run('B', Vsh, h.UnixUri('B'), "migrate-setmaxdowntime", name, "500"), h);
        Assert.Equal("500", Ok(h.Virsh('B', "migrate-getmaxdowntime", name), h).Stdout.Trim());
        Assert.Equal("500", Ok(h.Run('B', Vsh, h.UnixUri('B'), "migrate-getmaxdowntime", name), h).Stdout.Trim());
        Ok(h.Virsh('B', "migrate-setspeed", name, "64"), h);
        Assert.Equal("64", Ok(h.Run('B', Vsh, h.UnixUri('B'), "migrate-getspeed", name), h).Stdout.Trim());
        Assert.Contains("Invalid downtime", h.Run('B', Vsh, h.UnixUri('B'), "migrate-setmaxdowntime", name, "0").Stdout);

        // 3. vsh migrate back B → A, --persistent --undefinesource: transient on B, so it is simply gone there.
        int beforeBack = MigrationGuest.Counters(serialB)[^1];
        Ok(h.Run('B', Vsh, h.UnixUri('B'), "migrate", "--live", "--verbose", "--persistent", "--undefinesource", name, MigrationHosts.TcpUri('A')), h);
        Assert.Equal("running", State(h, 'A', name));
        Assert.Equal("absent", State(h, 'B', name));
        var backOnA = MigrationGuest.WaitCounter(serialA, beforeBack + 2, Deadline);
        Assert.True(backOnA.Last() > beforeBack);

        // 4. domjobinfo during a throttled migration, then domjobabort: the guest stays on A, nothing on B.
        var slow = h.RunAsync('A', "virsh", h.UnixUri('A'), "migrate", "--live", "--bandwidth", "1", name, MigrationHosts.TcpUri('B'));
        string info = await PollJobInfoAsync(h, name);
        Assert.Contains("Outgoing migration", info);
        Assert.Contains("Data processed", info);
        Assert.Contains("Memory bandwidth", info);
        Ok(h.Virsh('A', "domjobabort", name), h);
        var aborted = await slow;
        Assert.False(aborted.Succeeded);
        Assert.Contains("operation aborted", aborted.Stdout);
        Assert.Equal("running", State(h, 'A', name));
        Assert.Equal("absent", State(h, 'B', name));
        int afterAbort = MigrationGuest.Counters(serialA)[^1];
        MigrationGuest.WaitCounter(serialA, afterAbort + 2, Deadline);

        // 5. name already taken on the destination by another UUID: refused up front, guest untouched.
        var clash = MigrationGuest.Xml(h, name, disk).Replace("<name>mig1</name>", "<name>mig1</name><uuid>6d8e1f64-0000-4000-8000-00000000c1a5</uuid>");
        File.WriteAllText(Path.Combine(h.Dir, "clash.xml"), clash);
        Ok(h.Virsh('B', "define", Path.Combine(h.Dir, "clash.xml")), h);
        var refused = h.Run('A', "virsh", h.UnixUri('A'), "migrate", "--live", name, MigrationHosts.TcpUri('B'));
        Assert.False(refused.Succeeded);
        Assert.Contains("already exists with uuid", refused.Stdout);
        Assert.Equal("running", State(h, 'A', name));
        Ok(h.Virsh('B', "undefine", name), h);

        // 6. the destination's QEMU dies mid-transfer: the migration fails, the guest runs on A, B is clean.
        var doomed = h.RunAsync('A', "virsh", h.UnixUri('A'), "migrate", "--live", "--bandwidth", "1", name, MigrationHosts.TcpUri('B'));
        await PollJobInfoAsync(h, name);
        var pidFile = Path.Combine(h.Dir, "B", "root", "run", "qemu", name + ".pid");
        Posix.Kill(int.Parse(File.ReadAllText(pidFile).Trim()), 9);
        var failed = await doomed;
        Assert.False(failed.Succeeded, failed.ToString());
        Assert.Equal("running", State(h, 'A', name));
        await PollAsync(() => State(h, 'B', name) == "absent", "B to forget the failed incoming guest");
        afterAbort = MigrationGuest.Counters(serialA)[^1];
        MigrationGuest.WaitCounter(serialA, afterAbort + 2, Deadline);

        // 7. --p2p: A's daemon drives B's itself; then offline back (config only).
        Ok(h.Run('A', "virsh", h.UnixUri('A'), "migrate", "--live", "--p2p", "--persistent", "--undefinesource", name, MigrationHosts.TcpUri('B')), h);
        Assert.Equal("running", State(h, 'B', name));
        Assert.Equal("absent", State(h, 'A', name));
        Ok(h.Virsh('B', "destroy", name), h);
        Ok(h.Run('B', "virsh", h.UnixUri('B'), "migrate", "--offline", "--persistent", "--undefinesource", name, MigrationHosts.TcpUri('A')), h);
        Assert.Equal("shut off", State(h, 'A', name));
        Assert.Equal("absent", State(h, 'B', name));
    }

    [Fact]
    public void CopyStorageAllMovesAGuestWhoseDiskIsNotShared()
    {
        if (_fixture.SkipReason is { } why)
        {
            Console.WriteLine("skipped: " + why);
            return;
        }
        var h = _fixture.Pair!;
        const string name = "mig2";
        var data = new byte[4 << 20];
        new Random(8).NextBytes(data);
        File.WriteAllBytes(h.LocalFile('A', "mig2.img"), data);
        File.WriteAllText(Path.Combine(h.Dir, "mig2.xml"), MigrationGuest.Xml(h, name, Path.Combine(h.Local, "mig2.img")));
        Ok(h.Virsh('A', "create", Path.Combine(h.Dir, "mig2.xml")), h);
        var serialA = MigrationGuest.SerialOf(h, 'A', name);
        int before = MigrationGuest.WaitCounter(serialA, 1, Deadline)[^1];

        // Without a copy option the destination cannot see the disk: a clear error, nothing moves.
        var refused = h.Run('A', "virsh", h.UnixUri('A'), "migrate", "--live", name, MigrationHosts.TcpUri('B'));
        Assert.False(refused.Succeeded);
        Assert.Contains("not visible on the destination host", refused.Stdout);
        Assert.Equal("running", State(h, 'A', name));
        Assert.False(File.Exists(h.LocalFile('B', "mig2.img")));

        Ok(h.Run('A', "virsh", h.UnixUri('A'), "migrate", "--live", "--copy-storage-all", "--verbose", name, MigrationHosts.TcpUri('B')), h);
        Assert.Equal("running", State(h, 'B', name));
        Assert.Equal("absent", State(h, 'A', name)); // transient: gone from the source
        Assert.Equal(data, File.ReadAllBytes(h.LocalFile('B', "mig2.img")));
        var onB = MigrationGuest.WaitCounter(MigrationGuest.SerialOf(h, 'B', name), before + 2, Deadline);
        Assert.True(onB[0] > before);
        Ok(h.Virsh('B', "destroy", name), h);
    }

    private const int MaxDowntimeMs = 3000;

    /// <summary>The number of a virsh domjobinfo line such as "Total downtime:   52 ms".</summary>
    internal static long JobField(string domjobinfo, string label)
    {
        var line = domjobinfo.Split('\n').FirstOrDefault(l => l.StartsWith(label + ":", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"no '{label}' in domjobinfo:\n{domjobinfo}");
        var value = line[(label.Length + 1)..].Trim().Split(' ')[0];
        return long.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Polls domjobinfo on A until QEMU reports data moving; returns that output.</summary>
    private static async Task<string> PollJobInfoAsync(MigrationHosts h, string name)
    {
        string last = "";
        await PollAsync(() =>
        {
            last = h.Virsh('A', "domjobinfo", name).Stdout;
            // virsh leaves out "Memory bandwidth" while QEMU still reports 0 Mbps (its first 100 ms of a job)
            return last.Contains("Data processed", StringComparison.Ordinal) && last.Contains("Memory bandwidth", StringComparison.Ordinal);
        }, "domjobinfo to show a transfer with its bandwidth");
        return last;
    }

    private static async Task PollAsync(Func<bool> condition, string what)
    {
        long until = Environment.TickCount64 + (long)Deadline.TotalMilliseconds;
        while (!condition())
        {
            if (Environment.TickCount64 > until)
                throw new TimeoutException($"waited {Deadline.TotalSeconds:0} s for {what}");
            await Task.Delay(200); // poll until the deadline above
        }
    }
}
