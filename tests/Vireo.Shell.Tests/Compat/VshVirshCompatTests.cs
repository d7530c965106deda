using System.Text;
using System.Text.Json;
using Vireo.Integration.Tests.Compat;
using Vireo.Integration.Tests.Fixtures;
using Vireo.Integration.Tests.Infrastructure;

namespace Vireo.Shell.Tests.Compat;

/// <summary>
/// vsh against the real virsh 9.0: both run the same command lists, each list in ONE session (libvirtd's
/// test:///default resets when its last connection closes), against the same private libvirtd; their outputs
/// (stdout and stderr interleaved) must be identical after normalising what legitimately differs between two runs
/// (generated UUIDs, clock-derived counters, timestamps).
/// </summary>
[Trait("Category", "Integration")]
public sealed class VshVirshCompatTests(LibvirtdFixture daemon) : IClassFixture<LibvirtdFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    /// <summary>The vsh to test: $VIREO_VSH, else the build output next to the tests, else src/Vireo.Shell's, else out/bin/vsh.</summary>
    public static string VshPath()
    {
        if (Environment.GetEnvironmentVariable("VIREO_VSH") is { Length: > 0 } env) return env;
        foreach (var candidate in new[]
                 {
                     Path.Combine(AppContext.BaseDirectory, "vsh"),
                     Path.Combine(RepoPaths.Root, "src", "Vireo.Shell", "bin", "Debug", "net10.0", "vsh"),
                     Path.Combine(RepoPaths.Root, "src", "Vireo.Shell", "bin", "Release", "net10.0", "vsh"),
                     RepoPaths.Program("vsh"),
                 })
            if (File.Exists(candidate)) return candidate;
        throw new InvalidOperationException("vsh not found: build src/Vireo.Shell or set VIREO_VSH");
    }

    public static TheoryData<string> Lists() => new()
    {
        Path.Combine(RepoPaths.Root, "tests", "Vireo.Integration.Tests", "Compat", "virsh-commands.txt"),
        Path.Combine(RepoPaths.Root, "tests", "Vireo.Shell.Tests", "Compat", "vsh-commands.txt"),
    };

    [Theory]
    [MemberData(nameof(Lists))]
    public void SameOutputAsVirsh(string listFile)
    {
        var all = VirshSession.LoadCommandList(listFile);
        var session = all.Where(c => !c.StartsWith('!')).ToList();
        var single = all.Where(c => c.StartsWith('!')).Select(c => c[1..].Trim()).ToList();
        var vars = new Dictionary<string, string>
        {
            ["FIX"] = RepoPaths.CompatFixturesDir,
            ["WORK"] = daemon.WorkDir,
            ["URI"] = daemon.TestUri,
            ["SFIX"] = Path.Combine(RepoPaths.Root, "tests", "Vireo.Shell.Tests", "Compat", "fixtures"),
        };

        var virsh = VirshSession.Run(daemon.TestUri, session, vars, Deadline);
        var script = VirshSession.BuildScript(session.Select(c => VirshSession.Expand(c, vars)).ToList());
        var vshResult = ProcessRunner.Run(VshPath(), ["-c", daemon.TestUri, script], environment: ProcessRunner.LibvirtClientEnvironment,
            timeout: Deadline, mergeStderr: true);
        var vsh = VirshSession.Split(session, vshResult);
        Assert.True(virsh.Completed, "virsh did not complete the list:\n" + virsh.Process);
        Assert.True(vsh.Completed, "vsh did not complete the list:\n" + vsh.Process);

        var report = new StringBuilder();
        var na = Normalizer();
        var nb = Normalizer();
        for (int i = 0; i < session.Count; i++)
        {
            string a = na.Normalize(virsh.Commands[i].Output, session[i]);
            string b = nb.Normalize(vsh.Commands[i].Output, session[i]);
            if (a != b) report.Append(Diff($"{i + 1} {session[i]}", a, b));
        }
        foreach (var cmd in single)
        {
            var args = Split(VirshSession.Expand(cmd, vars));
            var a = ProcessRunner.Virsh(daemon.TestUri, args, Deadline, mergeStderr: true);
            var b = ProcessRunner.Run(VshPath(), new[] { "-c", daemon.TestUri }.Concat(args), environment: ProcessRunner.LibvirtClientEnvironment,
                timeout: Deadline, mergeStderr: true);
            string ta = Normalizer().Normalize(a.Stdout, cmd) + $"[exit {a.ExitCode}]";
            string tb = Normalizer().Normalize(b.Stdout, cmd) + $"[exit {b.ExitCode}]";
            if (ta != tb) report.Append(Diff("alone: " + cmd, ta, tb));
        }
        Assert.True(report.Length == 0, "vsh differs from virsh:\n" + report);
    }

    [Fact]
    public void JsonOutputIsValidJson()
    {
        string[] commands =
        [
            "list --all", "dominfo test", "domstate --reason test", "domid test", "domuuid test", "domname 1", "nodeinfo", "version",
            "uri", "hostname", "vcpuinfo test", "domblkstat test vda", "domifstat test testnet0", "domifaddr test", "net-list --all",
            "net-info default", "net-dhcp-leases default", "pool-list --all", "pool-info default-pool", "vol-list default-pool",
            "snapshot-list test",
        ];
        foreach (var c in commands)
        {
            var r = ProcessRunner.Run(VshPath(), ["--json", "-c", daemon.TestUri, c], environment: ProcessRunner.LibvirtClientEnvironment, timeout: Deadline);
            if (c == "net-dhcp-leases default")
            {
                // libvirtd's test driver has no leases call: an error, not JSON
                Assert.Equal(1, r.ExitCode);
                continue;
            }
            Assert.True(r.ExitCode == 0, r.ToString());
            using var doc = JsonDocument.Parse(r.Stdout);
            Assert.True(doc.RootElement.ValueKind is JsonValueKind.Object or JsonValueKind.Array, c);
        }
        var info = ProcessRunner.Run(VshPath(), ["--json", "-c", daemon.TestUri, "dominfo test"], environment: ProcessRunner.LibvirtClientEnvironment);
        using var d = JsonDocument.Parse(info.Stdout);
        Assert.Equal("test", d.RootElement.GetProperty("name").GetString());
        Assert.Equal(8388608, d.RootElement.GetProperty("max_memory_kib").GetInt64());
        Assert.True(d.RootElement.GetProperty("persistent").GetBoolean());
    }

    private OutputNormalizer Normalizer()
    {
        var fixtures = Directory.GetFiles(RepoPaths.CompatFixturesDir).Select(File.ReadAllText);
        var (uuids, macs) = OutputNormalizer.FindIdentifiers(fixtures);
        return new OutputNormalizer(OutputNormalizer.TestDriverDefaultUuids.Concat(uuids), OutputNormalizer.TestDriverDefaultMacs.Concat(macs))
            .Replace(daemon.SocketPath, "<SOCKET>")
            .Replace(daemon.WorkDir, "<WORK>")
            .Replace(daemon.TempDir, "<TMP>")
            .Replace(RepoPaths.CompatFixturesDir, "$FIX");
    }

    private static string Diff(string title, string expected, string actual)
    {
        var sb = new StringBuilder($"=== {title}\n");
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        for (int i = 0; i < Math.Max(e.Length, a.Length); i++)
        {
            string? x = i < e.Length ? e[i] : null, y = i < a.Length ? a[i] : null;
            if (x == y) continue;
            if (x is not null) sb.Append("- virsh: ").Append(x).Append('\n');
            if (y is not null) sb.Append("+ vsh:   ").Append(y).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>Splits a command line into words with the quoting the lists use (single and double quotes).</summary>
    private static List<string> Split(string line)
    {
        var words = new List<string>();
        var cur = new StringBuilder();
        char quote = '\0';
        bool any = false;
        foreach (char c in line)
        {
            if (quote != '\0')
            {
                if (c == quote) quote = '\0';
                else cur.Append(c);
                continue;
            }
            if (c is '\'' or '"')
            {
                quote = c;
                any = true;
                continue;
            }
            if (c == ' ')
            {
                if (cur.Length > 0 || any) words.Add(cur.ToString());
                cur.Clear();
                any = false;
                continue;
            }
            cur.Append(c);
        }
        if (cur.Length > 0 || any) words.Add(cur.ToString());
        return words;
    }
}
