using Vireo.Integration.Tests.Infrastructure;

namespace Vireo.Integration.Tests.Migration;

/// <summary>
/// The migration modes beyond a plain live pre-copy, with one guest that keeps rewriting 16 MiB of its memory
/// (vireo.dirty=16), moved back and forth between the two vireod hosts of <see cref="MigrationHosts"/>:
/// --p2p --tunnelled with the real virsh and with vsh while the direct migration ports are blocked, post-copy
/// switched by migrate-postcopy and by --postcopy-after-precopy, and the convergence policy (--timeout with
/// suspend, and with post-copy) for a guest that cannot converge under a small bandwidth limit.
/// </summary>
[Trait("Category", "Integration")]
public sealed class MigrationModesTests : IClassFixture<MigrationModesTests.Hosts>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(150);
    private const string Name = "modes";
    private readonly Hosts _fixture;

    public MigrationModesTests(Hosts fixture) => _fixture = fixture;

    public sealed class Hosts : IDisposable
    {
        public string? SkipReason { get; } = MigrationHosts.Missing() ?? (File.Exists("/usr/sbin/nft") ? null : "nft is not installed");
        public MigrationHosts? Pair { get; }

        public Hosts()
        {
            if (SkipReason is null)
                Pair = new MigrationHosts();
        }

        public void Dispose() => Pair?.Dispose();
    }

    private static string Vsh => RepoPaths.Program("vsh");

    private static ProcessResult Ok(ProcessResult r, MigrationHosts h) =>
        r.Succeeded ? r : throw new InvalidOperationException($"command failed:\n{r}\n{h.Describe()}");

    private static string State(MigrationHosts h, char host)
    {
        var r = h.Virsh(host, "domstate", Name);
        return r.Succeeded ? r.Stdout.Trim() : "absent";
    }

    /// <summary>The guest runs on <paramref name="to"/> and its counter continued from where it was on <paramref name="from"/>.</summary>
    private static void AssertContinued(MigrationHosts h, char from, char to, int before)
    {
        Assert.Equal("running", State(h, to));
        var serial = MigrationGuest.SerialOf(h, to, Name);
        var counters = MigrationGuest.WaitCounter(serial, before + 2, Deadline);
        Assert.True(counters[0] > before, $"counter restarted on {to}: first {counters[0]}, {from} had reached {before}");
        Assert.DoesNotContain("VIREO-GUEST-READY", File.ReadAllText(serial)); // no reboot: the guest continued
    }

    private static int LastCounter(MigrationHosts h, char host) => MigrationGuest.Counters(MigrationGuest.SerialOf(h, host, Name))[^1];

    /// <summary>Each host QEMU's serial log starts afresh when the guest arrives there (the counter test reads it).</summary>
    private static void ResetSerial(MigrationHosts h, char host) => File.Delete(MigrationGuest.SerialOf(h, host, Name));

    [Fact]
    public async Task TunnelledPostcopyAndConvergencePolicyMoveADirtyingGuest()
    {
        if (_fixture.SkipReason is { } why)
        {
            Console.WriteLine("skipped: " + why);
            return;
        }
        var h = _fixture.Pair!;
        using (var f = File.Create(Path.Combine(h.Dir, "shared", "modes.img")))
            f.SetLength(4 << 20);
        var xml = MigrationGuest.Xml(h, Name, Path.Combine(h.Images, "modes.img")).Replace("console=ttyS0", "console=ttyS0 vireo.dirty=16");
        File.WriteAllText(Path.Combine(h.Dir, "modes.xml"), xml);
        Ok(h.Virsh('A', "define", Path.Combine(h.Dir, "modes.xml")), h);
        Ok(h.Virsh('A', "start", Name), h);
        MigrationGuest.WaitCounter(MigrationGuest.SerialOf(h, 'A', Name), 2, Deadline);
        Assert.Contains("VIREO-DIRTY 16 MiB", File.ReadAllText(MigrationGuest.SerialOf(h, 'A', Name)));

        // 1. --p2p --tunnelled, A → B with the real virsh and back with vsh, while both hosts drop every connection
        //    to the direct migration ports (49152-49215): only the daemons' RPC connection carries the guest.
        BlockMigrationPorts(h, true);
        int before = LastCounter(h, 'A');
        ResetSerial(h, 'B');
        Ok(h.Run('A', "virsh", h.UnixUri('A'), "migrate", "--live", "--p2p", "--tunnelled", "--verbose", Name, MigrationHosts.TcpUri('B')), h);
        AssertContinued(h, 'A', 'B', before);
        Assert.Equal("shut off", State(h, 'A'));
        before = LastCounter(h, 'B');
        ResetSerial(h, 'A');
        Ok(h.Run('B', Vsh, h.UnixUri('B'), "migrate", "--live", "--p2p", "--tunnelled", Name, MigrationHosts.TcpUri('A')), h);
        AssertContinued(h, 'B', 'A', before);
        Assert.Equal("absent", State(h, 'B')); // transient on B
        BlockMigrationPorts(h, false);
        // --tunnelled without --p2p: refused by both clients alike, nothing moves.
        var refused = h.Run('A', "virsh", h.UnixUri('A'), "migrate", "--live", "--tunnelled", Name, MigrationHosts.TcpUri('B'));
        var refusedVsh = h.Run('A', Vsh, h.UnixUri('A'), "migrate", "--live", "--tunnelled", Name, MigrationHosts.TcpUri('B'));
        Assert.False(refused.Succeeded);
        Assert.False(refusedVsh.Succeeded);
        Assert.Contains("cannot perform tunnelled migration without using peer2peer flag", refused.Stdout);
        Assert.Contains("cannot perform tunnelled migration without using peer2peer flag", refusedVsh.Stdout);
        Assert.Equal("running", State(h, 'A'));
        Assert.Equal("absent", State(h, 'B'));
        // migrate-postcopy with no migration running: the same error from both.
        var noJob = h.Run('A', "virsh", h.UnixUri('A'), "migrate-postcopy", Name);
        var noJobVsh = h.Run('A', Vsh, h.UnixUri('A'), "migrate-postcopy", Name);
        Assert.False(noJob.Succeeded);
        Assert.Contains("post-copy can only be started while outgoing migration is in progress", noJob.Stdout);
        Assert.Equal(ErrorLine(noJob), ErrorLine(noJobVsh));

        // 2. --postcopy under a bandwidth the dirtying guest cannot converge with; vsh migrate-postcopy switches and
        //    the guest arrives. The source's first lifecycle event is the switch (virsh event exits after one).
        before = LastCounter(h, 'A');
        ResetSerial(h, 'B');
        var firstEvent = h.RunAsync('A', "virsh", h.UnixUri('A'), "event", "--domain", Name, "--event", "lifecycle", "--timeout", "150");
        await PollAsync(() => h.Virsh('A', "domstate", "--reason", Name).Stdout.Contains("running"), "the guest to run on A");
        var postcopy = h.RunAsync('A', "virsh", h.UnixUri('A'), "migrate", "--live", "--p2p", "--postcopy", "--bandwidth", "8", Name, MigrationHosts.TcpUri('B'));
        await PollAsync(() => h.Virsh('A', "domjobinfo", Name).Stdout.Contains("Data processed"), "the migration to transfer data");
        var early = h.Run('A', Vsh, h.UnixUri('A'), "migrate-postcopy", "no-such-domain");
        Assert.False(early.Succeeded);
        Ok(h.Run('A', Vsh, h.UnixUri('A'), "migrate-postcopy", Name), h);
        Ok(await postcopy, h);
        Assert.Contains("Suspended Post-copy", (await firstEvent).Stdout);
        AssertContinued(h, 'A', 'B', before);

        // 3. --postcopy-after-precopy with the real virsh (it switches on the MIGRATION_ITERATION event of the second pass).
        before = LastCounter(h, 'B');
        ResetSerial(h, 'A');
        Ok(h.Run('B', "virsh", h.UnixUri('B'), "migrate", "--live", "--p2p", "--postcopy", "--postcopy-after-precopy", "--bandwidth", "8", Name,
            MigrationHosts.TcpUri('A')), h);
        AssertContinued(h, 'B', 'A', before);

        // 4. The convergence policy with vsh: --timeout 3 (suspend is the default action) pauses the guest, the rest is
        //    copied offline, and the guest runs again on B. vsh says so, A's daemon logs it, the downtime shows it.
        before = LastCounter(h, 'A');
        ResetSerial(h, 'B');
        var policy = Ok(h.Run('A', Vsh, h.UnixUri('A'), "migrate", "--live", "--bandwidth", "8", "--timeout", "3", Name, MigrationHosts.TcpUri('B')), h);
        Assert.Contains("suspending the domain so the migration completes offline", policy.Stdout);
        Assert.Contains("the migration completes offline", h.DaemonOutput('A'));
        AssertContinued(h, 'A', 'B', before);
        var completed = Ok(h.Virsh('A', "domjobinfo", "--completed", Name), h).Stdout;
        var downtime = completed.Split('\n').First(l => l.StartsWith("Total downtime:", StringComparison.Ordinal));
        Assert.True(long.Parse(downtime.Split(':')[1].Trim().Split(' ')[0]) >= 1000, $"the suspended time is not in the downtime: {completed}");

        // 5. The real virsh's --timeout with --timeout-postcopy: the switch to post-copy instead of a pause.
        before = LastCounter(h, 'B');
        ResetSerial(h, 'A');
        Ok(h.Run('B', "virsh", h.UnixUri('B'), "migrate", "--live", "--p2p", "--postcopy", "--bandwidth", "8", "--timeout", "3", "--timeout-postcopy", Name,
            MigrationHosts.TcpUri('A')), h);
        Assert.Contains("switched to post-copy", h.DaemonOutput('B'));
        AssertContinued(h, 'B', 'A', before);
        Ok(h.Virsh('A', "destroy", Name), h);
    }

    private static string ErrorLine(ProcessResult r) => r.Stdout.Split('\n').FirstOrDefault(l => l.StartsWith("error:", StringComparison.Ordinal) && !l.Contains("Failed to", StringComparison.Ordinal)) ?? r.Stdout;

    /// <summary>An nftables table in both hosts' namespaces that drops connections to the migration port range.</summary>
    private static void BlockMigrationPorts(MigrationHosts h, bool block)
    {
        foreach (var ns in new[] { h.NsA, h.NsB })
        {
            var r = block
                ? ProcessRunner.Run("ip", ["netns", "exec", ns, "nft", "add table inet vmodes; add chain inet vmodes in { type filter hook input priority 0; }; "
                    + "add rule inet vmodes in tcp dport 49152-49215 drop"], timeout: TimeSpan.FromSeconds(30))
                : ProcessRunner.Run("ip", ["netns", "exec", ns, "nft", "delete table inet vmodes"], timeout: TimeSpan.FromSeconds(30));
            if (!r.Succeeded)
                throw new InvalidOperationException("nft in " + ns + ": " + r);
        }
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
