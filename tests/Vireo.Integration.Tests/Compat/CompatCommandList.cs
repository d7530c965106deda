using Vireo.Integration.Tests.Infrastructure;

namespace Vireo.Integration.Tests.Compat;

/// <summary>
/// The virsh compatibility list (Compat/virsh-commands.txt) and how to run and normalise it against a
/// daemon, so that libvirtd's and vireod's transcripts can be compared.
/// </summary>
public static class CompatCommandList
{
    /// <summary>Deadline for one whole session.</summary>
    public static readonly TimeSpan SessionTimeout = TimeSpan.FromSeconds(120);

    /// <summary>Compat/virsh-commands.txt</summary>
    public static string CommandsPath => Path.Combine(RepoPaths.CompatDir, "virsh-commands.txt");

    /// <summary>Compat/expected-libvirtd.txt (reference, regenerated with VIREO_REGENERATE=1).</summary>
    public static string ExpectedLibvirtdPath => Path.Combine(RepoPaths.CompatDir, "expected-libvirtd.txt");

    /// <summary>Compat/virsh-divergences.txt: commands whose output vireod may change on purpose.</summary>
    public static string DivergencesPath => Path.Combine(RepoPaths.CompatDir, "virsh-divergences.txt");

    /// <summary>The commands, as written (with $FIX / $WORK).</summary>
    public static IReadOnlyList<string> Load() => VirshSession.LoadCommandList(CommandsPath);

    /// <summary>Commands (exact text) listed in virsh-divergences.txt ("command | reason" lines).</summary>
    public static IReadOnlySet<string> LoadDivergences() =>
        File.Exists(DivergencesPath)
            ? File.ReadAllLines(DivergencesPath)
                .Select(l => l.Trim())
                .Where(l => l.Length > 0 && !l.StartsWith('#'))
                .Select(l => l.Split('|', 2)[0].Trim())
                .ToHashSet()
            : new HashSet<string>();

    /// <summary>
    /// Runs the list in one session against <paramref name="uri"/>; <paramref name="workDir"/> is a directory
    /// the daemon can write ($WORK). Returns the raw transcript.
    /// </summary>
    public static VirshTranscript Run(string uri, string workDir, IReadOnlyList<string>? commands = null) =>
        VirshSession.Run(
            uri,
            commands ?? Load(),
            new Dictionary<string, string> { ["FIX"] = RepoPaths.CompatFixturesDir, ["WORK"] = workDir },
            SessionTimeout);

    /// <summary>
    /// A normaliser for one daemon's transcript: its socket path, work dir and temp dir become
    /// &lt;SOCKET&gt;, &lt;WORK&gt;, &lt;TMP&gt;; the fixtures dir becomes $FIX; UUIDs/MACs written in the
    /// fixtures or the command list and those of test:///default stay as they are.
    /// </summary>
    public static OutputNormalizer CreateNormalizer(string socketPath, string workDir, string tempDir)
    {
        var texts = Directory.GetFiles(RepoPaths.CompatFixturesDir).Select(File.ReadAllText).Append(File.ReadAllText(CommandsPath));
        var (uuids, macs) = OutputNormalizer.FindIdentifiers(texts);
        return new OutputNormalizer(
                uuids.Concat(OutputNormalizer.TestDriverDefaultUuids),
                macs.Concat(OutputNormalizer.TestDriverDefaultMacs))
            .Replace(socketPath, "<SOCKET>")
            .Replace(workDir, "<WORK>")
            .Replace(tempDir, "<TMP>")
            .Replace(RepoPaths.CompatFixturesDir, "$FIX");
    }

    /// <summary>Normalises every command's output of <paramref name="transcript"/>.</summary>
    public static IReadOnlyList<VirshCommandOutput> Normalize(VirshTranscript transcript, OutputNormalizer normalizer) =>
        transcript.Commands.Select(c => c.Output == VirshSession.NotReached ? c : c with { Output = normalizer.Normalize(c.Output, c.Command) }).ToList();

    /// <summary>
    /// Exit status of a command inside a session, as virsh would report it had it been the last command:
    /// virsh prints "error: ..." exactly when a command fails (cross-checked against running each prefix of
    /// the list as its own session, where virsh's exit status is the last command's).
    /// </summary>
    public static int InferredStatus(VirshCommandOutput output) =>
        output.Output.Split('\n').Any(l => l.StartsWith("error: ", StringComparison.Ordinal)) ? 1 : 0;
}
