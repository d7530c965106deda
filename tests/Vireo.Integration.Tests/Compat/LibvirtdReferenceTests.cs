using System.Text;
using Vireo.Integration.Tests.Fixtures;

namespace Vireo.Integration.Tests.Compat;

/// <summary>
/// Checks the compatibility harness itself against the real libvirtd: the command list runs to its end,
/// and two runs normalise to the same text (so any difference VirshCompatTests reports is real).
/// With VIREO_REGENERATE=1 it rewrites Compat/expected-libvirtd.txt, the reference for daemon authors.
/// </summary>
[Trait("Category", "Integration")]
public sealed class LibvirtdReferenceTests : IClassFixture<LibvirtdFixture>
{
    private readonly LibvirtdFixture _libvirtd;

    public LibvirtdReferenceTests(LibvirtdFixture libvirtd) => _libvirtd = libvirtd;

    [Fact]
    public void CommandListRunsAgainstLibvirtdAndNormalisesStably()
    {
        var commands = CompatCommandList.Load();
        var first = Run(commands);
        var second = Run(commands);   // a new connection: libvirtd's test:///default was reset in between

        var a = VirshSession.Format(first);
        var b = VirshSession.Format(second);
        Assert.True(a == b, "two libvirtd runs of the command list differ after normalisation (the normaliser misses something):\n" +
                            Infrastructure.TextDiff.Unified(a, b, "run 1", "run 2"));

        // a few anchors, so a broken harness (no connection, markers lost) cannot pass silently
        Assert.Contains("Name:           test", Output(first, "dominfo test"));
        Assert.Contains("error: failed to get domain 'nosuch'", Output(first, "dominfo nosuch"));
        Assert.Contains("test+unix:///default?socket=<SOCKET>", Output(first, "uri"));
        Assert.Equal("<HOSTNAME>\n\n", Output(first, "hostname"));

        if (Environment.GetEnvironmentVariable("VIREO_REGENERATE") == "1")
        {
            File.WriteAllText(CompatCommandList.ExpectedLibvirtdPath, RenderReference(first));
        }
    }

    private IReadOnlyList<VirshCommandOutput> Run(IReadOnlyList<string> commands)
    {
        _libvirtd.WaitForFreshTestDefault();
        var transcript = CompatCommandList.Run(_libvirtd.TestUri, _libvirtd.WorkDir, commands);
        Assert.True(transcript.Completed, "virsh session against libvirtd did not complete:\n" + transcript.Process + "\n" + _libvirtd.Describe());
        Assert.DoesNotContain(transcript.Commands, c => c.Output.Contains(VirshSession.NotReached, StringComparison.Ordinal));
        return CompatCommandList.Normalize(transcript, CompatCommandList.CreateNormalizer(_libvirtd.SocketPath, _libvirtd.WorkDir, _libvirtd.TempDir));
    }

    private static string Output(IReadOnlyList<VirshCommandOutput> outputs, string command) =>
        outputs.First(o => o.Command == command).Output;

    private static string RenderReference(IReadOnlyList<VirshCommandOutput> outputs)
    {
        var virsh = Infrastructure.ProcessRunner.Run(Infrastructure.ProcessRunner.VirshPath, new[] { "--version" }).Stdout.Trim();
        var libvirtd = Infrastructure.ProcessRunner.Run(LibvirtdFixture.LibvirtdPath, new[] { "--version" }).Stdout.Trim().Replace("/usr/sbin/", "", StringComparison.Ordinal);
        var sb = new StringBuilder();
        sb.Append($"# What {libvirtd} (test driver, test+unix:///default) prints for Compat/virsh-commands.txt,\n");
        sb.Append($"# all commands in ONE virsh {virsh} session, stdout and stderr interleaved. REFERENCE ONLY, not asserted:\n");
        sb.Append("# VirshCompatTests compares vireod with a live libvirtd. Regenerate:\n");
        sb.Append("#   VIREO_REGENERATE=1 dotnet test tests/Vireo.Integration.Tests --filter LibvirtdReferenceTests\n");
        sb.Append("# Normalised as in the comparison: <SOCKET> <WORK> <TMP> = the daemon's socket / scratch dir / temp dir,\n");
        sb.Append("# $FIX = Compat/fixtures, <ID> domain ids, <UUID-n>/<MAC-n> generated ids, <CPUTIME>, <VERSION>, <N> counters.\n");
        sb.Append("# [exit N] = virsh's exit status had the command been the last one (1 exactly when it printed 'error:').\n");
        sb.Append(VirshSession.Format(outputs, o => $"   [exit {CompatCommandList.InferredStatus(o)}]"));
        return sb.ToString();
    }
}
