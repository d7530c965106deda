using System.Text;
using System.Text.RegularExpressions;

namespace Vireo.Integration.Tests.Install;

/// <summary>
/// A guest's serial log file followed across restarts: QEMU truncates the file when the domain starts again (the
/// install boot, then the installed system), so what was read before a truncation is kept in the transcript.
/// </summary>
internal sealed class SerialTranscript(string path)
{
    private readonly StringBuilder _before = new();
    private string _current = "";

    /// <summary>Everything seen so far.</summary>
    public string Text => _before + _current;

    /// <summary>
    /// Polls the file until <paramref name="pattern"/> matches a line of the current boot, or fails with the transcript
    /// and <paramref name="describe"/>'s text: at the deadline, or at once when <paramref name="failed"/> says so.
    /// </summary>
    public Match WaitFor(string pattern, TimeSpan limit, Func<string> describe, Func<bool>? failed = null)
    {
        var until = DateTime.UtcNow + limit;
        while (true)
        {
            Read();
            var m = Regex.Match(_current, pattern, RegexOptions.Multiline);
            if (m.Success)
                return m;
            if (failed?.Invoke() == true)
                throw new InvalidOperationException($"'{pattern}' not on the serial console; transcript tail:\n" + Tail(Text) + "\n" + describe());
            if (DateTime.UtcNow > until)
                throw new TimeoutException($"'{pattern}' not on the serial console within {limit.TotalSeconds} s; transcript tail:\n"
                                           + Tail(Text) + "\n" + describe());
            Thread.Sleep(100); // poll interval until the deadline above (short: the installer's lines vanish at the restart)
        }
    }

    private void Read()
    {
        if (!File.Exists(path))
            return;
        string now;
        using (var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            now = new StreamReader(fs).ReadToEnd();
        if (!now.StartsWith(_current, StringComparison.Ordinal))
            _before.Append(_current).Append("\n--- (serial log restarted) ---\n");
        _current = now;
    }

    private static string Tail(string s) => s.Length > 4000 ? s[^4000..] : s;
}
