using System.Text;

namespace Vireo.Shell.Runtime;

/// <summary>
/// The interactive shell's line input (virsh uses readline): on a terminal a small line editor with history
/// (arrows, Home/End, Ctrl-A/E/K/U/W, Ctrl-D, Ctrl-C, Tab completion of command names); otherwise lines from stdin
/// echoed after the prompt, as readline does when stdin is not a terminal.
/// </summary>
public sealed class LineReader(ShellHistory history, TextWriter output, Func<string, IEnumerable<string>>? complete = null)
{
    private readonly TextReader _stdin = Console.In;

    /// <summary>Reads one line after printing <paramref name="prompt"/>; null at end of input.</summary>
    public string? ReadLine(string prompt)
    {
        output.Write(prompt);
        output.Flush();
        if (Console.IsInputRedirected)
        {
            var line = _stdin.ReadLine();
            if (line is not null)
            {
                output.Write(line + "\n");
                output.Flush();
            }
            return line;
        }
        return Edit(prompt);
    }

    private string? Edit(string prompt)
    {
        var buf = new StringBuilder();
        int pos = 0, hist = history.Count;
        string saved = "";
        bool oldCtrlC = Console.TreatControlCAsInput;
        Console.TreatControlCAsInput = true;
        try
        {
            while (true)
            {
                var key = Console.ReadKey(intercept: true);
                bool ctrl = (key.Modifiers & ConsoleModifiers.Control) != 0;
                switch (key.Key)
                {
                    case ConsoleKey.Enter:
                        output.Write("\n");
                        output.Flush();
                        return buf.ToString();
                    case ConsoleKey.Backspace:
                        if (pos > 0) { buf.Remove(--pos, 1); Redraw(prompt, buf, pos); }
                        continue;
                    case ConsoleKey.Delete:
                        if (pos < buf.Length) { buf.Remove(pos, 1); Redraw(prompt, buf, pos); }
                        continue;
                    case ConsoleKey.LeftArrow:
                        if (pos > 0) { pos--; Redraw(prompt, buf, pos); }
                        continue;
                    case ConsoleKey.RightArrow:
                        if (pos < buf.Length) { pos++; Redraw(prompt, buf, pos); }
                        continue;
                    case ConsoleKey.Home:
                        pos = 0;
                        Redraw(prompt, buf, pos);
                        continue;
                    case ConsoleKey.End:
                        pos = buf.Length;
                        Redraw(prompt, buf, pos);
                        continue;
                    case ConsoleKey.UpArrow or ConsoleKey.DownArrow:
                        if (hist == history.Count) saved = buf.ToString();
                        hist = key.Key == ConsoleKey.UpArrow ? Math.Max(0, hist - 1) : Math.Min(history.Count, hist + 1);
                        buf.Clear().Append(hist == history.Count ? saved : history[hist]);
                        pos = buf.Length;
                        Redraw(prompt, buf, pos);
                        continue;
                    case ConsoleKey.Tab:
                        Complete(prompt, buf, ref pos);
                        continue;
                }
                if (ctrl)
                {
                    switch (key.Key)
                    {
                        case ConsoleKey.A: pos = 0; break;
                        case ConsoleKey.E: pos = buf.Length; break;
                        case ConsoleKey.K: buf.Length = pos; break;
                        case ConsoleKey.U: buf.Remove(0, pos); pos = 0; break;
                        case ConsoleKey.W:
                            int start = pos;
                            while (start > 0 && buf[start - 1] == ' ') start--;
                            while (start > 0 && buf[start - 1] != ' ') start--;
                            buf.Remove(start, pos - start);
                            pos = start;
                            break;
                        case ConsoleKey.D:
                            if (buf.Length == 0) return null;
                            if (pos < buf.Length) buf.Remove(pos, 1);
                            break;
                        case ConsoleKey.C:
                            output.Write("^C\n");
                            buf.Clear();
                            pos = 0;
                            output.Write(prompt);
                            output.Flush();
                            continue;
                        case ConsoleKey.L:
                            output.Write("\x1b[H\x1b[2J");
                            break;
                        default:
                            continue;
                    }
                    Redraw(prompt, buf, pos);
                    continue;
                }
                if (key.KeyChar >= ' ')
                {
                    buf.Insert(pos++, key.KeyChar);
                    Redraw(prompt, buf, pos);
                }
            }
        }
        finally
        {
            Console.TreatControlCAsInput = oldCtrlC;
        }
    }

    private void Complete(string prompt, StringBuilder buf, ref int pos)
    {
        if (complete is null) return;
        string text = buf.ToString(0, pos);
        if (text.Contains(' ')) return;
        var matches = complete(text).ToList();
        if (matches.Count == 0) return;
        string common = matches.Aggregate((a, b) =>
        {
            int n = 0;
            while (n < a.Length && n < b.Length && a[n] == b[n]) n++;
            return a[..n];
        });
        if (matches.Count == 1) common += " ";
        if (common.Length > text.Length)
        {
            buf.Remove(0, pos).Insert(0, common);
            pos = common.Length;
            Redraw(prompt, buf, pos);
        }
        else if (matches.Count > 1)
        {
            output.Write("\n" + string.Join("  ", matches) + "\n");
            Redraw(prompt, buf, pos);
        }
    }

    private void Redraw(string prompt, StringBuilder buf, int pos)
    {
        output.Write("\r" + prompt + buf + "\x1b[K");
        int back = buf.Length - pos;
        if (back > 0) output.Write($"\x1b[{back}D");
        output.Flush();
    }
}

/// <summary>Command history: in memory, loaded from and saved to a file (~/.vsh_history), at most 500 entries.</summary>
public sealed class ShellHistory(string? file)
{
    public const int MaxEntries = 500;

    private readonly List<string> _lines = [];

    public int Count => _lines.Count;

    public string this[int i] => _lines[i];

    /// <summary>The default history file: $HOME/.vsh_history.</summary>
    public static string? DefaultFile() =>
        Environment.GetEnvironmentVariable("HOME") is { Length: > 0 } home ? Path.Combine(home, ".vsh_history") : null;

    public void Load()
    {
        if (file is null || !File.Exists(file)) return;
        try
        {
            foreach (var l in File.ReadAllLines(file))
                if (l.Length > 0) Add(l);
        }
        catch (IOException)
        {
            // an unreadable history is not worth failing the shell for
        }
    }

    public void Add(string line)
    {
        if (_lines.Count > 0 && _lines[^1] == line) return;
        _lines.Add(line);
        if (_lines.Count > MaxEntries) _lines.RemoveAt(0);
    }

    public void Save()
    {
        if (file is null) return;
        try
        {
            File.WriteAllLines(file, _lines);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // history is a convenience
        }
    }

    public IReadOnlyList<string> Lines => _lines;
}
