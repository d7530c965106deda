using System.Text;
using System.Text.RegularExpressions;
using Vireo.Integration.Tests.Infrastructure;

namespace Vireo.Integration.Tests.Compat;

/// <summary>The output of one command of a virsh session (stdout and stderr interleaved).</summary>
public sealed record VirshCommandOutput(int Index, string Command, string Output);

/// <summary>A whole virsh session: each command's output, and the process result.</summary>
public sealed record VirshTranscript(IReadOnlyList<VirshCommandOutput> Commands, bool Completed, ProcessResult Process);

/// <summary>
/// Runs a list of virsh commands in ONE virsh process (<c>virsh -c URI 'cmd1; cmd2; ...'</c>), so state
/// carries over between them, and splits the output back per command using <c>echo</c> markers.
/// </summary>
public static partial class VirshSession
{
    /// <summary>The output recorded for a command virsh never reached (it stopped or died earlier).</summary>
    public const string NotReached = "<<no output: virsh never reached this command>>\n";

    private const string MarkerPrefix = "@@vireo-cmd ";
    private const string EndMarker = "@@vireo-end@@";

    /// <summary>Reads a command list: one virsh command per line; blank lines and '#' lines are skipped.</summary>
    public static IReadOnlyList<string> LoadCommandList(string path) =>
        File.ReadAllLines(path)
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .ToList();

    /// <summary>Substitutes <c>$NAME</c> variables (e.g. $FIX, $WORK) in a command line, quoting values virsh would split.</summary>
    public static string Expand(string command, IReadOnlyDictionary<string, string> variables) =>
        VariableRegex().Replace(command, m =>
            variables.TryGetValue(m.Groups[1].Value, out var v)
                ? (v.Any(c => char.IsWhiteSpace(c) || c is '\'' or '"' or ';' or '\\') ? "'" + v.Replace("'", "'\\''") + "'" : v)
                : throw new ArgumentException($"command '{command}' uses ${m.Groups[1].Value}, which is not defined"));

    /// <summary>The single virsh argument that runs <paramref name="commands"/> (already expanded) with markers.</summary>
    public static string BuildScript(IReadOnlyList<string> commands)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < commands.Count; i++)
        {
            sb.Append($"echo '{MarkerPrefix}{i + 1}'; ").Append(commands[i]).Append("; ");
        }

        sb.Append($"echo '{EndMarker}'");
        return sb.ToString();
    }

    /// <summary>
    /// Runs <paramref name="commands"/> (with $variables) against <paramref name="uri"/> in one virsh session,
    /// bounded by <paramref name="timeout"/>. Commands are reported as written (unexpanded).
    /// </summary>
    public static VirshTranscript Run(string uri, IReadOnlyList<string> commands, IReadOnlyDictionary<string, string> variables, TimeSpan timeout)
    {
        var script = BuildScript(commands.Select(c => Expand(c, variables)).ToList());
        var result = ProcessRunner.Virsh(uri, new[] { script }, timeout, mergeStderr: true);
        return Split(commands, result);
    }

    /// <summary>Splits the merged output of a marked session back into per-command outputs.</summary>
    public static VirshTranscript Split(IReadOnlyList<string> commands, ProcessResult result)
    {
        var outputs = new StringBuilder?[commands.Count];
        var completed = false;
        StringBuilder? current = null;
        var preamble = new StringBuilder();
        foreach (var line in result.Stdout.Split('\n'))
        {
            if (line.StartsWith(MarkerPrefix, StringComparison.Ordinal) && int.TryParse(line.AsSpan(MarkerPrefix.Length), out var n) && n >= 1 && n <= commands.Count)
            {
                current = outputs[n - 1] = new StringBuilder();
                continue;
            }

            if (line == EndMarker)
            {
                completed = true;
                current = null;
                continue;
            }

            (current ?? preamble).Append(line).Append('\n');
        }

        var list = new List<VirshCommandOutput>();
        for (var i = 0; i < commands.Count; i++)
        {
            var text = outputs[i]?.ToString() ?? NotReached;
            if (i == 0 && preamble.ToString().Trim().Length > 0)
            {
                text = preamble + text;   // e.g. a connection error printed before the first marker
            }

            list.Add(new VirshCommandOutput(i + 1, commands[i], text));
        }

        return new VirshTranscript(list, completed, result);
    }

    /// <summary>Renders a transcript as text: a <c>### N command</c> header before each command's output.</summary>
    public static string Format(IEnumerable<VirshCommandOutput> outputs, Func<VirshCommandOutput, string>? headerSuffix = null)
    {
        var sb = new StringBuilder();
        foreach (var o in outputs)
        {
            sb.Append("### ").Append(o.Index).Append(' ').Append(o.Command);
            if (headerSuffix != null)
            {
                sb.Append(headerSuffix(o));
            }

            sb.Append('\n').Append(o.Output);
        }

        return sb.ToString();
    }

    [GeneratedRegex(@"\$([A-Z][A-Z0-9_]*)")]
    private static partial Regex VariableRegex();
}
