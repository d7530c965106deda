using System.Text;

namespace Vireo.Integration.Tests.Infrastructure;

/// <summary>What a finished (or killed) child process left behind.</summary>
public sealed record ProcessResult(
    string FileName,
    IReadOnlyList<string> Arguments,
    int ExitCode,
    string Stdout,
    string Stderr,
    bool TimedOut,
    TimeSpan Elapsed)
{
    /// <summary>The command line, shell-quoted, for messages.</summary>
    public string CommandLine => string.Join(' ', new[] { FileName }.Concat(Arguments).Select(ShellQuote));

    /// <summary>True when the process exited by itself with status 0.</summary>
    public bool Succeeded => !TimedOut && ExitCode == 0;

    /// <summary>Throws (with command line, status and both outputs) unless the process exited with 0.</summary>
    public ProcessResult EnsureSuccess()
    {
        if (!Succeeded)
        {
            throw new InvalidOperationException("command failed: " + this);
        }

        return this;
    }

    public override string ToString()
    {
        var sb = new StringBuilder();
        var cmd = CommandLine;
        sb.Append(cmd.Length > 400 ? cmd[..400] + $"... ({cmd.Length} characters)" : cmd).Append('\n');
        sb.Append(TimedOut ? $"  KILLED after {Elapsed.TotalSeconds:0.0}s (deadline)" : $"  exit status {ExitCode} after {Elapsed.TotalSeconds:0.000}s").Append('\n');
        Append(sb, "stdout", Stdout);
        Append(sb, "stderr", Stderr);
        return sb.ToString();
    }

    /// <summary>Quotes an argument the way a POSIX shell would need it.</summary>
    public static string ShellQuote(string s) =>
        s.Length > 0 && s.All(c => char.IsAsciiLetterOrDigit(c) || "-_./:=@,+%".Contains(c)) ? s : "'" + s.Replace("'", "'\\''") + "'";

    private static void Append(StringBuilder sb, string name, string text)
    {
        const int Max = 8000;
        if (text.Length == 0)
        {
            sb.Append("  ").Append(name).Append(": (empty)\n");
            return;
        }

        var shown = text.Length > Max ? "...\n" + text[^Max..] : text;
        sb.Append("  ").Append(name).Append(":\n");
        foreach (var line in shown.TrimEnd('\n').Split('\n'))
        {
            sb.Append("    ").Append(line).Append('\n');
        }
    }
}
