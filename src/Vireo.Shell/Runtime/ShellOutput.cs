using System.Text;

namespace Vireo.Shell.Runtime;

/// <summary>
/// Where vsh writes: stdout for results, stderr for "error: ..." lines. Like virsh, stdout is flushed before anything
/// goes to stderr, so <c>vsh ... 2&gt;&amp;1</c> interleaves exactly as virsh does.
/// </summary>
public sealed class ShellOutput(TextWriter stdout, TextWriter stderr)
{
    /// <summary>Standard output and error of the process (UTF-8 without BOM, '\n' line ends).</summary>
    public static ShellOutput ForConsole()
    {
        var utf8 = new UTF8Encoding(false);
        var o = new StreamWriter(Console.OpenStandardOutput(), utf8, 1 << 16) { AutoFlush = false, NewLine = "\n" };
        var e = new StreamWriter(Console.OpenStandardError(), utf8, 1 << 12) { AutoFlush = false, NewLine = "\n" };
        return new ShellOutput(o, e);
    }

    public TextWriter Out { get; } = stdout;

    public TextWriter Err { get; } = stderr;

    /// <summary>Quiet mode (-q): <see cref="PrintExtra"/> prints nothing.</summary>
    public bool Quiet { get; set; }

    /// <summary>vshPrint.</summary>
    public void Print(string text) => Out.Write(text);

    /// <summary>vshPrintExtra: informational output suppressed by -q.</summary>
    public void PrintExtra(string text)
    {
        if (!Quiet) Out.Write(text);
    }

    /// <summary>-l FILE: where errors (and, with -d, debug lines) are logged as "[date time vsh pid] LEVEL message".</summary>
    public TextWriter? Log { get; set; }

    /// <summary>vsh's program name in log lines.</summary>
    public string ProgramName { get; set; } = "vsh";

    /// <summary>vshOutputLogFile.</summary>
    public void WriteLog(string level, string message)
    {
        if (Log is null) return;
        string now = DateTime.Now.ToString("yyyy.MM.dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
        Log.Write($"[{now} {ProgramName} {Environment.ProcessId}] {level} {message.TrimEnd('\n')}\n");
        Log.Flush();
    }

    /// <summary>vshError: "error: MESSAGE" on stderr, after flushing stdout.</summary>
    public void Error(string message)
    {
        WriteLog("ERROR", message);
        Out.Flush();
        Err.Write("error: " + message + "\n");
        Err.Flush();
    }

    /// <summary>Writes raw text to stderr (job progress), after flushing stdout.</summary>
    public void Stderr(string text)
    {
        Out.Flush();
        Err.Write(text);
        Err.Flush();
    }

    public void Flush()
    {
        Out.Flush();
        Err.Flush();
    }
}
