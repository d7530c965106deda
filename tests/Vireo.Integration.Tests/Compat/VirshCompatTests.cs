using System.Text;
using Vireo.Integration.Tests.Fixtures;
using Vireo.Integration.Tests.Infrastructure;

namespace Vireo.Integration.Tests.Compat;

/// <summary>
/// Runs Compat/virsh-commands.txt with the real virsh in one session against a real libvirtd and against
/// vireod (test driver, test+unix:///default) and requires the normalised outputs to be equal.
/// </summary>
[Trait("Category", "Integration")]
public sealed class VirshCompatTests : IClassFixture<LibvirtdFixture>
{
    private readonly LibvirtdFixture _libvirtd;

    public VirshCompatTests(LibvirtdFixture libvirtd) => _libvirtd = libvirtd;

    /// <summary>Where the normalised transcripts of the last run are written, for inspection.</summary>
    public static string ArtifactsDir => Path.Combine(RepoPaths.Root, "out", "test-artifacts", "virsh-compat");

    [Fact]
    public void VirshCommandListBehavesLikeLibvirtd()
    {
        var commands = CompatCommandList.Load();

        // vireod first: without a build this fails at once with "vireod not built at out/bin/vireod"
        using var vireod = new VireodFixture();
        var ours = CompatCommandList.Run(vireod.TestUri, vireod.WorkDir, commands);
        var oursNormalized = CompatCommandList.Normalize(ours, CompatCommandList.CreateNormalizer(vireod.SocketPath, vireod.WorkDir, vireod.Root));

        _libvirtd.WaitForFreshTestDefault();
        var reference = CompatCommandList.Run(_libvirtd.TestUri, _libvirtd.WorkDir, commands);
        Assert.True(reference.Completed, "the reference session against libvirtd did not complete:\n" + reference.Process + "\n" + _libvirtd.Describe());
        var referenceNormalized = CompatCommandList.Normalize(reference, CompatCommandList.CreateNormalizer(_libvirtd.SocketPath, _libvirtd.WorkDir, _libvirtd.TempDir));

        Directory.CreateDirectory(ArtifactsDir);
        File.WriteAllText(Path.Combine(ArtifactsDir, "libvirtd.txt"), VirshSession.Format(referenceNormalized));
        File.WriteAllText(Path.Combine(ArtifactsDir, "vireod.txt"), VirshSession.Format(oursNormalized));

        var divergences = CompatCommandList.LoadDivergences();
        var failures = new StringBuilder();
        var notes = new StringBuilder();
        var failed = 0;
        var notReached = 0;
        for (var i = 0; i < commands.Count; i++)
        {
            var expected = referenceNormalized[i];
            var actual = oursNormalized[i];
            if (expected.Output == actual.Output)
            {
                continue;
            }

            if (actual.Output == VirshSession.NotReached)
            {
                failed++;
                notReached++;
                continue;
            }

            var diff = $"### {expected.Index} virsh {expected.Command}\n" +
                       TextDiff.Unified(expected.Output, actual.Output, "libvirtd", "vireod");
            if (divergences.Contains(expected.Command))
            {
                notes.Append(diff);
                continue;
            }

            failed++;
            if (failures.Length < 60000)
            {
                failures.Append(diff);
            }
        }

        if (failed == 0 && ours.Completed)
        {
            return;
        }

        var message = new StringBuilder();
        message.Append($"{failed} of {commands.Count} virsh commands print something else with vireod than with libvirtd");
        message.Append($"\nfull normalised transcripts: {ArtifactsDir}/{{libvirtd,vireod}}.txt; command list: {CompatCommandList.CommandsPath}\n");
        if (!ours.Completed)
        {
            message.Append($"the virsh session against vireod stopped early: {notReached} commands never ran; virsh said:\n");
            var said = ours.Process.Stdout.Length > 3000 ? "...\n" + ours.Process.Stdout[^3000..] : ours.Process.Stdout;
            message.Append(string.Join('\n', said.TrimEnd('\n').Split('\n').Select(l => "    " + l))).Append('\n');
            message.Append($"  (virsh exit status {ours.Process.ExitCode}{(ours.Process.TimedOut ? ", killed at the deadline" : "")})\n");
        }

        message.Append('\n');
        message.Append(failures);
        if (failures.Length >= 60000)
        {
            message.Append("\n... (more differences cut)\n");
        }

        if (notes.Length > 0)
        {
            message.Append("\n--- differences allowed by virsh-divergences.txt (information only):\n").Append(notes);
        }

        message.Append("\n--- vireod:\n").Append(vireod.Describe());
        Assert.Fail(message.ToString());
    }
}
